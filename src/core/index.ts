// The contract every layer shares (probes, queue, store, scorer, reports). It imports nothing above it.
export * from './measurement.ts';
export * from './target.ts';
export * from './probe.ts';
export * from './errors.ts';
export * from './version.ts';
export * from './facts.ts';
