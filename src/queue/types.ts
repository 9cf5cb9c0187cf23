// The job-runner interface. The in-process runner (p-queue) is the default; a distributed runner
// (BullMQ on Redis) implements the same interface for fleets of workers.

export interface Job {
  /** Stable key, unique in a run: `${probe}:${targetId}`. */
  key: string;
  probe: string;
  targetId: number;
  /** host[:port] used for per-host politeness. */
  host: string;
  /** Browser jobs run in their own lane (one at a time unless parallel browser work is allowed). */
  usesBrowser?: boolean;
}

export interface RunnerOptions {
  /** Jobs at once over all hosts. */
  concurrency: number;
  /** Jobs at once against one host. */
  perHost: number;
  /** Minimum gap between the starts of two jobs on the same host. */
  hostDelayMs: number;
  /** Browser jobs at once (1 keeps Lighthouse free of contention). */
  browserConcurrency: number;
  /** Hard limit per attempt; the job's signal aborts when it passes. */
  jobTimeoutMs: number;
  /** Extra attempts for jobs that throw (probes report site failures as measurements, not throws). */
  retries: number;
  /** First retry delay; doubles each attempt. */
  backoffMs: number;
  /** Running time of all jobs of one agency (the site budget; see src/audit/budget.ts). */
  siteBudgetMs: number;
  /** Running time of one job measuring one page (the page budget). */
  pageBudgetMs: number;
}

export const DEFAULT_RUNNER_OPTIONS: RunnerOptions = {
  concurrency: 4,
  perHost: 2,
  hostDelayMs: 250,
  browserConcurrency: 1,
  jobTimeoutMs: 180_000,
  retries: 2,
  backoffMs: 1_000,
  siteBudgetMs: 10 * 60_000,
  pageBudgetMs: 2 * 60_000,
};

export type JobOutcome = 'done' | 'failed' | 'cancelled';

export interface RunnerEvents {
  onStart?(job: Job, attempt: number): void;
  onRetry?(job: Job, attempt: number, error: Error, delayMs: number): void;
  onFinish?(job: Job, outcome: JobOutcome, error?: Error): void;
}

/** Executes one job; resolves when its result is stored. Throwing means "try again". */
export type JobHandler = (job: Job, signal: AbortSignal, attempt: number) => Promise<void>;

export interface RunSummary {
  done: number;
  failed: number;
  cancelled: number;
}

export interface JobRunner {
  run(jobs: Job[], handler: JobHandler, events?: RunnerEvents): Promise<RunSummary>;
  /** Stop taking new jobs and abort the ones in flight; run() then resolves. */
  cancel(reason?: string): void;
  readonly cancelled: boolean;
}

export class JobTimeoutError extends Error {
  override name = 'JobTimeoutError';
}
