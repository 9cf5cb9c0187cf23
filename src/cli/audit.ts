// payesh audit AGENCIES: plan, measure every target with every probe, score, report. Resumable.
import { Command, Option } from 'commander';
import type { AuditRequest } from '../audit/service.ts';
import type { Agency } from '../agencies/model.ts';
import type { AgencyResult } from '../score/index.ts';
import { UsageError, type NetOptions } from '../net/options.ts';
import { addDbOption, addNetOptions, EXIT, netFromOptions, printJson } from './common.ts';
import { addProbeOptions, probeSettingsFrom, queueRunnerFrom, runnerOptionsFrom } from './probe-options.ts';
import { redactSecrets } from '../util/redact.ts';
import { checkMeasureOptions, openExistingStore, strictNumber } from './validate.ts';

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
      '--missing-as-zero',
      'count unverified indicators as 0 and give final totals (the official arithmetic); without it open points are listed and such totals are provisional',
    )
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

/** Options of audit, site and demo as one audit request. */
export function auditRequestFrom(
  file: string | undefined,
  o: Record<string, unknown>,
  over: AuditOverrides = {},
): AuditRequest {
  return {
    agenciesFile: file,
    agencies: over.agencies,
    resume: o.resume as string | undefined,
    db: o.db as string,
    outDir: o.out as string,
    net: over.net ?? netFromOptions(o),
    checklist: o.checklist as string,
    period: (o.period as string | undefined) ?? null,
    formats: String(o.format ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    lang: o.lang as string,
    score: o.score !== false,
    probes: probeSettingsFrom(o),
    runner: runnerOptionsFrom(o),
    allPages: o.allPages === true,
    makeRunner: (runId) => queueRunnerFrom(o, runId),
    progress: o.progress !== false && !o.json,
    quiet: !!o.json,
    ...(o.failUnder !== undefined ? { failUnder: o.failUnder as number } : {}),
    missingAsZero: o.missingAsZero === true,
  };
}

/** The audit command: parse, call the audit service, print. Also used by `payesh demo` and `payesh site`. */
export async function auditAction(
  file: string | undefined,
  o: Record<string, unknown>,
  over: AuditOverrides = {},
): Promise<AuditOutcome> {
  if (!file && !o.resume && !over.agencies) throw new UsageError('give an agency list, or --resume RUN');
  // Every option, and then the list, is checked before a database, folder or run is created.
  await checkMeasureOptions(o);
  const req = auditRequestFrom(file, o, over);
  // Resuming needs the database that has the run; a new audit creates one.
  if (o.resume) req.openStore = openExistingStore;
  if (!o.json && !process.env.PAYESH_QUIET)
    req.onStart = (runId, logFile) =>
      process.stderr.write(`run ${runId}${o.resume ? ' (resumed)' : ''}; log: ${logFile}\n`);
  // The measuring code (browser, Lighthouse, store) loads only once the options are known good.
  const { audit } = await import('../audit/service.ts');
  const r = await audit(req);
  if (r.state === 'interrupted' && o.queue && o.wait === false) {
    // Enqueued for the workers; not an interruption.
    if (o.json) printJson({ run: r.runId, state: 'enqueued', queue: redactSecrets(String(o.queue)) });
    else
      process.stderr.write(
        `run ${r.runId}: jobs enqueued on ${redactSecrets(String(o.queue))}; workers measure them (payesh runs shows progress).\n` +
          `Score and report once done: payesh audit --resume ${r.runId} --queue ${redactSecrets(String(o.queue))} --db ${redactSecrets(String(o.db))}\n`,
      );
    return { runId: r.runId, runDir: r.runDir, state: 'interrupted', reports: [], results: [] };
  }
  if (r.state === 'interrupted') {
    if (o.json) printJson({ run: r.runId, state: 'interrupted', ...r.summary });
    else
      process.stderr.write(
        `stopped; finished work is stored. Continue with: payesh audit --resume ${r.runId} --db ${redactSecrets(String(o.db))}\n`,
      );
    process.exitCode = 130;
    return { runId: r.runId, runDir: r.runDir, state: 'interrupted', reports: [], results: [] };
  }
  if (over.print === false) {
    // The caller prints.
  } else if (o.json)
    printJson({
      run: r.runId,
      state: 'done',
      runDir: r.runDir,
      ...r.summary,
      ranking: r.ranking,
      notMeasured: r.results
        .filter((a) => a.unreachable)
        .map((a) => ({ agencyId: a.agencyId, name: a.nameFa, error: a.unreachable })),
      reports: r.reports,
    });
  else {
    for (const line of r.lines) process.stdout.write(line + '\n');
    process.stdout.write(
      `run ${r.runId} done: ${r.summary.done} jobs measured, ${r.jobsSkipped} already done before, ${r.summary.failed} failed\n`,
    );
    process.stdout.write(`evidence and log: ${r.runDir}\n`);
    const unmeasured = r.results.filter((a) => a.unreachable);
    if (unmeasured.length)
      process.stdout.write(
        `${unmeasured.length} of ${r.results.length} agencies could not be measured${r.results[0]?.missingAsZero ? ' (scored 0: --missing-as-zero)' : ' (no total, no rank)'}:\n` +
          unmeasured
            .map((a) => `  ${a.agencyId} ${a.nameFa}: ${a.unreachable!.type}: ${a.unreachable!.message}\n`)
            .join(''),
      );
    // Evidence copied into the report folder is listed in the report itself, not here.
    for (const f of r.reports.filter((f) => !/[\\/]evidence[\\/]/.test(f)))
      process.stdout.write(`report: ${f}\n`);
  }
  if (r.below.length) {
    process.stderr.write(
      `--fail-under ${o.failUnder}: ${r.below.map((b) => `${b.agencyId} (${b.total?.toFixed(2)})`).join(', ')} below\n`,
    );
    process.exitCode = EXIT.thresholdMissed;
  }
  return { runId: r.runId, runDir: r.runDir, state: 'done', reports: r.reports, results: r.results };
}
