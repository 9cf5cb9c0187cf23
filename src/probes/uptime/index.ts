// Uptime: the monitor that records checks, and the reading side (figures, the audit's 'uptime' probe).
import type { Store } from '../../store/repository.ts';
import type { Probe } from '../types.ts';
import { failedMeasurement, nowIso } from '../types.ts';
import { createUptimeProbe, UPTIME_TOOL_VERSION } from './measurement.ts';

export {
  UptimeMonitor,
  uptimeTargets,
  type UptimeTarget,
  type MonitorOptions,
  type RoundSummary,
} from './monitor.ts';
export {
  pageUptime,
  parseWindow,
  uptimeMeasurement,
  createUptimeProbe,
  UPTIME_TOOL_VERSION,
} from './measurement.ts';
export { computeUptime, type UptimeSummary, type Outage, type Gap } from './stats.ts';
export { classifyCheck, type Outcome, type CheckResult } from './outcome.ts';
export { parseDuration, formatDuration } from './duration.ts';

/** The audit's uptime probe: reads the monitor's checks from the run's store over the period. */
export async function createUptimeProbeFromSettings(s: {
  store?: unknown;
  period?: { from?: string; to?: string };
}): Promise<Probe> {
  const store = s.store as Store | undefined;
  if (!store) {
    return {
      id: 'uptime',
      appliesTo: ['portal', 'service'],
      async run(target) {
        return failedMeasurement('uptime', target.url, UPTIME_TOOL_VERSION, nowIso(), {
          type: 'no-store',
          message: 'no database with monitor checks was given',
        });
      },
    };
  }
  return createUptimeProbe({ store, period: s.period });
}
