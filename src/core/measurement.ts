// What a probe hands back: values (with the facts the scorer reads), evidence, a typed error, the
// tool version and timings. The store keeps it as given; the scorer reads only `values.facts`.
import type { ToolVersion } from './version.ts';

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

/** Fact values the scorer maps through checklists. Keys are dotted names from the fact catalogue. */
export type Facts = Record<string, number | string | boolean | null>;

export interface Measurement<V extends Record<string, unknown> = Record<string, unknown>> {
  probe: string;
  url: string;
  values: V & { facts?: Facts };
  evidence: Evidence[];
  error?: ProbeError;
  /** e.g. "payesh-http/0.1.0 undici/7.3.0" or "lighthouse/12.2.3 chromium/131" */
  toolVersion: ToolVersion;
  startedAt: string;
  finishedAt: string;
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** Build a failed measurement with a typed reason. */
export function failedMeasurement(
  probe: string,
  url: string,
  toolVersion: ToolVersion,
  startedAt: string,
  error: ProbeError,
  evidence: Evidence[] = [],
): Measurement {
  return { probe, url, values: {}, evidence, error, toolVersion, startedAt, finishedAt: nowIso() };
}
