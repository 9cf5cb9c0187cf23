// What payesh keeps from one Lighthouse result, and how runs are summarised.

export interface LighthouseRunMetrics {
  /** Performance score 0-100. */
  score: number;
  fcpMs: number | null;
  lcpMs: number | null;
  tbtMs: number | null;
  cls: number | null;
  speedIndexMs: number | null;
  /** Server response time of the main document (Lighthouse's TTFB audit). */
  ttfbMs: number | null;
  totalBytes: number | null;
  requests: number | null;
}

/** The subset of the LHR read here (kept loose: the LHR type is large and versioned). */
export interface LhrLike {
  lighthouseVersion?: string;
  finalDisplayedUrl?: string;
  runtimeError?: { code: string; message: string };
  runWarnings?: string[];
  categories: { performance?: { score: number | null } };
  audits: Record<string, { numericValue?: number; details?: { items?: unknown[] } } | undefined>;
}

const num = (v: number | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 1000) / 1000 : null;

export function metricsOf(lhr: LhrLike): LighthouseRunMetrics | null {
  const s = lhr.categories.performance?.score;
  if (typeof s !== 'number') return null;
  const a = (id: string) => num(lhr.audits[id]?.numericValue);
  const diag = lhr.audits['diagnostics']?.details?.items?.[0] as
    { numRequests?: number; totalByteWeight?: number } | undefined;
  const requests = lhr.audits['network-requests']?.details?.items?.length ?? diag?.numRequests;
  return {
    score: Math.round(s * 100),
    fcpMs: a('first-contentful-paint'),
    lcpMs: a('largest-contentful-paint'),
    tbtMs: a('total-blocking-time'),
    cls: a('cumulative-layout-shift'),
    speedIndexMs: a('speed-index'),
    ttfbMs: a('server-response-time'),
    totalBytes: a('total-byte-weight') ?? num(diag?.totalByteWeight),
    requests: typeof requests === 'number' ? requests : null,
  };
}

/** Index of the median run by score (lower middle for an even count), so its metrics travel together. */
export function medianIndex(scores: number[]): number {
  const order = scores.map((s, i) => [s, i] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return order[Math.floor((order.length - 1) / 2)][1];
}

/** Lighthouse's runtime error codes as payesh error types. */
export function errorTypeOfLighthouseCode(code: string, message = ''): string {
  if (code === 'INSECURE_DOCUMENT_REQUEST' || /ERR_CERT_|ERR_SSL_/.test(message)) return 'tls';
  if (code === 'DNS_FAILURE' || /ERR_NAME_NOT_RESOLVED/.test(message)) return 'dns';
  if (/ERR_CONNECTION_REFUSED/.test(message)) return 'refused';
  if (/ERR_BLOCKED_BY_CLIENT/.test(message)) return 'blocked-private';
  if (code === 'ERRORED_DOCUMENT_REQUEST') return 'http';
  if (code === 'PAGE_HUNG' || code === 'PROTOCOL_TIMEOUT' || code === 'CRI_TIMEOUT') return 'hang';
  if (code === 'TARGET_CRASHED') return 'crash';
  if (code === 'NO_FCP' || code === 'NO_LCP') return 'no-paint';
  if (code === 'NOT_HTML') return 'not-html';
  return 'lighthouse';
}
