// What one uptime check means (docs/uptime.md is the definition; keep the two in step).
//   up      final status 2xx/3xx after redirects, or 401 (the server answers and asks for a sign-in)
//   down    no answer (dns, refused, reset, timeout, tls, too-many-redirects) or a final 404/5xx ...
//   blocked the monitor was stopped in front of the site: a CDN/WAF challenge or block page (any
//           status), 403, 429 (Retry-After honoured) or 451; neither up nor down
//   error   payesh's own setup refused the check (private address without --allow-private)
import type { FetchResult } from '../../net/fetch.ts';
import { detectWaf } from '../../net/waf.ts';

export type Outcome = 'up' | 'down' | 'blocked' | 'error';

export interface CheckResult {
  outcome: Outcome;
  status: number | null;
  responseMs: number | null;
  /** Short typed reason: "timeout: ...", "http-503", "waf: cloudflare challenge ..."; null when plainly up. */
  reason: string | null;
  /** From Retry-After on a 429: do not ask again before this many ms. */
  retryAfterMs?: number;
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

const clip = (s: string, n = 300) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

/** Classify a fetch. Returns null when the check was cancelled (shutdown): nothing is recorded then. */
export function classifyCheck(r: FetchResult): CheckResult | null {
  const responseMs =
    r.status !== null || r.error?.type === 'timeout' ? Math.round(r.timings.totalMs * 10) / 10 : null;
  const base = { status: r.status, responseMs };
  if (r.error) {
    if (r.error.type === 'aborted') return null;
    if (r.error.type === 'blocked-private')
      return { ...base, outcome: 'error', reason: clip(`blocked-private: ${r.error.message}`) };
    return { ...base, outcome: 'down', reason: clip(`${r.error.type}: ${r.error.message}`) };
  }
  const status = r.status ?? 0;
  const waf = detectWaf({ status: r.status, headers: r.headers, body: r.body });
  if (waf.blocked)
    return { ...base, outcome: 'blocked', reason: clip(`waf: ${waf.vendor} ${waf.kind}: ${waf.evidence}`) };
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(r.headers['retry-after']);
    return {
      ...base,
      outcome: 'blocked',
      reason: `rate-limited: HTTP 429${retryAfterMs !== undefined ? `, Retry-After ${Math.round(retryAfterMs / 1000)}s` : ''}`,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  if (status === 403 || status === 451)
    return { ...base, outcome: 'blocked', reason: `forbidden: HTTP ${status} (refused to the monitor)` };
  if (status === 401)
    return {
      ...base,
      outcome: 'up',
      reason: 'auth-required: HTTP 401 (the server answers and asks for a sign-in)',
    };
  if (status >= 200 && status < 400) return { ...base, outcome: 'up', reason: null };
  // A 503 "maintenance" page is down for the people using the site, Retry-After or not.
  return { ...base, outcome: 'down', reason: `http-${status}: final status ${status} at ${r.finalUrl}` };
}

/** The reason's type, the part before the first colon ("timeout", "http-503", "waf"). */
export function reasonType(reason: string | null): string {
  if (!reason) return '';
  const i = reason.indexOf(':');
  return i < 0 ? reason : reason.slice(0, i);
}
