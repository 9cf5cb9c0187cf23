// The probe contract: what the runner hands a probe (context) and what a probe is (id, targets, run).
import type { Logger } from 'pino';
import type { NetOptions } from '../net/options.ts';
import type { Measurement } from './measurement.ts';
import type { Target, TargetKind } from './target.ts';

export interface ProbeContext {
  net: NetOptions;
  log: Logger;
  signal: AbortSignal;
  /** Directory for this run's artefacts (screenshots, Lighthouse JSON). */
  runDir: string;
  /** Other targets of the same agency, for probes that need the whole picture (service desk links). */
  agencyTargets?: Target[];
}

export interface Probe {
  id: string;
  /** Which target kinds this probe runs on. Host-level probes run once per host. */
  appliesTo: TargetKind[];
  /** True when the probe drives the browser (the queue serialises them unless asked not to). */
  usesBrowser?: boolean;
  run(target: Target, ctx: ProbeContext): Promise<Measurement>;
}
