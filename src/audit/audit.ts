// An audit: plan targets and jobs, run them (resumable), then score and report.
import { mkdirSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Agency } from '../agencies/model.ts';
import type { NetOptions } from '../net/options.ts';
import { UsageError } from '../net/options.ts';
import { StoreError, storeWrite } from '../core/errors.ts';
import { readAgencyListOrThrow } from '../agencies/load.ts';
import type { Probe } from '../core/index.ts';
import { planJobs, planTargets, type MeasurePlan } from '../plan/plan.ts';
import { createProbes, type AnyProbeDefinition, type ProbeSettings } from '../probes/registry.ts';
import { loadChecklist } from '../score/index.ts';
import { measurePlan } from './measure-plan.ts';
import { InProcessRunner } from '../queue/in-process.ts';
import type { Job, JobRunner, RunnerOptions, RunSummary } from '../queue/types.ts';
import type { RunRecord, Store } from '../store/repository.ts';
import { Progress } from '../util/progress.ts';
import { executeJob, TargetIndex } from './execute.ts';
import { checklistSettingsOf } from './settings.ts';
import { redactDeep } from '../util/redact.ts';
import { MAX_JOB_CRASHES, takeRunLease } from './lease.ts';
import { RunBudgets } from './budget.ts';

export interface AuditOptions {
  store: Store;
  agencies: Agency[];
  agenciesFile: string;
  outDir: string;
  net: NetOptions;
  log: Logger;
  runner?: Partial<RunnerOptions>;
  /** Continue this run instead of starting a new one. */
  resumeRunId?: string;
  /** Id for a new run (default: newRunId()). */
  runId?: string;
  periodId?: string | null;
  checklistId?: string | null;
  probeSettings?: Omit<ProbeSettings, 'net' | 'log'>;
  /** Options recorded with the run (so a resume can reuse them). */
  recordOptions?: Record<string, unknown>;
  progress?: boolean;
  /** Called once the run exists, before any job starts (the CLI prints the run id). */
  onRunCreated?(run: RunRecord): void;
  /** Measure every page with every probe, whatever the checklist reads (--all-pages). */
  allPages?: boolean;
  /** Supplies a different runner (distributed); default in-process. */
  makeRunner?(): JobRunner;
}

export interface AuditResult {
  run: RunRecord;
  runDir: string;
  summary: RunSummary;
  interrupted: boolean;
  jobsTotal: number;
  jobsSkipped: number;
}

export function newRunId(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}-${randomBytes(2).toString('hex')}`;
}

export function runDirOf(outDir: string, runId: string): string {
  return resolvePath(join(outDir, 'runs', runId));
}

/** Creates the run, its agencies, targets and jobs (idempotent for a resumed run). */
export async function prepareRun(
  o: AuditOptions,
  probes: Pick<Probe, 'id' | 'appliesTo' | 'usesBrowser'>[],
  definitions: readonly AnyProbeDefinition[] = [],
): Promise<{ run: RunRecord; plan: MeasurePlan | undefined }> {
  const { store } = o;
  let run: RunRecord | undefined;
  if (o.resumeRunId) {
    run = await store.getRun(o.resumeRunId);
    if (!run) throw new UsageError(`no run "${o.resumeRunId}" in the store (see payesh runs)`);
    if (run.state === 'done') throw new UsageError(`run ${run.id} is already done; nothing to resume`);
    // A run killed between its creation and its planning has no targets yet: plan it now.
    if ((await store.listTargets(run.id)).length === 0) {
      let agencies = await store.listAgencies(run.id);
      if (agencies.length === 0) {
        agencies = o.agencies.length ? o.agencies : await readAgencyListOrThrow(run.agenciesFile);
        await store.saveAgencies(run.id, agencies);
      }
      await store.addTargets(run.id, planTargets(agencies));
    }
  } else {
    if (o.periodId) await store.ensurePeriod({ id: o.periodId, name: o.periodId });
    run = await store.createRun({
      id: o.runId ?? newRunId(),
      periodId: o.periodId ?? null,
      agenciesFile: o.agenciesFile,
      checklistId: o.checklistId ?? null,
      options: redactDeep(o.recordOptions ?? {}),
    });
    await store.saveAgencies(run.id, o.agencies);
    await store.addTargets(run.id, planTargets(o.agencies));
  }
  const targets = await store.listTargets(run.id);
  // The checklist decides what is measured where, unless every page is asked for (--all-pages).
  const plan =
    run.checklistId && !o.allPages
      ? measurePlan(loadChecklist(run.checklistId), definitions, targets, await store.listAgencies(run.id))
      : undefined;
  // Probes named with --only run even when no indicator reads them: the person asked for them.
  if (plan && o.probeSettings?.only?.length) plan.unread.clear();
  await store.addJobs(
    run.id,
    planJobs(targets, probes, plan).map((j) => ({ probe: j.probe, targetId: j.targetId })),
  );
  return { run, plan };
}

export async function runAudit(o: AuditOptions): Promise<AuditResult> {
  const { store, log } = o;
  // The checklist's settings (wcagLevel, lighthouseRuns, countsAdjustTools ...) reach the probes here.
  const checklistId = o.resumeRunId
    ? ((await store.getRun(o.resumeRunId))?.checklistId ?? o.checklistId)
    : o.checklistId;
  const probeSet = await createProbes({
    net: o.net,
    log,
    ...o.probeSettings,
    checklist: { ...checklistSettingsOf(checklistId), ...(o.probeSettings?.checklist ?? {}) },
    store,
  });
  const definitions = new Map(probeSet.definitions.map((d) => [d.id, d]));
  // One process per run: a second resume of the same run is refused before it touches anything.
  let lease = o.resumeRunId
    ? await takeRunLease(store, o.resumeRunId).catch(async (e) => {
        await probeSet.close();
        throw e;
      })
    : null;
  try {
    const { run, plan } = await prepareRun(o, probeSet.probes, probeSet.definitions);
    lease ??= await takeRunLease(store, run.id);
    o.onRunCreated?.(run);
    const runDir = runDirOf(o.outDir, run.id);
    mkdirSync(runDir, { recursive: true });
    const reset = await store.resetRunningJobs(run.id);
    if (reset)
      log.info({ run: run.id, jobs: reset }, 'jobs left running by a stopped process will run again');
    await giveUpCrashedJobs(store, run.id, log);
    await store.setRunState(run.id, 'running');

    const targets = await store.listTargets(run.id);
    const index = new TargetIndex(targets);
    const probes = new Map(probeSet.probes.map((p) => [p.id, p]));
    const all = await store.listJobs(run.id);
    const pendingRecords = all.filter((j) => j.state === 'pending' && probes.has(j.probe));
    // Interleave hosts again so politeness limits do not serialise the queue.
    const pendingKeys = new Set(pendingRecords.map((j) => j.key));
    const pending: Job[] = planJobs(targets, probeSet.probes, plan).filter((j) => pendingKeys.has(j.key));
    const skipped = all.length - pending.length;
    log.info(
      { run: run.id, jobs: pending.length, alreadyDone: skipped, targets: targets.length },
      'audit started',
    );

    // Jobs that read a target's rendered page: the page is loaded once and closed after the last.
    const readsPage = new Set(probeSet.definitions.filter((d) => d.needs.includes('page')).map((d) => d.id));
    for (const j of pending) {
      const t = readsPage.has(j.probe) ? index.get(j.targetId) : undefined;
      if (t) await probeSet.resources.expectPage(t);
    }
    const pageDone = (job: Job) => {
      const t = readsPage.has(job.probe) ? index.get(job.targetId) : undefined;
      if (t)
        probeSet.resources
          .pageDone(t)
          .catch((e) => log.warn({ err: (e as Error).message }, 'closing a rendered page failed'));
    };

    const runner = o.makeRunner?.() ?? new InProcessRunner(o.runner);
    const progress = new Progress(pending.length, `run ${run.id}`, o.progress ?? !!process.stderr.isTTY);
    const stop = (sig: string) => {
      if (runner.cancelled) {
        log.warn('second signal: exiting now');
        process.exit(130);
      }
      log.warn({ signal: sig }, 'stopping: no new jobs; finished work is kept (resume with --resume)');
      runner.cancel(sig);
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    // The first store write that fails stops the run: nothing measured after it could be kept.
    let storeFailure: StoreError | null = null;
    const failStore = (e: unknown) => {
      storeFailure ??=
        e instanceof StoreError ? e : new StoreError(`store write failed: ${(e as Error)?.message ?? e}`);
      runner.cancel('store failure');
    };
    const onFinish = async (job: Job, outcome: 'done' | 'failed' | 'cancelled', err?: Error) => {
      if (outcome === 'cancelled') {
        await store.setJobState(run.id, job.key, 'pending').catch(() => {});
        return;
      }
      if (outcome === 'failed' && !(err instanceof StoreError)) {
        log.error({ job: job.key, err: err?.message }, 'job failed after retries');
        const t = new Date().toISOString();
        await storeWrite('failed job', () =>
          store.saveMeasurement(run.id, job.targetId, {
            probe: job.probe,
            url: index.get(job.targetId)?.url ?? '',
            values: {},
            evidence: [],
            error: {
              type: err?.name === 'JobTimeoutError' ? 'timeout' : 'internal',
              message: err?.message ?? 'failed',
            },
            toolVersion: 'payesh',
            startedAt: t,
            finishedAt: t,
          }),
        );
      }
      progress.tick(outcome === 'failed');
    };
    const budgets = new RunBudgets(o.runner);
    // The runners do not wait for onFinish; the run waits for every write it started before it ends.
    const finishing: Promise<void>[] = [];
    let summary: RunSummary;
    try {
      summary = await runner.run(
        pending,
        (job, signal) =>
          executeJob(
            { store, probes, net: o.net, runDir, log, definitions, budgets },
            run.id,
            index,
            job,
            signal,
          ).catch((e) => {
            if (e instanceof StoreError) failStore(e);
            throw e;
          }),
        {
          onRetry: (job, attempt, err, delay) =>
            log.warn({ job: job.key, attempt, delay, err: err.message }, 'job failed; retrying'),
          onFinish: (job, outcome, err) => {
            pageDone(job);
            finishing.push(onFinish(job, outcome, err).catch(failStore));
          },
        },
      );
    } finally {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      await Promise.all(finishing);
      progress.finish();
    }
    if (storeFailure) throw storeFailure;
    const interrupted = runner.cancelled;
    await store.setRunState(run.id, interrupted ? 'interrupted' : 'running');
    log.info(
      { run: run.id, ...summary, interrupted },
      interrupted ? 'audit interrupted' : 'measurements complete',
    );
    return {
      run: (await store.getRun(run.id))!,
      runDir,
      summary,
      interrupted,
      jobsTotal: all.length,
      jobsSkipped: skipped,
    };
  } finally {
    await lease?.release();
    await probeSet.close();
  }
}

/**
 * A job that was running each of the last MAX_JOB_CRASHES times the process died (out of memory, a
 * crash) would take the next resume down too: it is stored as failed with that reason instead.
 */
async function giveUpCrashedJobs(store: Store, runId: string, log: Logger): Promise<void> {
  const targets = new Map((await store.listTargets(runId)).map((t) => [t.id, t]));
  for (const j of await store.listJobs(runId, 'pending')) {
    if (j.crashes < MAX_JOB_CRASHES) continue;
    log.error({ job: j.key, crashes: j.crashes }, 'job crashed the process every time; marked failed');
    const t = new Date().toISOString();
    await store.saveMeasurement(runId, j.targetId, {
      probe: j.probe,
      url: targets.get(j.targetId)?.url ?? '',
      values: {},
      evidence: [],
      error: {
        type: 'crashed',
        message: `the process ended ${j.crashes} times while this job ran (out of memory or killed); not tried again`,
      },
      toolVersion: 'payesh',
      startedAt: t,
      finishedAt: t,
    });
  }
}
