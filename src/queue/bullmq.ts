// Distributed job runner on BullMQ (Redis). `payesh audit --queue` enqueues a run's jobs in a queue
// of their own and waits; `payesh worker` processes the jobs of every active run on any number of
// machines, sharing one store (PostgreSQL). Politeness per host holds across the fleet through
// Redis leases (host-lease.ts); retries use BullMQ's backoff; a killed worker's jobs come back
// through BullMQ's stalled-job checks, and a job whose measurement is already stored is not measured
// again.
import { DelayedError, Queue, QueueEvents, UnrecoverableError, Worker, type Job as BullJob } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { executeJob, TargetIndex, type RunProbes } from '../audit/execute.ts';
import type { RunBudgets } from '../audit/budget.ts';
import { runDirOf } from '../audit/audit.ts';
import { UsageError, type NetOptions } from '../net/options.ts';
import type { Store } from '../store/repository.ts';
import { HostLeases } from './host-lease.ts';
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

/** Redis set of run ids whose queues workers should serve. */
export const ACTIVE_RUNS_KEY = 'payesh:runs';
/** BullMQ's key prefix (its default). */
const PREFIX = 'bull';

export function queueNameOf(runId: string): string {
  return `payesh-run-${runId}`;
}

/** BullMQ job ids may not contain ':' (job keys do), and must be unique per run: run id + job key. */
export function jobIdOf(runId: string, key: string): string {
  return `${runId}.${key.replaceAll(':', '.')}`;
}

/** What a queued job carries: enough to run it anywhere, plus the run's politeness settings. */
export interface QueuedJobData {
  runId: string;
  key: string;
  probe: string;
  targetId: number;
  host: string;
  usesBrowser: boolean;
  perHost?: number;
  hostDelayMs?: number;
  jobTimeoutMs?: number;
}

/** BullMQ connection options from redis://[user:pass@]host:port[/db] or rediss://. */
export function connectionFromUrl(url: string): RedisOptions & { host: string; port: number } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`--queue ${url}: expected redis://HOST:PORT`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new UsageError(`--queue ${url}: expected redis://HOST:PORT or rediss://`);
  const db = u.pathname.replace(/^\//, '');
  if (db && !/^\d+$/.test(db)) throw new UsageError(`--queue ${url}: the path must be a database number`);
  return {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: Number(u.port || 6379),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    // Required by BullMQ for its blocking connections.
    maxRetriesPerRequest: null,
  };
}

function redactRedis(url: string): string {
  return url.replace(/\/\/([^@/]*):([^@/]*)@/, '//$1:***@');
}

/** A plain Redis client for payesh's own keys; fails fast with a usage error when Redis is unreachable. */
export async function connectRedis(url: string, timeoutMs = 5000): Promise<Redis> {
  const redis = new Redis({
    ...connectionFromUrl(url),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    retryStrategy: (n) => Math.min(n * 200, 2000),
  });
  redis.on('error', () => {}); // reconnects on its own; commands report failures
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.connect(),
      new Promise(
        (_, reject) =>
          (timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs)),
      ),
    ]);
    await redis.ping();
  } catch (e) {
    redis.disconnect();
    throw new UsageError(`--queue ${redactRedis(url)}: cannot reach Redis: ${(e as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
  return redis;
}

/** Recovers an error's name from BullMQ's failedReason ("JobTimeoutError: ..."), so the audit types it right. */
function errorFromReason(reason: string | undefined): Error {
  const m = /^(\w*Error): ([\s\S]*)$/.exec(reason ?? '');
  const e = new Error(m ? m[2] : (reason ?? 'failed'));
  if (m) e.name = m[1];
  return e;
}

export interface BullmqRunnerOptions extends Partial<RunnerOptions> {
  /** Return as soon as the jobs are enqueued (the run is then reported as not finished). */
  wait?: boolean;
  /** Accepted for symmetry with the in-process runner; the audit draws the progress bar from onFinish. */
  progress?: boolean;
  /** How often the queue's counts are checked while waiting. */
  pollMs?: number;
  log?: Logger;
}

/** The runner `payesh audit --queue` uses: enqueue every job, then wait until the fleet has finished them. */
export function makeBullmqRunner(redisUrl: string, runId: string, opts: BullmqRunnerOptions = {}): JobRunner {
  return new BullmqRunner(redisUrl, runId, opts);
}

export class BullmqRunner implements JobRunner {
  private stopWaiting?: () => void;
  private wasCancelled = false;
  private notWaited = false;

  constructor(
    readonly redisUrl: string,
    readonly runId: string,
    private readonly opts: BullmqRunnerOptions = {},
  ) {}

  /** True after cancel(), and after a --no-wait enqueue (the run is not finished when run() returns). */
  get cancelled(): boolean {
    return this.wasCancelled || this.notWaited;
  }

  cancel(): void {
    this.wasCancelled = true;
    this.stopWaiting?.();
  }

  async run(jobs: Job[], _handler: JobHandler, events: RunnerEvents = {}): Promise<RunSummary> {
    const summary: RunSummary = { done: 0, failed: 0, cancelled: 0 };
    const redis = await connectRedis(this.redisUrl);
    const connection = connectionFromUrl(this.redisUrl);
    const name = queueNameOf(this.runId);
    const queue = new Queue<QueuedJobData>(name, { connection, prefix: PREFIX });
    queue.on('error', () => {});
    let queueEvents: QueueEvents | undefined;
    try {
      const byId = new Map(jobs.map((j) => [jobIdOf(this.runId, j.key), j]));
      const finished = new Set<string>();
      const finish = (id: string, outcome: 'done' | 'failed', err?: Error) => {
        const job = byId.get(id);
        if (!job || finished.has(id)) return;
        finished.add(id);
        summary[outcome]++;
        events.onFinish?.(job, outcome, err);
      };
      if (this.opts.wait !== false) {
        // Start reading events from the stream's current end so nothing between now and the enqueue is missed.
        const last =
          (await redis.xrevrange(`${PREFIX}:${name}:events`, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
        queueEvents = new QueueEvents(name, { connection, prefix: PREFIX, lastEventId: last, autorun: true });
        queueEvents.on('error', () => {});
        queueEvents.on('completed', ({ jobId }) => finish(jobId, 'done'));
        queueEvents.on('failed', ({ jobId, failedReason }) =>
          finish(jobId, 'failed', errorFromReason(failedReason)),
        );
        await queueEvents.waitUntilReady();
      }

      const o = { ...DEFAULT_RUNNER_OPTIONS, ...this.opts };
      for (let i = 0; i < jobs.length; i += 500) {
        await queue.addBulk(
          jobs.slice(i, i + 500).map((j) => ({
            name: j.probe,
            data: {
              runId: this.runId,
              key: j.key,
              probe: j.probe,
              targetId: j.targetId,
              host: j.host,
              usesBrowser: !!j.usesBrowser,
              ...(this.opts.perHost !== undefined ? { perHost: o.perHost } : {}),
              ...(this.opts.hostDelayMs !== undefined ? { hostDelayMs: o.hostDelayMs } : {}),
              ...(this.opts.jobTimeoutMs !== undefined ? { jobTimeoutMs: o.jobTimeoutMs } : {}),
            },
            opts: {
              // The same id on resume: a job still queued or running is not added twice.
              jobId: jobIdOf(this.runId, j.key),
              attempts: o.retries + 1,
              backoff: { type: 'exponential', delay: o.backoffMs },
              // Finished jobs live in the store; keeping them here would block re-enqueueing on resume.
              removeOnComplete: true,
              removeOnFail: true,
            },
          })),
        );
      }
      // Announced after the jobs exist, so a worker never sees the run with an empty queue.
      await redis.sadd(ACTIVE_RUNS_KEY, this.runId);
      this.opts.log?.info({ run: this.runId, queue: name, jobs: jobs.length }, 'jobs enqueued for workers');
      if (this.opts.wait === false) {
        this.notWaited = true;
        return summary;
      }

      await new Promise<void>((resolve) => {
        let settledAt = 0;
        const timer = setInterval(async () => {
          try {
            if (finished.size >= byId.size) return done();
            if ((await remainingJobs(queue)) > 0) return void (settledAt = 0);
            // The queue is empty; give the last events a moment to arrive.
            settledAt ||= Date.now();
            if (Date.now() - settledAt > 3000) done();
          } catch {
            // Redis hiccup: keep waiting
          }
        }, this.opts.pollMs ?? 500);
        const done = () => {
          clearInterval(timer);
          this.stopWaiting = undefined;
          resolve();
        };
        this.stopWaiting = done;
        if (this.wasCancelled) done();
      });
      const unaccounted = byId.size - finished.size;
      if (this.wasCancelled) summary.cancelled += unaccounted;
      else summary.done += unaccounted; // left the queue without an event we saw: finished by a worker
      if (!this.wasCancelled) await redis.srem(ACTIVE_RUNS_KEY, this.runId);
      return summary;
    } finally {
      await queueEvents?.close().catch(() => {});
      await queue.close().catch(() => {});
      redis.disconnect();
    }
  }
}

/** Jobs of a run not finished yet: waiting, running, delayed (retries, politeness) or paused. */
export async function remainingJobs(queue: Queue): Promise<number> {
  const c = await queue.getJobCounts(
    'waiting',
    'active',
    'delayed',
    'prioritized',
    'paused',
    'waiting-children',
  );
  return Object.values(c).reduce((a, b) => a + b, 0);
}

// Drops a run from the active set only if its queue is empty, atomically with respect to BullMQ's
// own scripts (a resumed run re-announces itself after enqueueing).
const RETIRE_RUN = `
if redis.call('LLEN', KEYS[1]) + redis.call('LLEN', KEYS[2]) + redis.call('LLEN', KEYS[3])
   + redis.call('ZCARD', KEYS[4]) + redis.call('ZCARD', KEYS[5]) + redis.call('ZCARD', KEYS[6]) == 0 then
  return redis.call('SREM', KEYS[7], ARGV[1])
end
return -1
`;

export interface FleetWorkerOptions {
  redisUrl: string;
  store: Store;
  /** The probes (with their definitions), or those of a run (built with its checklist settings). */
  probes: RunProbes | ((runId: string) => Promise<RunProbes>);
  net: NetOptions;
  log: Logger;
  /** Run directories (screenshots, Lighthouse JSON) go under <outDir>/runs/<run>. */
  outDir: string;
  /** Jobs at once in this process. */
  concurrency: number;
  /** Browser jobs at once in this process. */
  browserConcurrency: number;
  /** Politeness and time limit for jobs that do not carry the audit's own. */
  defaults: Pick<RunnerOptions, 'perHost' | 'hostDelayMs' | 'jobTimeoutMs'>;
  /** Site and page budgets, counted over the jobs this process runs. */
  budgets?: RunBudgets;
  /** BullMQ lock: a job whose worker stops renewing it for this long is taken over by another worker. */
  lockDurationMs?: number;
  /** Host leases of a dead worker lapse after this long. */
  leaseTtlMs?: number;
  /** How often the set of active runs is read. */
  discoverEveryMs?: number;
  /** Serve only these runs (default: all). */
  runs?: string[];
  /** Called when the worker has had no active run for this long (e.g. to exit). */
  idleMs?: number;
  onIdle?(): void;
}

export interface FleetWorkerStats {
  measured: number;
  skipped: number;
  failed: number;
  postponed: number;
}

/** One `payesh worker` process: serves the queues of all active runs. */
export class FleetWorker {
  readonly id = `${hostname()}:${process.pid}`;
  readonly stats: FleetWorkerStats = { measured: 0, skipped: 0, failed: 0, postponed: 0 };
  private redis?: Redis;
  private leases?: HostLeases;
  private readonly workers = new Map<string, Worker<QueuedJobData>>();
  private readonly targets = new Map<string, TargetIndex>();
  private readonly stop = new AbortController();
  private discoverTimer?: NodeJS.Timeout;
  private idleSince = Date.now();
  private active = 0;
  private browserActive = 0;
  private slotWaiters: (() => void)[] = [];
  private closing = false;

  constructor(private readonly o: FleetWorkerOptions) {}

  async start(): Promise<void> {
    this.redis = await connectRedis(this.o.redisUrl);
    this.leases = new HostLeases(this.redis, {
      limit: this.o.defaults.perHost,
      delayMs: this.o.defaults.hostDelayMs,
      ttlMs: this.o.leaseTtlMs ?? 30_000,
    });
    await this.discover();
    this.discoverTimer = setInterval(
      () =>
        void this.discover().catch((e) =>
          this.o.log.warn({ err: (e as Error).message }, 'reading active runs failed'),
        ),
      this.o.discoverEveryMs ?? 1000,
    );
  }

  /** Runs currently served. */
  get servedRuns(): string[] {
    return [...this.workers.keys()];
  }

  private async discover(): Promise<void> {
    if (this.closing) return;
    let ids = await this.redis!.smembers(ACTIVE_RUNS_KEY);
    if (this.o.runs) ids = ids.filter((id) => this.o.runs!.includes(id));
    for (const id of ids) if (!this.workers.has(id)) this.serve(id);
    if (this.workers.size || this.active) this.idleSince = Date.now();
    else if (this.o.idleMs !== undefined && Date.now() - this.idleSince >= this.o.idleMs) this.o.onIdle?.();
  }

  private serve(runId: string): void {
    const lockDuration = this.o.lockDurationMs ?? 30_000;
    const w = new Worker<QueuedJobData>(queueNameOf(runId), (job, token) => this.process(job, token), {
      connection: connectionFromUrl(this.o.redisUrl),
      prefix: PREFIX,
      concurrency: this.o.concurrency,
      lockDuration,
      stalledInterval: lockDuration,
      // A job whose worker dies twice is failed rather than passed on forever.
      maxStalledCount: 2,
      name: this.id,
    });
    w.on('error', (e) => this.o.log.warn({ run: runId, err: e.message }, 'queue connection error'));
    w.on('stalled', (jobId) =>
      this.o.log.warn({ run: runId, job: jobId }, 'job of a stopped worker taken back'),
    );
    w.on('drained', () => void this.retire(runId).catch(() => {}));
    this.workers.set(runId, w);
    this.o.log.info({ run: runId, worker: this.id }, 'serving run');
  }

  /** Stops serving a run whose queue is empty (other workers may still finish its last jobs). */
  private async retire(runId: string): Promise<void> {
    const q = `${PREFIX}:${queueNameOf(runId)}`;
    const keys = ['wait', 'active', 'paused', 'delayed', 'prioritized', 'waiting-children'].map(
      (k) => `${q}:${k}`,
    );
    const r = Number(await this.redis!.eval(RETIRE_RUN, 7, ...keys, ACTIVE_RUNS_KEY, runId));
    if (r === -1) return;
    const w = this.workers.get(runId);
    if (!w || this.closing) return;
    this.workers.delete(runId);
    this.targets.delete(runId);
    this.o.log.info({ run: runId }, 'run has no jobs left; no longer serving it');
    await w.close().catch(() => {});
  }

  private async targetIndex(runId: string, targetId: number): Promise<TargetIndex> {
    let idx = this.targets.get(runId);
    if (!idx || !idx.get(targetId)) {
      idx = new TargetIndex(await this.o.store.listTargets(runId));
      this.targets.set(runId, idx);
    }
    return idx;
  }

  private async enterSlot(): Promise<void> {
    while (this.active >= this.o.concurrency) await new Promise<void>((r) => this.slotWaiters.push(r));
    this.active++;
  }

  private leaveSlot(): void {
    this.active--;
    this.slotWaiters.shift()?.();
  }

  private async postpone(
    job: BullJob<QueuedJobData>,
    token: string | undefined,
    ms: number,
    why: string,
  ): Promise<never> {
    this.stats.postponed++;
    // A little jitter so workers waiting on the same host do not all come back at once.
    const delay = Math.max(50, ms) + Math.floor(Math.random() * 200);
    this.o.log.debug({ job: job.data.key, host: job.data.host, delay, why }, 'job postponed');
    await job.moveToDelayed(Date.now() + delay, token);
    throw new DelayedError();
  }

  private async process(job: BullJob<QueuedJobData>, token?: string): Promise<unknown> {
    const d = job.data;
    const log = this.o.log;
    const rec = await this.o.store.getJob(d.runId, d.key);
    if (!rec) throw new UnrecoverableError(`job ${d.key} is not part of run ${d.runId} in this store`);
    if (rec.state === 'done' || rec.state === 'failed') {
      // Its worker died after storing the measurement and before telling the queue: do not measure twice.
      this.stats.skipped++;
      log.info({ run: d.runId, job: d.key }, 'job already measured; skipped');
      return { skipped: true };
    }
    if (d.usesBrowser && this.browserActive >= this.o.browserConcurrency)
      return this.postpone(job, token, 1000, 'browser busy');
    const leaseId = `${this.id}:${job.id}`;
    const lease = await this.leases!.acquire(d.host, leaseId, {
      ...(d.perHost !== undefined ? { limit: d.perHost } : {}),
      ...(d.hostDelayMs !== undefined ? { delayMs: d.hostDelayMs } : {}),
    });
    if (!lease.acquired) return this.postpone(job, token, lease.retryInMs, `host ${lease.reason}`);

    if (d.usesBrowser) this.browserActive++;
    await this.enterSlot();
    try {
      return await this.leases!.hold(d.host, leaseId, async () => {
        const attempt = job.attemptsMade + 1;
        try {
          await this.execute(d, attempt);
          this.stats.measured++;
          log.info({ run: d.runId, job: d.key }, 'job done');
          return { measured: true };
        } catch (e) {
          const err = e instanceof Error ? e : new Error(String(e));
          if (this.stop.signal.aborted) throw err; // shutting down: the job goes back to the queue
          const final = attempt >= (job.opts.attempts ?? 1);
          log.warn(
            { run: d.runId, job: d.key, attempt, final, err: err.message },
            final ? 'job failed after retries' : 'job failed; will retry',
          );
          if (final) {
            this.stats.failed++;
            await this.saveFailure(d, err);
            throw new UnrecoverableError(`${err.name}: ${err.message}`);
          }
          throw new Error(`${err.name}: ${err.message}`);
        }
      });
    } finally {
      this.leaveSlot();
      if (d.usesBrowser) this.browserActive--;
    }
  }

  private async execute(d: QueuedJobData, attempt: number): Promise<void> {
    const index = await this.targetIndex(d.runId, d.targetId);
    this.o.log.info(
      { run: d.runId, job: d.key, url: index.get(d.targetId)?.url, attempt, worker: this.id },
      'job started',
    );
    const runDir = runDirOf(this.o.outDir, d.runId);
    mkdirSync(runDir, { recursive: true });
    const limitMs = d.jobTimeoutMs ?? this.o.defaults.jobTimeoutMs;
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new JobTimeoutError(`job ${d.key} passed its ${limitMs} ms limit`)),
      limitMs,
    );
    const signal = AbortSignal.any([this.stop.signal, timeout.signal]);
    let onAbort: (() => void) | undefined;
    // The race makes sure a probe that ignores its signal cannot hold the slot past the limit.
    const limit = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    limit.catch(() => {});
    const job: Job = {
      key: d.key,
      probe: d.probe,
      targetId: d.targetId,
      host: d.host,
      usesBrowser: d.usesBrowser,
    };
    try {
      await Promise.race([
        executeJob(
          {
            store: this.o.store,
            ...(typeof this.o.probes === 'function' ? await this.o.probes(d.runId) : this.o.probes),
            net: this.o.net,
            runDir,
            log: this.o.log,
            budgets: this.o.budgets,
          },
          d.runId,
          index,
          job,
          signal,
        ),
        limit,
      ]);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  private async saveFailure(d: QueuedJobData, err: Error): Promise<void> {
    const t = new Date().toISOString();
    const index = await this.targetIndex(d.runId, d.targetId).catch(() => undefined);
    await this.o.store
      .saveMeasurement(d.runId, d.targetId, {
        probe: d.probe,
        url: index?.get(d.targetId)?.url ?? '',
        values: {},
        evidence: [],
        error: { type: err.name === 'JobTimeoutError' ? 'timeout' : 'internal', message: err.message },
        toolVersion: 'payesh',
        startedAt: t,
        finishedAt: t,
      })
      .catch((e) =>
        this.o.log.error({ job: d.key, err: (e as Error).message }, 'could not store the failure'),
      );
  }

  /**
   * Stops taking jobs. Gracefully, running jobs finish first; with `force`, they are aborted and go
   * back to the queue (another worker picks them up once their lock lapses).
   */
  async close(force = false): Promise<void> {
    this.closing = true;
    clearInterval(this.discoverTimer);
    if (force) this.stop.abort(new Error('worker stopping'));
    await Promise.all([...this.workers.values()].map((w) => w.close(force).catch(() => {})));
    this.workers.clear();
    this.redis?.disconnect();
  }
}
