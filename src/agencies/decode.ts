// Turns the bytes of an agency-list file into text without silently mis-reading legacy encodings.
import iconv from 'iconv-lite';

export type ListEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1256';

export interface DecodedText {
  text: string;
  encoding: ListEncoding;
  /** Set when the file had to be decoded by guessing; the list must then be rejected. */
  problem?: string;
}

/** Files without a BOM whose every other byte is zero are UTF-16 (some spreadsheet "Unicode text" exports). */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length - (bytes.length % 2), 512);
  if (n < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero / pairs > 0.4 && evenZero === 0) return 'utf-16le';
  if (evenZero / pairs > 0.4 && oddZero === 0) return 'utf-16be';
  return undefined;
}

// Arabic-script letters and digits, ZWNJ and the Persian punctuation Windows-1256 can encode.
const ARABIC_SCRIPT = /[\u0600-\u06FF\u00AB\u00BB]|\u200C|\u200D/g;

export function decodeListBytes(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return decodeUtf8(bytes.subarray(3), 'utf-8-bom');
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  const utf16 = sniffUtf16(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 };
  return decodeUtf8(bytes, 'utf-8');
}

function decodeUtf8(bytes: Uint8Array, encoding: 'utf-8' | 'utf-8-bom'): DecodedText {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // NUL never occurs in a text list; mostly-Persian UTF-16 without a BOM can pass as UTF-8 and lands here.
    if (text.includes('\u0000')) {
      return {
        text,
        encoding,
        problem: 'file contains NUL bytes (UTF-16 without a byte-order mark?); save it as UTF-8',
      };
    }
    return { text, encoding };
  } catch {
    // Old Persian Excel saves CSV as Windows-1256. Decode it that way so the other problems can still be
    // listed, but refuse the list: a guessed encoding must never flow into a run.
    const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'windows-1256');
    // In a real Windows-1256 file nearly every non-ASCII byte is a Persian letter.
    let nonAscii = 0;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) nonAscii++;
    const arabic = (text.match(ARABIC_SCRIPT) ?? []).length;
    const looks1256 = nonAscii > 0 && arabic / nonAscii >= 0.8;
    return {
      text,
      encoding: 'windows-1256',
      problem: looks1256
        ? 'file is not UTF-8 (looks like Windows-1256); save it as UTF-8'
        : 'file is not UTF-8; save it as UTF-8',
    };
  }
}
