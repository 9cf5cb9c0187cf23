// Decode an HTML body to text. Older Persian sites still serve windows-1256 (or declare it only in a
// <meta> tag), so the charset is taken from the header, then the document, then sniffed.
import iconv from 'iconv-lite';

export interface DecodedBody {
  text: string;
  charset: string;
  /** Where the charset came from: header, bom, meta, sniff or default. */
  source: 'header' | 'bom' | 'meta' | 'sniff' | 'default';
}

const ALIASES: Record<string, string> = {
  arabic: 'windows-1256',
  cp1256: 'windows-1256',
  'x-cp1256': 'windows-1256',
  'iso-8859-6': 'iso-8859-6',
  utf8: 'utf-8',
  unicode: 'utf-8',
};

function usable(name: string | undefined | null): string | null {
  if (!name) return null;
  const n = name
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  const mapped = ALIASES[n] ?? n;
  return iconv.encodingExists(mapped) ? mapped : null;
}

export function charsetFromContentType(ct: string | null | undefined): string | null {
  if (!ct) return null;
  const m = /charset\s*=\s*["']?([\w.:-]+)/i.exec(ct);
  return usable(m?.[1]);
}

/** <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x"> in the first 4 KB. */
export function charsetFromMeta(head: Buffer): string | null {
  const ascii = head.subarray(0, 4096).toString('latin1');
  const m1 = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(ascii);
  return usable(m1?.[1]);
}

/** Valid UTF-8 with multi-byte sequences is UTF-8; bytes in 0xC0-0xFF that fail as UTF-8 are most likely windows-1256 here. */
function sniff(body: Buffer): string {
  const sample = body.subarray(0, 64 * 1024);
  let high = 0;
  for (const b of sample) if (b >= 0x80) high++;
  if (high === 0) return 'utf-8';
  return isValidUtf8(body) ? 'utf-8' : 'windows-1256';
}

function isValidUtf8(body: Buffer): boolean {
  const sample = body.subarray(0, 64 * 1024);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(
      sample.length < body.length ? trimPartial(sample) : sample,
    );
    return true;
  } catch {
    return false;
  }
}

/** Drop a multi-byte sequence cut at the end of a sample so it does not fail the UTF-8 check. */
function trimPartial(b: Buffer): Buffer {
  const end = b.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const byte = b[end - i];
    if ((byte & 0xc0) === 0xc0) return b.subarray(0, end - i);
    if ((byte & 0x80) === 0) break;
  }
  return b;
}

export function decodeHtml(body: Buffer, contentType?: string | null): DecodedBody {
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf)
    return { text: body.subarray(3).toString('utf8'), charset: 'utf-8', source: 'bom' };
  const fromHeader = charsetFromContentType(contentType);
  // Old servers often send "charset=utf-8" for every file, windows-1256 pages included: a header that
  // the bytes contradict is not believed, and the document or the bytes decide instead.
  if (fromHeader && !(fromHeader === 'utf-8' && !isValidUtf8(body)))
    return { text: iconv.decode(body, fromHeader), charset: fromHeader, source: 'header' };
  const fromMeta = charsetFromMeta(body);
  if (fromMeta) return { text: iconv.decode(body, fromMeta), charset: fromMeta, source: 'meta' };
  const sniffed = sniff(body);
  return { text: iconv.decode(body, sniffed), charset: sniffed, source: 'sniff' };
}
