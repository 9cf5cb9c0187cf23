// The contract between probes, the queue, the store and the scorer.
// Probes gather facts and never score (see docs/facts.md for fact names).
import type { Logger } from 'pino';
import type { NetOptions } from '../net/options.ts';

/** One piece of evidence an evaluator can look at. */
export interface Evidence {
  kind: 'url' | 'text' | 'selector' | 'screenshot' | 'file' | 'count' | 'note';
  /** What this evidence shows, e.g. "FAQ page" or "switcher link". */
  label?: string;
  url?: string;
  selector?: string;
  text?: string;
  /** Path of a file (screenshot, Lighthouse JSON) relative to the run directory. */
  path?: string;
  count?: number;
}

/** Typed failure of a probe; `type` is a short stable word (dns, refused, timeout, blocked-by-waf ...). */
export interface ProbeError {
  type: string;
  message: string;
}

/** Fact values the scorer maps through checklists. Keys are dotted names listed in docs/facts.md. */
export type Facts = Record<string, number | string | boolean | null>;

export interface Measurement<V extends Record<string, unknown> = Record<string, unknown>> {
  probe: string;
  url: string;
  values: V & { facts?: Facts };
  evidence: Evidence[];
  error?: ProbeError;
  /** e.g. "payesh-http/0.1.0 undici/7.3.0" or "lighthouse/12.2.3 chromium/131" */
  toolVersion: string;
  startedAt: string;
  finishedAt: string;
}

export type TargetKind = 'portal' | 'service' | 'host';

/** What a probe is asked to look at. */
export interface Target {
  id?: number;
  runId?: string;
  agencyId: string;
  serviceId?: string | null;
  kind: TargetKind;
  url: string;
  /** host[:port] the target lives on, used for per-host politeness and host-level probes. */
  host: string;
}

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

export function nowIso(): string {
  return new Date().toISOString();
}

/** Build a failed measurement with a typed reason. */
export function failedMeasurement(
  probe: string,
  url: string,
  toolVersion: string,
  startedAt: string,
  error: ProbeError,
  evidence: Evidence[] = [],
): Measurement {
  return { probe, url, values: {}, evidence, error, toolVersion, startedAt, finishedAt: nowIso() };
}
