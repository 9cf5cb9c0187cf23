// URL normalisation for agency lists: what people type in a spreadsheet cell becomes one absolute URL.
import { toAsciiDigits } from '../text/normalize.ts';

export type UrlResult = { ok: true; url: string; host: string } | { ok: false; message: string };

// Invisible direction marks and zero-width characters are common when a URL is copied from a Persian document.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * Normalise one portal or service URL: add https:// when the scheme is missing, lower-case the host,
 * convert IDN hosts to punycode, keep port and path. Rejects other schemes, credentials, spaces in
 * the host and URLs without a host.
 */
export function normalizeUrl(raw: string): UrlResult {
  let s = raw.normalize('NFC').replace(INVISIBLE, '').trim();
  if (!s) return { ok: false, message: 'URL is empty' };
  if (s.startsWith('//')) s = 'https:' + s;

  const m = SCHEME.exec(s);
  const rest = m ? s.slice(m[0].length) : '';
  // "example.ir:8080/x" and "localhost:8080" look like a scheme but are a host and a port.
  const looksLikePort = m !== null && /^\d+(?:[/?#]|$)/.test(rest);
  if (m && !looksLikePort) {
    const scheme = m[1].toLowerCase();
    if (scheme !== 'http' && scheme !== 'https') {
      return { ok: false, message: `scheme "${m[1]}:" is not allowed; use http:// or https://` };
    }
    if (!rest.startsWith('//')) return { ok: false, message: `expected "${scheme}://" followed by a host` };
  } else {
    s = 'https://' + s;
  }

  const afterScheme = s.indexOf('//') + 2;
  const authorityEnd = s.slice(afterScheme).search(/[/?#\\]/);
  const authority =
    authorityEnd < 0 ? s.slice(afterScheme) : s.slice(afterScheme, afterScheme + authorityEnd);
  if (!authority) return { ok: false, message: 'URL has no host' };
  if (authority.includes('@'))
    return { ok: false, message: 'URL contains credentials (user:password@); remove them' };
  if (/\s/.test(authority)) return { ok: false, message: `host "${authority}" contains spaces` };
  s = s.slice(0, afterScheme) + toAsciiDigits(authority) + s.slice(afterScheme + authority.length);

  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return { ok: false, message: `"${raw.trim()}" is not a valid URL (check the host name)` };
  }
  if (!u.hostname) return { ok: false, message: 'URL has no host' };
  if (u.username || u.password)
    return { ok: false, message: 'URL contains credentials (user:password@); remove them' };
  return { ok: true, url: u.href, host: u.host };
}
