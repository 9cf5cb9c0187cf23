// The HTTP probe: one bounded GET of a portal or service page. It records what the server said
// (status, redirect chain, timings, size, headers, charset) and gives every failure a typed reason.
// A CDN/WAF challenge page is "blocked-by-waf", never "down": the visitor was stopped, not the site.
import type { FetchResult, PhaseTimings, RedirectHop } from '../../net/fetch.ts';
import { fetchUrl } from '../../net/fetch.ts';
import { detectWaf, type WafVerdict } from '../../net/waf.ts';
import type { Evidence, Facts, Measurement, Probe, ProbeContext, ProbeError, Target } from '../types.ts';
import { nowIso } from '../types.ts';
import { HTTP_TOOL_VERSION } from './version.ts';

/** Response headers worth keeping: they describe the server and its security policy. */
export const RECORDED_HEADERS = [
  'server',
  'x-powered-by',
  'x-aspnet-version',
  'x-generator',
  'via',
  'strict-transport-security',
  'content-security-policy',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
  'permissions-policy',
  'cache-control',
  'last-modified',
  'content-encoding',
  'content-language',
  'retry-after',
] as const;

export interface HttpValues extends Record<string, unknown> {
  status: number | null;
  finalUrl: string;
  redirects: RedirectHop[];
  timings: PhaseTimings;
  bytes: number;
  truncated: boolean;
  contentType: string | null;
  charset: string | null;
  headers: Record<string, string>;
  remoteAddress: string | null;
  waf: { vendor: string; kind: string; evidence: string } | null;
}

/** Charset from Content-Type, else from a <meta> tag near the top of the page. */
export function detectCharset(contentType: string | null, body: Buffer): string | null {
  const fromHeader = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  if (fromHeader) return fromHeader.toLowerCase();
  const head = body.subarray(0, 4096).toString('latin1');
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  return meta ? meta.toLowerCase() : null;
}

/** Host under the national .ir space (.gov.ir included), as the checklists ask of a portal's domain. */
export function isStandardDomain(url: string): boolean {
  try {
    return /\.ir\.?$/i.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Failures that say something about payesh's own setup or shutdown, not about the site. */
const NOT_ABOUT_THE_SITE = new Set(['blocked-private', 'aborted']);

export interface HttpVerdict {
  error?: ProbeError;
  waf: WafVerdict;
}

/**
 * Decide the typed outcome of a fetch. Order matters: a network failure wins, then a WAF page
 * (whatever its status), then a 4xx/5xx final status, then an over-long body.
 */
export function judgeFetch(r: FetchResult): HttpVerdict {
  if (r.error) return { error: r.error, waf: { blocked: false } };
  const waf = detectWaf({ status: r.status, headers: r.headers, body: r.body });
  if (waf.blocked)
    return {
      waf,
      error: {
        type: 'blocked-by-waf',
        message: `${waf.vendor} ${waf.kind} page served instead of the site: ${waf.evidence}`,
      },
    };
  // Rate limiting: the server is there but will not answer payesh now; its own reason, with the wait asked for.
  if (r.status === 429) {
    const wait = r.headers['retry-after'];
    return {
      waf,
      error: {
        type: 'rate-limited',
        message: `HTTP 429 at ${r.finalUrl}${wait ? `; Retry-After: ${wait}` : ''}`,
      },
    };
  }
  if (r.status !== null && r.status >= 400)
    return { waf, error: { type: 'http-status', message: `final status ${r.status} at ${r.finalUrl}` } };
  if (r.truncated)
    return {
      waf,
      error: { type: 'body-too-large', message: `body larger than ${r.bytes} bytes; cut there` },
    };
  return { waf };
}

export function httpMeasurement(target: Target, r: FetchResult, startedAt: string): Measurement<HttpValues> {
  const { error, waf } = judgeFetch(r);
  const headers: Record<string, string> = {};
  for (const h of RECORDED_HEADERS) if (r.headers[h] !== undefined) headers[h] = r.headers[h];
  const facts: Facts = {
    // Unknown (null) when a WAF stood in front: blocked is neither up nor down.
    'http.ok':
      waf.blocked || NOT_ABOUT_THE_SITE.has(r.error?.type ?? '')
        ? null
        : r.status !== null && !r.error
          ? r.status < 400
          : false,
    'http.status': r.status,
    'http.blocked': waf.blocked,
  };
  if (target.kind === 'portal') facts['domain.standard'] = isStandardDomain(r.finalUrl || target.url);

  const evidence: Evidence[] = [
    {
      kind: 'url',
      label: 'final URL',
      url: r.finalUrl,
      ...(r.status !== null ? { text: `HTTP ${r.status}` } : {}),
    },
  ];
  for (const hop of r.redirects)
    evidence.push({ kind: 'url', label: `redirect ${hop.status}`, url: hop.url, text: `→ ${hop.location}` });
  if (waf.blocked)
    evidence.push({
      kind: 'text',
      label: `${waf.vendor} ${waf.kind} marker`,
      url: r.finalUrl,
      text: waf.evidence,
    });
  if (error) evidence.push({ kind: 'note', label: error.type, text: error.message });

  const values: HttpValues & { facts: Facts } = {
    status: r.status,
    finalUrl: r.finalUrl,
    redirects: r.redirects,
    timings: roundTimings(r.timings),
    bytes: r.bytes,
    truncated: r.truncated,
    contentType: r.contentType,
    charset: r.contentType || r.bytes ? detectCharset(r.contentType, r.body) : null,
    headers,
    remoteAddress: r.remoteAddress ?? null,
    waf: waf.blocked ? { vendor: waf.vendor!, kind: waf.kind!, evidence: waf.evidence! } : null,
    facts,
  };
  return {
    probe: 'http',
    url: target.url,
    values,
    evidence,
    ...(error ? { error } : {}),
    toolVersion: HTTP_TOOL_VERSION,
    startedAt,
    finishedAt: nowIso(),
  };
}

function roundTimings(t: PhaseTimings): PhaseTimings {
  const out: PhaseTimings = { totalMs: Math.round(t.totalMs * 10) / 10 };
  for (const k of ['dnsMs', 'connectMs', 'tlsMs', 'firstByteMs'] as const)
    if (t[k] !== undefined) out[k] = Math.round(t[k]! * 10) / 10;
  return out;
}

export const httpProbe: Probe = {
  id: 'http',
  appliesTo: ['portal', 'service'],
  async run(target: Target, ctx: ProbeContext): Promise<Measurement> {
    const startedAt = nowIso();
    const r = await fetchUrl(target.url, ctx.net, { signal: ctx.signal });
    return httpMeasurement(target, r, startedAt);
  },
};

export default httpProbe;
