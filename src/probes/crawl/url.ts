// URL hygiene for the crawl: one canonical spelling per page, so a site cannot trap the crawler
// with fragments, session ids or reordered query strings.

/** Query parameters that only carry a session or tracking id and never change the page. */
const SESSION_PARAMS = new Set([
  'phpsessid',
  'jsessionid',
  'sid',
  'sessionid',
  'session_id',
  'aspsessionid',
  'cfid',
  'cftoken',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'fbclid',
  'gclid',
]);

const SKIP_SCHEMES = /^(mailto|tel|javascript|data|sms|ftp|file|about|blob|whatsapp|intent|market):/i;

/**
 * Resolve `href` against `base` and return the canonical absolute URL, or null when it is not a web page
 * address (mailto:, javascript:, empty). Fragments are dropped, session parameters removed, the
 * remaining query parameters sorted, default ports removed and ";jsessionid=..." path parameters cut.
 */
export function canonicalUrl(href: string, base?: string): string | null {
  const raw = href.trim();
  if (!raw || raw.startsWith('#') || SKIP_SCHEMES.test(raw)) return null;
  let u: URL;
  try {
    u = base ? new URL(raw, base) : new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.hash = '';
  u.pathname = u.pathname.replace(/;(jsessionid|sid|phpsessid)=[^/?]*/gi, '');
  const params = [...u.searchParams.entries()].filter(([k]) => !SESSION_PARAMS.has(k.toLowerCase()));
  params.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  u.search = params.length ? new URLSearchParams(params).toString() : '';
  return u.href;
}

/**
 * A URL's shape with the variable parts replaced: digits, long hex/ids and query values. Calendars,
 * paginations and faceted searches produce endless URLs of one shape; the crawl caps each shape.
 */
export function pathPattern(url: string): string {
  const u = new URL(url);
  const path = u.pathname
    .split('/')
    .map((seg) => {
      const s = decodeSafe(seg);
      if (/^\d+([-_.]\d+)*$/.test(s)) return ':n';
      if (/^[0-9a-f-]{16,}$/i.test(s)) return ':id';
      return s.replace(/\d+/g, '#');
    })
    .join('/');
  const keys = [...new Set([...u.searchParams.keys()])].sort().join('&');
  return `${u.host}${path}${keys ? `?${keys}` : ''}`;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** host (lower-case, with a non-default port) of a URL, or '' when unparsable. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return '';
  }
}

/** The host without a leading "www.", to treat www.x and x as one site. */
export function siteHost(host: string): string {
  return host.toLowerCase().replace(/^www\./, '');
}

/** Links to these are files, not pages: checked as links but never parsed for more links. */
export const FILE_EXTENSIONS =
  /\.(pdf|docx?|xlsx?|pptx?|zip|rar|7z|gz|tar|jpe?g|png|gif|webp|svg|ico|bmp|tiff?|mp3|mp4|m4a|wav|ogg|webm|avi|mov|mkv|flv|apk|exe|msi|dmg|iso|css|js|json|xml|txt|csv|woff2?|ttf|eot)$/i;

export function looksLikeFile(url: string): boolean {
  try {
    return FILE_EXTENSIONS.test(new URL(url).pathname);
  } catch {
    return false;
  }
}
