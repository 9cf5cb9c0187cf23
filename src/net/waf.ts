// Recognises CDN/WAF challenge and block pages served instead of the site. A page like this means
// the visitor (payesh) was stopped in front of the site, which says nothing about whether the site
// itself is up, so callers report it as "blocked", never as "down" (and never as "up" either).
// Markers are chosen to be specific: a login form with a captcha is not a challenge page.

export interface WafInput {
  status: number | null;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body?: Buffer | string;
}

export type WafKind = 'challenge' | 'block';

export interface WafVerdict {
  blocked: boolean;
  /** cloudflare, arvancloud, sucuri, imperva, akamai, f5, ddos-guard, generic */
  vendor?: string;
  kind?: WafKind;
  /** The marker that decided it: a header line or a short piece of the page. */
  evidence?: string;
}

/** Only the start of the page is inspected: challenge pages are small and put their markers early. */
const SCAN_BYTES = 64 * 1024;

interface Rule {
  vendor: string;
  kind: WafKind;
  /** Matched against the page text (first SCAN_BYTES). */
  body?: RegExp;
  /** Cheap condition checked before the page is searched: the vendor's server header, a refusing status. */
  gate?: (r: Ctx) => boolean;
  /** Costlier condition checked only once the marker matched (e.g. how bare the page is). */
  when?: (r: Ctx) => boolean;
}

interface Ctx {
  status: number | null;
  headers: Record<string, string>;
  text: string;
}

const refusing = (s: number | null) => s === 403 || s === 429 || s === 503 || s === 401 || s === 406;
const header = (r: Ctx, name: string) => r.headers[name] ?? '';
const isCloudflare = (r: Ctx) => /cloudflare/i.test(header(r, 'server')) || 'cf-ray' in r.headers;
const isArvan = (r: Ctx) =>
  /arvan/i.test(header(r, 'server')) || /arvan/i.test(header(r, 'ar-poweredby')) || 'ar-sid' in r.headers;
/** Text of a page with tags, scripts and styles removed: used to tell a bare interstitial from a real page. */
const visibleTextLength = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim().length;

const rules: Rule[] = [
  // Cloudflare: managed/JS challenge ("Just a moment..."), block page ("Attention Required!"), firewall 1020.
  { vendor: 'cloudflare', kind: 'challenge', body: /<title>\s*Just a moment\.\.\.\s*<\/title>/i },
  {
    vendor: 'cloudflare',
    kind: 'challenge',
    body: /window\._cf_chl_opt|\/cdn-cgi\/challenge-platform\/|cf-browser-verification|cf_chl_(?:jschl|captcha|prog)/i,
  },
  {
    vendor: 'cloudflare',
    kind: 'block',
    body: /Attention Required! \| Cloudflare|Sorry, you have been blocked[\s\S]{0,2000}cloudflare/i,
  },
  {
    vendor: 'cloudflare',
    kind: 'block',
    body: /id="cf-error-details"[\s\S]{0,3000}(?:Access denied|Error\s*10\d\d)/i,
  },
  // ArvanCloud (Iranian CDN): its own challenge/captcha interstitial and its firewall refusal pages.
  {
    vendor: 'arvancloud',
    kind: 'challenge',
    body: /arvancloud[\s\S]{0,4000}(?:challenge|captcha|verify|checking|در حال بررسی|بررسی مرورگر|لطفا صبر کنید|لطفاً صبر کنید)|(?:challenge|captcha)[\s\S]{0,4000}arvancloud/i,
    // A site behind ArvanCloud may show its logo next to a login captcha: only bare or refusing pages count.
    when: (r) => refusing(r.status) || visibleTextLength(r.text) < 1500,
  },
  { vendor: 'arvancloud', kind: 'challenge', body: /__arcsjs|arvan[-_]?challenge|ar-challenge/i },
  {
    vendor: 'arvancloud',
    kind: 'block',
    body: /(?:Access denied|Forbidden|دسترسی .{0,20}(?:مسدود|غیرمجاز)|درخواست شما .{0,30}مسدود)/i,
    gate: (r) => isArvan(r) && refusing(r.status),
  },
  // Sucuri website firewall.
  {
    vendor: 'sucuri',
    kind: 'block',
    body: /Sucuri WebSite Firewall|sucuri\.net\/privacy-policy[\s\S]{0,3000}Access Denied|cloudproxy@sucuri\.net/i,
  },
  // Imperva / Incapsula: "Request unsuccessful. Incapsula incident ID: ...".
  {
    vendor: 'imperva',
    kind: 'block',
    body: /Incapsula incident ID|_Incapsula_Resource|Request unsuccessful\. Incapsula/i,
  },
  // Akamai edge refusal: "Access Denied ... Reference #18.xxxx".
  {
    vendor: 'akamai',
    kind: 'block',
    body: /Access Denied[\s\S]{0,800}Reference(?:\s|&#32;)*(?:#|&#35;)\s*\d+(?:\.|&#46;)[0-9a-f]/i,
  },
  // F5 BIG-IP ASM.
  {
    vendor: 'f5',
    kind: 'block',
    body: /The requested URL was rejected\. Please consult with your administrator/i,
  },
  // DDoS-Guard.
  {
    vendor: 'ddos-guard',
    kind: 'challenge',
    body: /DDoS-Guard|ddos-guard\.net/i,
    gate: (r) => refusing(r.status) || /ddos-guard/i.test(header(r, 'server')),
  },
  // Generic interstitials: strong phrases anywhere, weak ones (captcha) only on a bare refusing page.
  {
    vendor: 'generic',
    kind: 'challenge',
    body: /checking your browser before accessing|checking if the site connection is secure|DDoS protection by|Please enable JavaScript and cookies to continue|verify(?:ing)? you are (?:a )?human|در حال بررسی مرورگر شما|مرورگر شما در حال بررسی/i,
  },
  {
    vendor: 'generic',
    kind: 'challenge',
    body: /captcha|are you a robot|bot protection|کپچا|ربات نیستید/i,
    gate: (r) => refusing(r.status),
    when: (r) => visibleTextLength(r.text) < 1500,
  },
];

function snippet(text: string, m: RegExpExecArray): string {
  const s = m[0].replace(/\s+/g, ' ').trim();
  if (s.length <= 160) return s;
  return `${s.slice(0, 80)} … ${s.slice(-60)}`;
}

/** Decide whether a response is a CDN/WAF challenge or block page rather than the site. */
export function detectWaf(input: WafInput): WafVerdict {
  const headers = input.headers;
  const raw = input.body ?? '';
  const text =
    typeof raw === 'string' ? raw.slice(0, SCAN_BYTES) : raw.subarray(0, SCAN_BYTES).toString('utf8');
  const r: Ctx = { status: input.status, headers, text };

  // Headers that vendors set only on challenged responses.
  const mitigated = headers['cf-mitigated'];
  if (mitigated)
    return { blocked: true, vendor: 'cloudflare', kind: 'challenge', evidence: `cf-mitigated: ${mitigated}` };
  if (headers['x-sucuri-block'])
    return {
      blocked: true,
      vendor: 'sucuri',
      kind: 'block',
      evidence: `x-sucuri-block: ${headers['x-sucuri-block']}`,
    };

  for (const rule of rules) {
    if (rule.gate && !rule.gate(r)) continue;
    const m = rule.body?.exec(text);
    // The page marker first (cheap on ordinary pages), the extra condition only on a match.
    if (!m || (rule.when && !rule.when(r))) continue;
    let vendor = rule.vendor;
    // A generic interstitial behind a known CDN is that CDN's.
    if (vendor === 'generic') vendor = isArvan(r) ? 'arvancloud' : isCloudflare(r) ? 'cloudflare' : vendor;
    return { blocked: true, vendor, kind: rule.kind, evidence: snippet(text, m) };
  }
  return { blocked: false };
}
