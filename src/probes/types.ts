// The probe contract lives in src/core; probes import it from here for short paths.
export * from '../core/measurement.ts';
export * from '../core/target.ts';
export * from '../core/probe.ts';
export * from '../core/facts.ts';
