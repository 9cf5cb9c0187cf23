// Uptime arithmetic over stored checks of one page (docs/uptime.md is the definition).
// Each check stands for the time from it until the next check of the same page, at most
// CAP_FACTOR × the interval of the session that made it. Time no check stands for is a gap:
// it lowers coverage and is never counted as up or down. Pure functions: no I/O, no clock.
import { reasonType } from './outcome.ts';

export const CAP_FACTOR = 1.5;

export interface CheckRow {
  checkedAt: string;
  outcome: string;
  status: number | null;
  responseMs: number | null;
  reason: string | null;
  sessionId: number | null;
}

export interface SessionRow {
  id: number;
  startedAt: string;
  lastBeatAt: string;
  stoppedAt: string | null;
  intervalMs: number;
}

export interface UptimeOptions {
  from: Date;
  to: Date;
  /** Interval the page is meant to be checked at (expected checks; checks without a session). */
  intervalMs: number;
  /** Coverage (%) below which the result is "insufficient data". */
  minCoverage: number;
}

export interface Outage {
  start: string;
  end: string;
  durationMs: number;
  /** Most frequent reason type among the outage's checks (timeout, refused, http-503 ...). */
  reason: string;
  /** The first failing check's full reason. */
  detail: string | null;
  status: number | null;
  checks: number;
  /** False when the outage ran into a gap or a blocked check: it ended at most at `end`. */
  endKnown: boolean;
  /** Still down at the end of the window. */
  ongoing: boolean;
}

export type GapCause = 'monitor-not-running' | 'not-checked';

export interface Gap {
  start: string;
  end: string;
  durationMs: number;
  cause: GapCause;
}

export interface UptimeSummary {
  from: string;
  to: string;
  windowMs: number;
  intervalMs: number;
  checks: {
    made: number;
    up: number;
    down: number;
    blocked: number;
    error: number;
    recoveredOnRecheck: number;
  };
  expectedChecks: number;
  upMs: number;
  downMs: number;
  blockedMs: number;
  errorMs: number;
  gapMs: number;
  /** Time-weighted up / (up + down) × 100; null when there is no conclusive check at all. */
  percent: number | null;
  /** Time covered by conclusive (up or down) checks / window × 100. */
  coverage: number;
  /** Time covered by blocked checks / window × 100 (reported apart, outside the denominator). */
  blockedPercent: number;
  sufficient: boolean;
  minCoverage: number;
  outages: Outage[];
  gaps: Gap[];
  responseMs: { count: number; mean: number | null; p95: number | null };
}

const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** p-th percentile by nearest rank (p95 of 20 values is the 19th smallest). */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** When a session was certainly running: until it stopped, or until half an interval after its last beat. */
export function sessionAlive(s: SessionRow): [number, number] {
  return [ms(s.startedAt), s.stoppedAt ? ms(s.stoppedAt) : ms(s.lastBeatAt) + s.intervalMs / 2];
}

function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

/**
 * Uptime of one page over [from, to]. `checks` may include checks made before `from` (their time
 * counts from `from` on); pass those within CAP_FACTOR × interval before it so the window's start
 * is not a false gap.
 */
export function computeUptime(
  checksIn: CheckRow[],
  sessions: SessionRow[],
  opts: UptimeOptions,
): UptimeSummary {
  const from = opts.from.getTime();
  const to = Math.max(from, opts.to.getTime());
  const windowMs = to - from;
  const interval = new Map(sessions.map((s) => [s.id, s.intervalMs]));
  const checks = [...checksIn]
    .filter((c) => ms(c.checkedAt) <= to)
    .sort((a, b) => ms(a.checkedAt) - ms(b.checkedAt));

  const time: Record<string, number> = { up: 0, down: 0, blocked: 0, error: 0 };
  const counts = { made: 0, up: 0, down: 0, blocked: 0, error: 0, recoveredOnRecheck: 0 };
  const spans: [number, number][] = [];
  const outages: Outage[] = [];
  const upTimes: number[] = [];
  let open: {
    start: number;
    reasons: Map<string, number>;
    detail: string | null;
    status: number | null;
    checks: number;
    until: number;
  } | null = null;

  const closeOutage = (end: number, endKnown: boolean, ongoing = false) => {
    if (!open) return;
    if (end > from) {
      const top = [...open.reasons.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'unknown';
      outages.push({
        start: iso(open.start),
        end: iso(end),
        durationMs: end - open.start,
        reason: top,
        detail: open.detail,
        status: open.status,
        checks: open.checks,
        endKnown,
        ongoing,
      });
    }
    open = null;
  };

  for (let i = 0; i < checks.length; i++) {
    const c = checks[i];
    const t = ms(c.checkedAt);
    const every = (c.sessionId !== null ? interval.get(c.sessionId) : undefined) ?? opts.intervalMs;
    const next = i + 1 < checks.length ? ms(checks[i + 1].checkedAt) : Infinity;
    const reach = Math.min(next, t + CAP_FACTOR * every);
    const start = Math.max(t, from);
    const end = Math.min(reach, to);
    const outcome = c.outcome in time ? c.outcome : 'error';
    if (end > start) {
      time[outcome] += end - start;
      spans.push([start, end]);
    }
    if (t >= from) {
      counts.made++;
      counts[outcome as 'up']++;
      if (outcome === 'up' && c.reason?.startsWith('recovered')) counts.recoveredOnRecheck++;
      if (outcome === 'up' && c.responseMs !== null) upTimes.push(c.responseMs);
    }

    // Outages: runs of down checks. They end at the next up check; a gap or a blocked check in
    // between means we only know the site was down until the last down check's reach.
    if (open && t > open.until) closeOutage(open.until, false);
    if (outcome === 'down') {
      const type = reasonType(c.reason) || 'down';
      if (!open)
        open = { start: t, reasons: new Map(), detail: c.reason, status: c.status, checks: 0, until: reach };
      open.reasons.set(type, (open.reasons.get(type) ?? 0) + 1);
      open.checks++;
      open.until = reach;
    } else if (outcome === 'up') closeOutage(t, true);
    else closeOutage(t, false);
  }
  if (open) {
    const o: { until: number } = open;
    if (o.until >= to) closeOutage(to, false, true);
    else closeOutage(o.until, false);
  }

  // Gaps: window time no check stands for, with the likely cause from the monitor's sessions.
  const gaps: Gap[] = [];
  const alive = sessions.map(sessionAlive);
  let cursor = from;
  const addGap = (a: number, b: number) => {
    if (b <= a) return;
    const running = alive.reduce((sum, [s0, s1]) => sum + overlap(a, b, s0, s1), 0);
    gaps.push({
      start: iso(a),
      end: iso(b),
      durationMs: b - a,
      cause: running >= (b - a) / 2 ? 'not-checked' : 'monitor-not-running',
    });
  };
  for (const [a, b] of spans) {
    addGap(cursor, a);
    cursor = Math.max(cursor, b);
  }
  addGap(cursor, to);

  const conclusive = time.up + time.down;
  const coverage = windowMs > 0 ? round((conclusive / windowMs) * 100) : 0;
  const percent = conclusive > 0 ? round((time.up / conclusive) * 100, 3) : null;
  const mean = upTimes.length ? round(upTimes.reduce((a, b) => a + b, 0) / upTimes.length, 1) : null;
  return {
    from: iso(from),
    to: iso(to),
    windowMs,
    intervalMs: opts.intervalMs,
    checks: counts,
    expectedChecks: opts.intervalMs > 0 ? Math.floor(windowMs / opts.intervalMs) : 0,
    upMs: time.up,
    downMs: time.down,
    blockedMs: time.blocked,
    errorMs: time.error,
    gapMs: gaps.reduce((s, g) => s + g.durationMs, 0),
    percent,
    coverage,
    blockedPercent: windowMs > 0 ? round((time.blocked / windowMs) * 100) : 0,
    sufficient: percent !== null && coverage >= opts.minCoverage,
    minCoverage: opts.minCoverage,
    outages,
    gaps,
    responseMs: { count: upTimes.length, mean, p95: percentile(upTimes, 95) },
  };
}
