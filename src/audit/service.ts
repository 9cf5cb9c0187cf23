// The audit service: one typed request, used by `audit`, `site` and `demo` (and, for building a
// run's probes, by `worker`). It reads the agency list, opens the store, measures, scores and
// writes reports; commands only parse options into a request and print the response.
import { join } from 'node:path';
import type { Agency } from '../agencies/model.ts';
import { UsageError } from '../core/errors.ts';
import type { NetOptions } from '../net/options.ts';
import { createProbes, type ProbeSet, type ProbeSettings } from '../probes/registry.ts';
import type { JobRunner, RunnerOptions, RunSummary } from '../queue/types.ts';
import type { AgencyResult } from '../score/index.ts';
import type { Store } from '../store/repository.ts';
import { openStore } from '../store/open.ts';
import { createLogger } from '../util/log.ts';
import { redactSecrets } from '../util/redact.ts';
import { newRunId, runAudit } from './audit.ts';
import type { RunProbes } from './execute.ts';
import { finishRun, type FinishResult } from './finish.ts';
import { checklistSettingsOf } from './settings.ts';

export interface AuditRequest {
  /** Agency list file; not needed with `resume` or `agencies`. */
  agenciesFile?: string;
  /** Agencies given directly (payesh site). */
  agencies?: Agency[];
  /** Continue this run instead of starting a new one. */
  resume?: string;
  db: string;
  outDir: string;
  net: NetOptions;
  checklist: string;
  period: string | null;
  formats: string[];
  lang: string;
  /** Score and report after measuring (false: measure only). */
  score: boolean;
  probes: Omit<ProbeSettings, 'net' | 'log'>;
  runner: Partial<RunnerOptions>;
  /** Measure every page with every probe (--all-pages). */
  allPages?: boolean;
  /** A distributed runner for --queue (workers measure). */
  makeRunner?: (runId: string) => Promise<(() => JobRunner) | undefined>;
  progress: boolean;
  /** No log lines on the console (JSON output). */
  quiet: boolean;
  /** Totals below this are reported in `below`. */
  failUnder?: number;
  /** Count unverified indicators as 0 (final totals); default: open points, provisional totals. */
  missingAsZero?: boolean;
  /** Opens the database (default: create it when missing). */
  openStore?: (db: string) => Promise<Store>;
  /** Told the run id and log file before measuring starts. */
  onStart?(runId: string, logFile: string): void;
}

export interface AuditResponse {
  runId: string;
  runDir: string;
  /** 'interrupted': stopped by a signal, or (with a queue and no wait) handed to the workers. */
  state: 'done' | 'interrupted';
  summary: RunSummary;
  jobsSkipped: number;
  ranking: FinishResult['ranking'];
  results: AgencyResult[];
  reports: string[];
  /** The ranking table for a person. */
  lines: string[];
  /** Agencies under failUnder. */
  below: FinishResult['ranking'];
}

export async function audit(req: AuditRequest): Promise<AuditResponse> {
  if (!req.agenciesFile && !req.resume && !req.agencies)
    throw new UsageError('give an agency list, or --resume RUN');
  // A broken list stops here, before a database or run is created.
  const { readAgencyListOrThrow } = await import('../agencies/load.ts');
  const agencies =
    req.agencies ?? (req.agenciesFile && !req.resume ? await readAgencyListOrThrow(req.agenciesFile) : []);
  const store = await (req.openStore ?? openStore)(req.db);
  try {
    const run0 = req.resume ? await store.getRun(req.resume) : undefined;
    if (req.resume && !run0)
      throw new UsageError(`no run "${req.resume}" in ${redactSecrets(req.db)} (see payesh runs)`);
    const runId = req.resume ?? newRunId();
    const logFile = join(req.outDir, 'runs', runId, 'payesh.log');
    const log = createLogger({ file: logFile, console: req.quiet ? 'silent' : undefined });
    req.onStart?.(runId, logFile);
    const result = await runAudit({
      store,
      agencies,
      agenciesFile: req.agenciesFile ?? run0?.agenciesFile ?? '',
      outDir: req.outDir,
      net: req.net,
      log,
      runner: req.runner,
      resumeRunId: req.resume,
      runId,
      periodId: req.period,
      checklistId: req.checklist,
      probeSettings: req.probes,
      allPages: req.allPages,
      recordOptions: { argv: process.argv.slice(2) },
      progress: req.progress,
      makeRunner: await req.makeRunner?.(runId),
    });
    const base = {
      runId: result.run.id,
      runDir: result.runDir,
      summary: result.summary,
      jobsSkipped: result.jobsSkipped,
    };
    if (result.interrupted)
      return { ...base, state: 'interrupted', ranking: [], results: [], reports: [], lines: [], below: [] };
    const fin = await finishRun(store, result.run, {
      score: req.score,
      checklistId: req.checklist,
      periodId: req.period ?? result.run.periodId,
      formats: req.formats,
      lang: req.lang,
      runDir: result.runDir,
      log,
      missingAsZero: req.missingAsZero === true,
    });
    const below =
      req.failUnder !== undefined
        ? fin.ranking.filter((r) => r.total === null || r.total < req.failUnder!)
        : [];
    return {
      ...base,
      state: 'done',
      ranking: fin.ranking,
      results: fin.results,
      reports: fin.reports,
      lines: fin.lines,
      below,
    };
  } finally {
    await store.close();
  }
}

/**
 * Probes for a worker serving many runs: built once per checklist of the runs it serves, so each
 * run's settings (wcagLevel, lighthouseRuns ...) reach its probes.
 */
export function workerProbes(settings: ProbeSettings & { store: Store }) {
  const sets = new Map<string, Promise<ProbeSet>>();
  const kits = new Map<ProbeSet, RunProbes>();
  const setFor = (checklistId: string | null) => {
    const key = checklistId ?? '';
    let set = sets.get(key);
    if (!set) {
      set = createProbes({ ...settings, checklist: checklistSettingsOf(checklistId) });
      sets.set(key, set);
    }
    return set;
  };
  return {
    /** The probes of the default checklist (to list what this worker can run). */
    initial: () => setFor(null),
    /** The probes of a run with their definitions, so stored measurements carry report details. */
    async forRun(runId: string): Promise<RunProbes> {
      const set = await setFor((await settings.store.getRun(runId))?.checklistId ?? null);
      let kit = kits.get(set);
      if (!kit)
        kits.set(
          set,
          (kit = {
            probes: new Map(set.probes.map((p) => [p.id, p])),
            definitions: new Map(set.definitions.map((d) => [d.id, d])),
          }),
        );
      return kit;
    },
    async close(): Promise<void> {
      for (const set of sets.values()) await (await set).close();
    },
  };
}
