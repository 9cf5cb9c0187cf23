// Reads the monitor's stored checks back as figures: per page uptime over a window, and the
// 'uptime' Measurement an audit stores per portal/service target (facts uptime.percent, uptime.coverage).
import { UsageError } from '../../net/options.ts';
import type { Store } from '../../store/repository.ts';
import { toAsciiDigits } from '../../text/normalize.ts';
import { formatJalali, parseDateInput } from '../../text/jalali.ts';
import type { Evidence, Measurement, Probe, Target } from '../types.ts';
import { nowIso } from '../types.ts';
import { PAYESH_VERSION } from '../../net/options.ts';
import { formatDuration } from './duration.ts';
import { CAP_FACTOR, computeUptime, type UptimeSummary } from './stats.ts';

export const UPTIME_TOOL_VERSION = `payesh-uptime/${PAYESH_VERSION}`;
export const DEFAULT_INTERVAL_MS = 5 * 60_000;
export const DEFAULT_MIN_COVERAGE = 90;
export const DEFAULT_PERIOD_DAYS = 30;

export interface UptimeQueryOptions {
  /** Interval the pages are meant to be checked at; default: the latest monitor session's, else 5 min. */
  intervalMs?: number;
  /** Coverage (%) below which the result is insufficient data; default 90 (checklist setting uptimeCoverageMin). */
  minCoverage?: number;
  /** Clock, for tests. */
  now?: Date;
}

/**
 * The window of a report from --from/--to (Jalali or ISO). A bare date as --to means the end of that
 * day; the end never lies in the future; without --from the window is `days` long.
 */
export function parseWindow(
  fromText: string | undefined,
  toText: string | undefined,
  days = DEFAULT_PERIOD_DAYS,
  now = new Date(),
): { from: Date; to: Date } {
  const parse = (s: string, name: string) => {
    try {
      return parseDateInput(s);
    } catch (e) {
      throw new UsageError(`${name} ${(e as Error).message}`);
    }
  };
  const bareDate = (s: string) => /^\d{4}[/-]\d{1,2}[/-]\d{1,2}$/.test(toAsciiDigits(s.trim()));
  let to = toText ? parse(toText, '--to') : now;
  if (toText && bareDate(toText)) to = new Date(to.getTime() + 86_400_000);
  if (to > now) to = now;
  const from = fromText ? parse(fromText, '--from') : new Date(to.getTime() - days * 86_400_000);
  if (from >= to)
    throw new UsageError(
      `--from ${fromText ?? from.toISOString()} is not before --to ${toText ?? to.toISOString()}`,
    );
  return { from, to };
}

/** Uptime of one page (agency + URL) over [from, to] from the stored checks and monitor sessions. */
export async function pageUptime(
  store: Store,
  page: { agencyId: string; url: string },
  from: Date,
  to: Date,
  o: UptimeQueryOptions = {},
): Promise<UptimeSummary> {
  const now = o.now ?? new Date();
  const end = to > now ? now : to;
  const sessions = await store.listMonitorSessions(undefined, end.toISOString());
  const intervalMs = o.intervalMs ?? sessions.at(-1)?.intervalMs ?? DEFAULT_INTERVAL_MS;
  const longest = Math.max(intervalMs, ...sessions.map((s) => s.intervalMs));
  // Checks made shortly before the window still stand for its first minutes.
  const lookFrom = new Date(from.getTime() - CAP_FACTOR * longest).toISOString();
  const checks = await store.listUptimeChecks({
    from: lookFrom,
    to: end.toISOString(),
    url: page.url,
    agencyId: page.agencyId,
  });
  return computeUptime(checks, sessions, {
    from,
    to: end,
    intervalMs,
    minCoverage: o.minCoverage ?? DEFAULT_MIN_COVERAGE,
  });
}

const when = (isoText: string) => `${formatJalali(new Date(isoText), { time: true })} (${isoText})`;

/** The uptime Measurement of a portal or service target: facts, and the outages as evidence. */
export async function uptimeMeasurement(
  store: Store,
  target: Pick<Target, 'agencyId' | 'url'>,
  from: Date,
  to: Date,
  o: UptimeQueryOptions = {},
): Promise<Measurement> {
  const startedAt = nowIso();
  const s = await pageUptime(store, target, from, to, o);
  const evidence: Evidence[] = [
    {
      kind: 'count',
      label: 'checks made',
      count: s.checks.made,
      text: `${s.checks.up} up, ${s.checks.down} down, ${s.checks.blocked} blocked, of ${s.expectedChecks} expected`,
    },
    { kind: 'note', label: 'window', text: `${when(s.from)} → ${when(s.to)}` },
  ];
  for (const g of s.outages.slice(0, 100))
    evidence.push({
      kind: 'note',
      label: 'outage',
      url: target.url,
      text: `${when(g.start)} → ${when(g.end)}${g.ongoing ? ' (ongoing)' : g.endKnown ? '' : ' (end not observed)'}, ${formatDuration(g.durationMs)}, ${g.reason}${g.status ? ` ${g.status}` : ''}`,
    });
  if (s.outages.length > 100)
    evidence.push({ kind: 'count', label: 'outages not listed', count: s.outages.length - 100 });
  if (s.gaps.length)
    evidence.push({
      kind: 'count',
      label: 'gaps (monitor not checking)',
      count: s.gaps.length,
      text: formatDuration(s.gapMs),
    });
  if (s.checks.blocked)
    evidence.push({
      kind: 'count',
      label: 'blocked checks (excluded)',
      count: s.checks.blocked,
      text: `${s.blockedPercent}% of the window`,
    });

  const error =
    s.checks.made === 0 && s.percent === null
      ? {
          type: 'no-data',
          message: `no uptime checks of ${target.url} between ${s.from} and ${s.to}; run payesh monitor or payesh probe`,
        }
      : !s.sufficient
        ? {
            type: 'insufficient-data',
            message: `coverage ${s.coverage}% is below ${s.minCoverage}% (uptime ${s.percent ?? '-'}% over ${s.checks.made} checks)`,
          }
        : undefined;
  const { outages, gaps, ...figures } = s;
  return {
    probe: 'uptime',
    url: target.url,
    values: {
      ...figures,
      outages: outages.slice(0, 100),
      gaps: gaps.slice(0, 100),
      facts: {
        'uptime.percent': s.percent,
        'uptime.coverage': s.coverage,
        'uptime.blockedPercent': s.blockedPercent,
        'uptime.checks': s.checks.made,
      },
    },
    evidence,
    ...(error ? { error } : {}),
    toolVersion: UPTIME_TOOL_VERSION,
    startedAt,
    finishedAt: nowIso(),
  };
}

/** The audit's 'uptime' probe: reads what the monitor stored; it sends no request itself. */
export function createUptimeProbe(s: {
  store: Store;
  period?: { from?: string; to?: string };
  minCoverage?: number;
  periodDays?: number;
  intervalMs?: number;
}): Probe {
  return {
    id: 'uptime',
    appliesTo: ['portal', 'service'],
    async run(target: Target): Promise<Measurement> {
      const { from, to } = parseWindow(s.period?.from, s.period?.to, s.periodDays ?? DEFAULT_PERIOD_DAYS);
      return uptimeMeasurement(s.store, target, from, to, {
        minCoverage: s.minCoverage,
        intervalMs: s.intervalMs,
      });
    },
  };
}
