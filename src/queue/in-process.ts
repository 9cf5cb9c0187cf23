// In-process job runner on p-queue: a global cap, a cap and a politeness delay per host, a separate
// lane for browser work, per-job time limits, retries with backoff, and cancellation.
import PQueue from 'p-queue';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DEFAULT_RUNNER_OPTIONS,
  JobTimeoutError,
  type Job,
  type JobHandler,
  type JobRunner,
  type RunnerEvents,
  type RunnerOptions,
  type RunSummary,
} from './types.ts';

/** Per-host gate: at most `limit` jobs at once and `delayMs` between starts. */
class HostGate {
  private active = 0;
  private lastStart = 0;
  private waiters: (() => void)[] = [];
  private startChain: Promise<void> = Promise.resolve();
  constructor(
    private readonly limit: number,
    private readonly delayMs: number,
  ) {}

  async enter(signal: AbortSignal): Promise<void> {
    while (this.active >= this.limit) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
      if (signal.aborted) throw signal.reason;
    }
    this.active++;
    // Starts pass one at a time, each measured from the previous actual start, so late timers on a
    // loaded machine cannot bunch them up.
    const previous = this.startChain;
    let release!: () => void;
    this.startChain = new Promise<void>((r) => (release = r));
    try {
      await previous;
      const wait = this.lastStart + this.delayMs - Date.now();
      if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => {});
      this.lastStart = Date.now();
    } finally {
      release();
    }
  }

  leave(): void {
    this.active--;
    this.waiters.shift()?.();
  }

  wakeAll(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

export class InProcessRunner implements JobRunner {
  private readonly opts: RunnerOptions;
  private readonly controller = new AbortController();
  private readonly gates = new Map<string, HostGate>();

  constructor(opts: Partial<RunnerOptions> = {}) {
    this.opts = { ...DEFAULT_RUNNER_OPTIONS, ...opts };
  }

  get cancelled(): boolean {
    return this.controller.signal.aborted;
  }

  cancel(reason = 'cancelled'): void {
    if (this.cancelled) return;
    this.controller.abort(new Error(reason));
    for (const g of this.gates.values()) g.wakeAll();
  }

  private gate(host: string): HostGate {
    let g = this.gates.get(host);
    if (!g) this.gates.set(host, (g = new HostGate(this.opts.perHost, this.opts.hostDelayMs)));
    return g;
  }

  async run(jobs: Job[], handler: JobHandler, events: RunnerEvents = {}): Promise<RunSummary> {
    const summary: RunSummary = { done: 0, failed: 0, cancelled: 0 };
    const main = new PQueue({ concurrency: this.opts.concurrency });
    const browser = new PQueue({ concurrency: this.opts.browserConcurrency });
    const stop = this.controller.signal;

    const attemptOnce = async (job: Job, attempt: number): Promise<void> => {
      // A referenced timer (AbortSignal.timeout is unreferenced) so a stuck job still ends the run.
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), this.opts.jobTimeoutMs);
      const signal = AbortSignal.any([stop, timeout.signal]);
      let onAbort: (() => void) | undefined;
      // The handler gets the signal; the race makes sure a handler that ignores it cannot stall the run.
      const limit = new Promise<never>((_, reject) => {
        onAbort = () =>
          reject(
            stop.aborted
              ? stop.reason
              : new JobTimeoutError(`job ${job.key} passed its ${this.opts.jobTimeoutMs} ms limit`),
          );
        signal.addEventListener('abort', onAbort, { once: true });
      });
      limit.catch(() => {});
      try {
        await Promise.race([handler(job, signal, attempt), limit]);
      } finally {
        clearTimeout(timer);
        if (onAbort) signal.removeEventListener('abort', onAbort);
      }
    };

    const runJob = async (job: Job): Promise<void> => {
      if (stop.aborted) {
        summary.cancelled++;
        events.onFinish?.(job, 'cancelled');
        return;
      }
      const gate = this.gate(job.host);
      try {
        await gate.enter(stop);
      } catch {
        summary.cancelled++;
        events.onFinish?.(job, 'cancelled');
        return;
      }
      try {
        for (let attempt = 1; ; attempt++) {
          events.onStart?.(job, attempt);
          try {
            await attemptOnce(job, attempt);
            summary.done++;
            events.onFinish?.(job, 'done');
            return;
          } catch (e) {
            if (stop.aborted) {
              summary.cancelled++;
              events.onFinish?.(job, 'cancelled');
              return;
            }
            const err = e instanceof Error ? e : new Error(String(e));
            if (attempt > this.opts.retries) {
              summary.failed++;
              events.onFinish?.(job, 'failed', err);
              return;
            }
            const delay = this.opts.backoffMs * 2 ** (attempt - 1);
            events.onRetry?.(job, attempt, err, delay);
            await sleep(delay, undefined, { signal: stop }).catch(() => {});
          }
        }
      } finally {
        gate.leave();
      }
    };

    await Promise.all(jobs.map((job) => (job.usesBrowser ? browser : main).add(() => runJob(job))));
    return summary;
  }
}
