// Reports: render the stored scores of a run as HTML (national and agency pages), CSV, JSON and
// XLSX. Reports read the store only; they never measure or score.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../net/options.ts';
import type { Store } from '../store/repository.ts';
import { agencyFileName, renderAgencyPage } from './agency-page.ts';
import { EvidenceFiles } from './assets.ts';
import { loadReportData } from './data.ts';
import { Formatter, type ReportLang } from './format.ts';
import { reportJson } from './json.ts';
import { renderNationalPage } from './national-page.ts';
import {
  evidenceTable,
  indicatorsTable,
  openTable,
  optionCountsTable,
  rankingTable,
  toCsv,
  trendsTable,
} from './tables.ts';
import { buildTrend, previousFromRun, readPreviousCsv, type Trend } from './trends.ts';
import { writeXlsx } from './xlsx.ts';

export type ReportFormat = 'html' | 'csv' | 'json' | 'xlsx' | 'pdf';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'csv', 'json', 'xlsx', 'pdf'];

export interface RenderOptions {
  /** Checklist whose stored scores to render; default the run's checklist (else ito-p7). */
  checklistId?: string;
  formats: ReportFormat[];
  outDir: string;
  /** fa (default): RTL, Persian digits, Jalali dates; en: LTR. */
  lang?: ReportLang;
  /** A previous period to compare with: a published results CSV, or another stored run. */
  previous?: { csv: string } | { runId: string };
  /**
   * Run directory the measurements' evidence paths are relative to (screenshots, Lighthouse and axe JSON
   * are copied from there). Default: the parent of outDir when it holds an evidence/ folder, as for
   * an audit's <out>/runs/<run>/report.
   */
  runDir?: string;
  /** Time stamp written into the reports (tests pass a fixed one). */
  now?: string;
}

export { parseFormats } from './formats.ts';

/** Writes the requested formats into outDir and returns the files written (absolute paths). */
export async function renderReports(store: Store, runId: string, o: RenderOptions): Promise<string[]> {
  const formats = [...new Set(o.formats)];
  for (const f of formats)
    if (!REPORT_FORMATS.includes(f))
      throw new UsageError(`unknown report format "${f}" (use ${REPORT_FORMATS.join(', ')})`);
  const lang: ReportLang = o.lang ?? 'fa';
  if (lang !== 'fa' && lang !== 'en') throw new UsageError(`--lang ${String(lang)}: use fa or en`);
  const data = await loadReportData(store, runId, o.checklistId);

  let trend: Trend | null = null;
  if (o.previous && 'csv' in o.previous)
    trend = buildTrend(data.agencies, readPreviousCsv(o.previous.csv, data.checklist), {
      kind: 'csv',
      file: o.previous.csv,
    });
  else if (o.previous && 'runId' in o.previous) {
    if (o.previous.runId === runId)
      throw new UsageError('--compare: give a different run than the one reported');
    trend = buildTrend(data.agencies, await previousFromRun(store, o.previous.runId, data.checklist.id), {
      kind: 'run',
      runId: o.previous.runId,
    });
  }

  const outDir = resolve(o.outDir);
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  const write = (rel: string, content: string) => {
    const file = join(outDir, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    written.push(file);
  };
  const generatedAt = o.now ?? new Date().toISOString();

  // PDF is printed from the HTML pages, so asking for it writes them too.
  if (formats.includes('html') || formats.includes('pdf')) {
    const f = new Formatter(lang, generatedAt);
    const parent = dirname(outDir);
    const runDir = o.runDir ?? (existsSync(join(parent, 'evidence')) ? parent : null);
    const files = new EvidenceFiles(runDir, outDir);
    write('index.html', renderNationalPage(data, f, trend));
    for (const a of data.agencies)
      write(
        join('agencies', agencyFileName(a.agencyId)),
        renderAgencyPage(a, data, files, f, '../index.html'),
      );
    for (const rel of files.copied) written.push(join(outDir, rel));
    if (formats.includes('pdf')) {
      const { printPdfs } = await import('./pdf.ts');
      const jobs = [{ html: join(outDir, 'index.html'), pdf: join(outDir, 'report.pdf') }];
      for (const a of data.agencies) {
        const html = join(outDir, 'agencies', agencyFileName(a.agencyId));
        jobs.push({ html, pdf: html.replace(/\.html$/, '.pdf') });
      }
      written.push(...(await printPdfs(jobs, f)));
    }
  }
  if (formats.includes('csv')) {
    write('ranking.csv', toCsv(rankingTable(data)));
    write('indicators.csv', toCsv(indicatorsTable(data)));
    write('option-counts.csv', toCsv(optionCountsTable(data)));
    write('evidence.csv', toCsv(evidenceTable(data)));
    write('open.csv', toCsv(openTable(data)));
    if (trend) write('trends.csv', toCsv(trendsTable(trend)));
  }
  if (formats.includes('json'))
    write('report.json', JSON.stringify(reportJson(data, trend, generatedAt), null, 2) + '\n');
  if (formats.includes('xlsx')) {
    const file = join(outDir, 'report.xlsx');
    await writeXlsx(file, data, lang, trend, new Date(generatedAt));
    written.push(file);
  }
  return written;
}
