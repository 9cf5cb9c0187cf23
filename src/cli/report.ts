// payesh report RUN: render a scored run as HTML, CSV, JSON and XLSX, optionally against a previous period.
import { Option, type Command } from 'commander';
import { join } from 'node:path';
import { UsageError } from '../net/options.ts';
import { parseFormats } from '../report/formats.ts';
import type { RenderOptions } from '../report/index.ts';
import { openExistingStore } from './validate.ts';
import { addDbOption, printJson } from './common.ts';

interface ReportOptions {
  db: string;
  format: string;
  out?: string;
  lang: string;
  checklist?: string;
  compare?: string;
  previous?: string;
  runDir?: string;
  json?: boolean;
  missingAsZero?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('report')
    .description(
      'write the reports of a scored run: national and agency pages (HTML), CSV, JSON and an XLSX workbook',
    )
    .argument('<run>', 'run id (see payesh runs)')
    .option(
      '--format <list>',
      'formats: html,csv,json,xlsx,pdf (pdf prints the HTML pages with Chromium)',
      'html,csv,json,xlsx',
    )
    .option('--out <dir>', 'folder to write into (default payesh-out/runs/<run>/report)')
    .addOption(
      new Option('--lang <lang>', 'language of the HTML and XLSX: fa (RTL, Jalali) or en')
        .choices(['fa', 'en'])
        .default('fa'),
    )
    .option('--checklist <id>', "checklist whose scores to render (default: the run's)")
    .option('--compare <run>', 'show score and rank changes against another stored run')
    .option(
      '--previous <file.csv>',
      "show changes against a previous period's published results (CSV: agency id or name, priority scores, total, rank)",
    )
    .option('--run-dir <dir>', 'folder the evidence files were written to (default payesh-out/runs/<run>)')
    .option(
      '--missing-as-zero',
      'score the run again counting unverified indicators as 0 (final totals) before writing the reports',
    )
    .option('--json', 'print the written files as JSON');
  addDbOption(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  payesh report 20261122-101500-ab12 --format html,xlsx --out report-1403-p8
  payesh report 20261122-101500-ab12 --lang en --compare 20260520-090000-cd34
  payesh report 20261122-101500-ab12 --previous results-period-7.csv`,
  );
  cmd.action(async (runId: string, o: ReportOptions) => {
    if (o.compare && o.previous)
      throw new UsageError('give either --compare RUN or --previous FILE.csv, not both');
    const formats = parseFormats(o.format);
    const runDir = o.runDir ?? join('payesh-out', 'runs', runId);
    const opts: RenderOptions = {
      formats,
      outDir: o.out ?? join(runDir, 'report'),
      lang: o.lang as 'fa' | 'en',
      checklistId: o.checklist,
      runDir,
      ...(o.compare
        ? { previous: { runId: o.compare } }
        : o.previous
          ? { previous: { csv: o.previous } }
          : {}),
    };
    const store = await openExistingStore(o.db);
    try {
      const [{ renderReports }, { scoreRun }] = await Promise.all([
        import('../report/index.ts'),
        import('../score/index.ts'),
      ]);
      if (o.missingAsZero) await scoreRun(store, runId, { checklistId: o.checklist, missingAsZero: true });
      const files = await renderReports(store, runId, opts);
      if (o.json) printJson({ run: runId, files });
      else {
        const main = files.filter((f) => !/[\\/](agencies|evidence)[\\/]/.test(f));
        for (const f of main) process.stdout.write(`${f}\n`);
        const pages = files.length - main.length;
        if (pages) process.stdout.write(`(+${pages} agency pages and evidence files)\n`);
      }
    } finally {
      await store.close();
    }
  });
}
