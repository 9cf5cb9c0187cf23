// payesh audit AGENCIES: plan, measure every target with every probe, score, report. Resumable.
import { Command, Option } from 'commander';
import { join } from 'node:path';
import { newRunId, runAudit } from '../audit/audit.ts';
import { finishRun } from '../audit/finish.ts';
import type { Agency } from '../agencies/model.ts';
import type { AgencyResult } from '../score/index.ts';
import { UsageError, type NetOptions } from '../net/options.ts';
import { openStore } from '../store/open.ts';
import { createLogger } from '../util/log.ts';
import { addDbOption, addNetOptions, EXIT, netFromOptions, printJson } from './common.ts';
import { addProbeOptions, probeSettingsFrom, queueRunnerFrom, runnerOptionsFrom } from './probe-options.ts';
import { checkMeasureOptions, openExistingStore, strictNumber } from './validate.ts';
import { redactSecrets } from '../util/redact.ts';

export function register(program: Command): void {
  const cmd = program
    .command('audit')
    .argument('[agencies]', 'agency list (CSV, Excel .xlsx, JSON or YAML); not needed with --resume')
    .description(
      'measure every agency in the list with every probe, score the checklist and write the report',
    )
    .option('--resume <run>', 'continue an interrupted run without repeating finished jobs')
    .option('--out <dir>', 'output folder (evidence, logs, reports under <dir>/runs/<run>)', 'payesh-out')
    .option('--checklist <id>', 'checklist to score', 'ito-p7')
    .option('--period <id>', 'evaluation period the run belongs to (e.g. 1403-p8)')
    .option('--format <list>', 'report formats: html,csv,json,xlsx,pdf', 'html,json')
    .option('--lang <lang>', 'report language: fa or en', 'fa')
    .option('--no-score', 'measure only; do not score or report')
    .option(
      '--fail-under <score>',
      'exit 1 when any agency scores below this total (0-100)',
      strictNumber('--fail-under', { min: 0, max: 100 }),
    )
    .option('--json', 'print the result as JSON on stdout')
    .option('--no-progress', 'no progress bar')
    .option('--no-wait', 'with --queue: return once the jobs are enqueued (score later with --resume)')
    .addOption(
      new Option(
        '--queue <redis-url>',
        'enqueue the jobs on Redis for `payesh worker` processes instead of running them here',
      ),
    );
  addProbeOptions(cmd);
  addDbOption(cmd);
  addNetOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  payesh audit agencies.csv
  payesh audit agencies.csv --period 1403-p8 --format html,csv,json,xlsx --fail-under 50
  payesh audit --resume 20261122-101500-ab12        continue after Ctrl-C or a crash
  payesh audit fixtures/agencies.demo.csv --allow-private --resolve www.nikan.test:47443:127.0.0.1 --extra-ca ca.pem`,
  );
  cmd.action(async (file: string | undefined, o: Record<string, unknown>) => {
    await auditAction(file, o);
  });
}

export interface AuditOutcome {
  runId: string;
  runDir: string;
  state: 'done' | 'interrupted';
  reports: string[];
  results: AgencyResult[];
}

export interface AuditOverrides {
  net?: NetOptions;
  /** Agencies given directly (payesh site) instead of read from a file. */
  agencies?: Agency[];
  /** Print the ranking and paths (default true). */
  print?: boolean;
}

/** The audit command's work, also used by `payesh demo` and `payesh site` with their own settings. */
export async function auditAction(
  file: string | undefined,
  o: Record<string, unknown>,
  over: AuditOverrides = {},
): Promise<AuditOutcome> {
  if (!file && !o.resume && !over.agencies) throw new UsageError('give an agency list, or --resume RUN');
  // Every option, and then the list, is checked before a database, folder or run is created.
  checkMeasureOptions(o);
  const net = over.net ?? netFromOptions(o);
  const { readAgencyListOrThrow } = await import('../agencies/load.ts');
  const agencies = over.agencies ?? (file && !o.resume ? await readAgencyListOrThrow(file) : []);
  const store = o.resume ? await openExistingStore(o.db as string) : await openStore(o.db as string);
  try {
    const run0 = o.resume ? await store.getRun(o.resume as string) : undefined;
    if (o.resume && !run0)
      throw new UsageError(`no run "${o.resume}" in ${redactSecrets(String(o.db))} (see payesh runs)`);
    const runId = (o.resume as string | undefined) ?? newRunId();
    const logFile = join(o.out as string, 'runs', runId, 'payesh.log');
    const log = createLogger({ file: logFile, console: o.json ? 'silent' : undefined });
    if (!o.json && !process.env.PAYESH_QUIET)
      process.stderr.write(`run ${runId}${o.resume ? ' (resumed)' : ''}; log: ${logFile}\n`);
    const result = await runAudit({
      store,
      agencies,
      agenciesFile: file ?? run0?.agenciesFile ?? '',
      outDir: o.out as string,
      net,
      log,
      runner: runnerOptionsFrom(o),
      resumeRunId: o.resume as string | undefined,
      runId,
      periodId: (o.period as string | undefined) ?? null,
      checklistId: o.checklist as string,
      probeSettings: probeSettingsFrom(o),
      allPages: o.allPages === true,
      recordOptions: { argv: process.argv.slice(2) },
      progress: o.progress !== false && !o.json,
      makeRunner: await queueRunnerFrom(o, runId),
    });
    if (result.interrupted && o.queue && o.wait === false) {
      // Enqueued for the workers; not an interruption.
      if (o.json) printJson({ run: result.run.id, state: 'enqueued', queue: redactSecrets(String(o.queue)) });
      else
        process.stderr.write(
          `run ${result.run.id}: jobs enqueued on ${redactSecrets(String(o.queue))}; workers measure them (payesh runs shows progress).\n` +
            `Score and report once done: payesh audit --resume ${result.run.id} --queue ${redactSecrets(String(o.queue))} --db ${redactSecrets(String(o.db))}\n`,
        );
      return { runId: result.run.id, runDir: result.runDir, state: 'interrupted', reports: [], results: [] };
    }
    if (result.interrupted) {
      if (o.json) printJson({ run: result.run.id, state: 'interrupted', ...result.summary });
      else
        process.stderr.write(
          `stopped; finished work is stored. Continue with: payesh audit --resume ${result.run.id} --db ${redactSecrets(String(o.db))}\n`,
        );
      process.exitCode = 130;
      return { runId: result.run.id, runDir: result.runDir, state: 'interrupted', reports: [], results: [] };
    }
    const fin = await finishRun(store, result.run, {
      score: o.score !== false,
      checklistId: o.checklist as string,
      periodId: (o.period as string | undefined) ?? result.run.periodId,
      formats: String(o.format)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      lang: o.lang as string,
      runDir: result.runDir,
      log,
    });
    const below =
      o.failUnder !== undefined
        ? fin.ranking.filter((r) => r.total === null || r.total < (o.failUnder as number))
        : [];
    if (over.print === false) {
      // The caller prints.
    } else if (o.json)
      printJson({
        run: result.run.id,
        state: 'done',
        runDir: result.runDir,
        ...result.summary,
        ranking: fin.ranking,
        reports: fin.reports,
      });
    else {
      for (const line of fin.lines) process.stdout.write(line + '\n');
      process.stdout.write(
        `run ${result.run.id} done: ${result.summary.done} jobs measured, ${result.jobsSkipped} already done before, ${result.summary.failed} failed\n`,
      );
      process.stdout.write(`evidence and log: ${result.runDir}\n`);
      // Evidence copied into the report folder is listed in the report itself, not here.
      for (const r of fin.reports.filter((f) => !/[\\/]evidence[\\/]/.test(f)))
        process.stdout.write(`report: ${r}\n`);
    }
    if (below.length) {
      process.stderr.write(
        `--fail-under ${o.failUnder}: ${below.map((r) => `${r.agencyId} (${r.total?.toFixed(2)})`).join(', ')} below\n`,
      );
      process.exitCode = EXIT.thresholdMissed;
    }
    return {
      runId: result.run.id,
      runDir: result.runDir,
      state: 'done',
      reports: fin.reports,
      results: fin.results,
    };
  } finally {
    await store.close();
  }
}
