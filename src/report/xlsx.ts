// Evaluator workbook (exceljs), made the way an evaluator would make it: a first sheet naming the run,
// checklist, period, weights, tool versions and time; then ranking, indicator values, option counts,
// evidence (one row per evidence item) and trends. Headers and words in the workbook's language,
// numbers as numbers with two decimals, dates as Jalali text beside real dates, indicator ids that sort
// as numbers, Excel tables with filters, band colours, A4 landscape print setup with the header row
// repeated. Right-to-left sheets for Persian. Only http(s) URLs become hyperlinks; text is never a formula.
import ExcelJS from 'exceljs';
import type { Evidence } from '../core/index.ts';
import { PAYESH_VERSION } from '../net/options.ts';
import { formatJalali } from '../text/jalali.ts';
import { xmlSafe } from './cell-text.ts';
import type { ReportData } from './data.ts';
import { LEVEL_LABELS, SOURCE_LABELS, type ReportLang } from './format.ts';
import { safeHttpUrl } from './safe-html.ts';
import { bandColor } from './svg.ts';
import {
  evidenceColumns,
  evidenceItemCells,
  indicatorsTable,
  openTable,
  optionCountsTable,
  rankingTable,
  trendsTable,
  type Cell,
  type Table,
} from './tables.ts';
import type { Trend } from './trends.ts';

type Bi = { fa: string; en: string };
const b = (fa: string, en: string): Bi => ({ fa, en });

const SHEET_NAMES: Record<string, Bi> = {
  about: b('درباره', 'About'),
  ranking: b('رتبه‌بندی', 'Ranking'),
  indicators: b('شاخص‌ها', 'Indicators'),
  option_counts: b('گزینه‌ها', 'Option counts'),
  evidence: b('شواهد', 'Evidence'),
  trends: b('روند', 'Trends'),
  open: b('موارد باز', 'Open'),
};

/** Column headers of every sheet (the CSV keeps the snake_case names; docs/reports.md lists both). */
export const XLSX_HEADERS: Record<string, Bi> = {
  rank: b('رتبه', 'Rank'),
  agency_id: b('شناسه دستگاه', 'Agency id'),
  name_fa: b('نام دستگاه', 'Agency (Persian)'),
  name_en: b('نام انگلیسی', 'Agency (English)'),
  band: b('سطح', 'Band'),
  total: b('امتیاز کل', 'Total'),
  total_points: b('امتیاز (از حداکثر)', 'Points'),
  max_points: b('حداکثر امتیاز', 'Maximum points'),
  missing_points: b('امتیاز اندازه‌گیری‌نشده', 'Points not measured'),
  missing_indicators: b('شاخص‌های اندازه‌گیری‌نشده', 'Indicators not measured'),
  service_id: b('شناسه خدمت', 'Service id'),
  service_title: b('عنوان خدمت', 'Service'),
  indicator_id: b('شاخص', 'Indicator'),
  priority: b('اولویت', 'Priority'),
  level: b('سطح سنجش', 'Level'),
  value: b('مقدار', 'Value'),
  option_fa: b('گزینه', 'Option (Persian)'),
  option_en: b('گزینه (انگلیسی)', 'Option'),
  source: b('منبع', 'Source'),
  reason: b('علت', 'Reason'),
  points: b('امتیاز', 'Points'),
  effective_weight: b('وزن مؤثر', 'Effective weight'),
  because_fa: b('چرا', 'Why (Persian)'),
  because_en: b('چرا (انگلیسی)', 'Why'),
  next_fa: b('گام بعد', 'Next step (Persian)'),
  next_en: b('گام بعد (انگلیسی)', 'Next step'),
  title_fa: b('عنوان شاخص', 'Indicator (Persian)'),
  title_en: b('عنوان انگلیسی', 'Indicator'),
  option_value: b('مقدار گزینه', 'Option value'),
  agencies: b('تعداد دستگاه‌ها', 'Agencies'),
  mean_percent: b('میانگین (درصد)', 'Mean (%)'),
  indicators: b('شاخص‌ها', 'Indicators'),
  probe: b('ابزار سنجش', 'Probe'),
  measured_url: b('نشانی سنجیده‌شده', 'Measured URL'),
  measured_at: b('زمان سنجش', 'Measured at'),
  measured_at_jalali: b('زمان سنجش (شمسی)', 'Measured at (Jalali)'),
  tool_version: b('نسخه ابزار', 'Tool version'),
  kind: b('نوع شاهد', 'Kind'),
  label: b('برچسب', 'Label'),
  url: b('نشانی', 'URL'),
  selector: b('انتخابگر', 'Selector'),
  text: b('متن', 'Text'),
  path: b('فایل', 'File'),
  count: b('تعداد', 'Count'),
  error_type: b('نوع خطا', 'Error type'),
  error_message: b('پیام خطا', 'Error message'),
  total_before: b('امتیاز قبلی', 'Total before'),
  score_change: b('تغییر امتیاز', 'Score change'),
  rank_before: b('رتبه قبلی', 'Rank before'),
  rank_change: b('تغییر رتبه', 'Rank change'),
};

/** Columns holding scores and weights: numbers shown with two decimals. */
const TWO_DECIMALS = new Set([
  'total',
  'total_points',
  'missing_points',
  'value',
  'points',
  'effective_weight',
  'mean_percent',
  'total_before',
  'score_change',
  'option_value',
]);

interface Sheet {
  name: string;
  columns: string[];
  rows: Cell[][];
  /** Cells that are real dates (Date objects) are kept as such; per-column extras. */
  dates?: Map<number, Date | null>[];
}

/** "12" -> 12 so indicator ids sort 1, 2, …, 10; ids like "3a" stay text. */
const sortableId = (v: Cell): Cell => (typeof v === 'string' && /^\d{1,4}$/.test(v) ? Number(v) : v);

/** Words shown to a person in the workbook's language (band, source, level, priority). */
function speak(d: ReportData, lang: ReportLang) {
  const pick = (x: Bi | undefined, raw: Cell) => (x ? x[lang] || x.fa || x.en : raw);
  const priorities = new Map(d.checklist.priorities.map((p) => [p.id, p.title]));
  const bands = new Map(d.checklist.bands.map((x) => [x.id, x.label]));
  return (column: string, v: Cell): Cell => {
    if (v === null || typeof v !== 'string') return v;
    if (column === 'band') return pick(bands.get(v), v);
    if (column === 'source') return pick(SOURCE_LABELS[v], v);
    if (column === 'level') return pick(LEVEL_LABELS[v], v);
    if (column === 'priority') return pick(priorities.get(v), v);
    if (column === 'indicator_id') return sortableId(v);
    return v;
  };
}

/** One row per evidence item: items shared by several indicators (one page read for many) appear once. */
export function evidenceItemsSheet(d: ReportData): Sheet {
  interface Item {
    base: Cell[];
    items: (Evidence | null)[];
    at: string;
    tool: string;
    indicators: Set<string>;
    error: Cell[];
  }
  const byKey = new Map<string, Item>();
  const inputs: Cell[][] = [];
  for (const a of d.agencies)
    for (const s of a.services)
      for (const r of s.indicators) {
        for (const use of r.facts)
          for (const m of use.measurements) {
            const k = m.id !== undefined ? `#${m.id}` : `${a.agencyId}|${m.probe}|${m.url}|${m.finishedAt}`;
            let e = byKey.get(k);
            if (!e) {
              e = {
                base: [a.agencyId, s.pseudo ? null : s.serviceId, m.probe, m.url],
                items: m.evidence.length ? m.evidence : [null],
                at: m.finishedAt,
                tool: m.toolVersion,
                indicators: new Set(),
                error: [m.error?.type ?? null, m.error?.message ?? null],
              };
              byKey.set(k, e);
            }
            e.indicators.add(r.indicatorId);
          }
        if (r.input?.evidenceUrl)
          inputs.push([
            a.agencyId,
            s.pseudo ? null : s.serviceId,
            sortableId(r.indicatorId),
            'evaluator-input',
            null,
            r.input.createdAt,
            null,
            'url',
            [r.input.author, r.input.note ?? r.input.reason].filter(Boolean).join(': '),
            r.input.evidenceUrl,
            null,
            null,
            null,
            null,
            null,
            null,
          ]);
      }
  const rows: Cell[][] = [];
  const sortIds = (ids: Set<string>) =>
    [...ids].sort((x, y) => Number(x) - Number(y) || x.localeCompare(y)).join('، ');
  for (const e of byKey.values()) {
    const ids = sortIds(e.indicators);
    const [agency, service, probe, url] = e.base;
    for (const it of e.items)
      rows.push([
        agency,
        service,
        ids.includes('، ') ? ids : sortableId(ids),
        probe,
        url,
        e.at,
        e.tool,
        ...evidenceItemCells(it),
        ...e.error,
      ]);
  }
  rows.push(...inputs);
  return {
    name: 'evidence',
    columns: evidenceColumns('indicators'),
    rows,
  };
}

function fitWidths(ws: ExcelJS.Worksheet, columns: string[], headers: string[], rows: Cell[][]): void {
  columns.forEach((_c, i) => {
    let w = headers[i].length + 4;
    for (const row of rows.slice(0, 500)) w = Math.max(w, Math.min(60, String(row[i] ?? '').length + 2));
    ws.getColumn(i + 1).width = w;
  });
}

function printSetup(ws: ExcelJS.Worksheet): void {
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: '1:1',
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
  };
  ws.headerFooter = { oddFooter: '&L payesh &R &P / &N' };
}

let tableCount = 0;

/** One sheet as an Excel table (filters, stripes), with the date columns split into text and real date. */
function addSheet(
  wb: ExcelJS.Workbook,
  t: Table | Sheet,
  d: ReportData,
  lang: ReportLang,
  linkColumns: string[] = [],
): ExcelJS.Worksheet {
  const say = speak(d, lang);
  const ws = wb.addWorksheet(SHEET_NAMES[t.name]?.[lang] ?? t.name, {
    views: [{ state: 'frozen', ySplit: 1, rightToLeft: lang === 'fa' }],
  });
  // Each date column gets a Jalali text column beside it.
  const dateIdx = t.columns.map((c, i) => (c === 'measured_at' ? i : -1)).filter((i) => i >= 0);
  const columns: string[] = [];
  t.columns.forEach((c, i) => {
    columns.push(c);
    if (dateIdx.includes(i)) columns.push(`${c}_jalali`);
  });
  const rows: (Cell | Date)[][] = t.rows.map((row) => {
    const out: (Cell | Date)[] = [];
    row.forEach((v, i) => {
      if (dateIdx.includes(i)) {
        const dt = typeof v === 'string' ? new Date(v) : null;
        const ok = dt && !Number.isNaN(dt.getTime());
        out.push(ok ? dt : v, ok ? formatJalali(dt, { time: true }) : null);
      } else {
        // Crawled text may carry characters XML forbids, which would make Excel refuse the workbook.
        const said = say(t.columns[i], v);
        out.push(typeof said === 'string' ? xmlSafe(said) : said);
      }
    });
    return out;
  });
  const headers = columns.map((c) => XLSX_HEADERS[c]?.[lang] ?? c);
  if (rows.length === 0) rows.push(columns.map(() => null));
  ws.addTable({
    name: `${t.name.replace(/[^A-Za-z_]/g, '_')}_${++tableCount}`,
    ref: 'A1',
    headerRow: true,
    style: { theme: 'TableStyleMedium2', showRowStripes: true },
    columns: headers.map((name) => ({ name, filterButton: true })),
    rows: rows as unknown[][],
  });
  ws.getRow(1).font = { bold: true };
  // Formats: two decimals for scores, a date format for dates, links for http(s) URLs.
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    if (TWO_DECIMALS.has(c)) col.numFmt = '0.00';
    if (c === 'measured_at') col.numFmt = 'yyyy-mm-dd hh:mm';
  });
  const linkIdx = linkColumns.map((c) => columns.indexOf(c)).filter((i) => i >= 0);
  rows.forEach((row, r) => {
    for (const i of linkIdx) {
      const href = typeof row[i] === 'string' ? safeHttpUrl(row[i] as string) : null;
      if (href) {
        const cell = ws.getCell(r + 2, i + 1);
        cell.value = { text: xmlSafe(String(row[i])), hyperlink: href };
        cell.font = { color: { argb: 'FF2266B0' }, underline: true };
      }
    }
  });
  fitWidths(ws, columns, headers, rows as Cell[][]);
  printSetup(ws);
  return ws;
}

/** The first sheet: what produced the workbook. */
function aboutSheet(wb: ExcelJS.Workbook, d: ReportData, lang: ReportLang, generatedAt: Date): void {
  const ws = wb.addWorksheet(SHEET_NAMES.about[lang], { views: [{ rightToLeft: lang === 'fa' }] });
  const L = (fa: string, en: string) => (lang === 'fa' ? fa : en);
  const versions = new Set<string>();
  for (const ms of d.measurementsByAgency.values()) for (const m of ms) versions.add(m.toolVersion);
  const rows: [string, ExcelJS.CellValue][] = [
    [L('اجرا', 'Run'), d.run.id],
    [
      L('چک‌لیست', 'Checklist'),
      `${d.checklist.id}: ${lang === 'fa' ? d.checklist.title.fa : d.checklist.title.en}`,
    ],
    [L('دوره', 'Period'), d.run.periodId ?? '—'],
    [L('فهرست دستگاه‌ها', 'Agency list'), d.run.agenciesFile],
    [L('تعداد دستگاه‌ها', 'Agencies'), d.agencies.length],
    [
      L('میانگین ملی', 'National mean'),
      d.nationalMean === null ? '—' : Math.round(d.nationalMean * 100) / 100,
    ],
    [L('زمان امتیازدهی', 'Scored at'), d.scoredAt ? new Date(d.scoredAt) : '—'],
    [
      L('زمان امتیازدهی (شمسی)', 'Scored at (Jalali)'),
      d.scoredAt ? formatJalali(new Date(d.scoredAt), { time: true }) : '—',
    ],
    [L('زمان ساخت این فایل', 'Workbook made'), generatedAt],
    [L('زمان ساخت (شمسی)', 'Workbook made (Jalali)'), formatJalali(generatedAt, { time: true })],
    [L('نسخه payesh', 'payesh version'), PAYESH_VERSION],
    [L('نسخه ابزارها', 'Tool versions'), [...versions].sort().join('; ') || '—'],
  ];
  for (const p of d.checklist.priorities)
    rows.push([`${L('وزن', 'Weight')}: ${lang === 'fa' ? p.title.fa : p.title.en}`, p.weight]);
  ws.columns = [{ width: 34 }, { width: 80 }];
  for (const [k, v] of rows) {
    const r = ws.addRow([k, typeof v === 'string' ? xmlSafe(v) : v]);
    r.getCell(1).font = { bold: true };
    if (v instanceof Date) r.getCell(2).numFmt = 'yyyy-mm-dd hh:mm';
    r.getCell(2).alignment = { horizontal: lang === 'fa' ? 'right' : 'left' };
  }
  printSetup(ws);
}

export async function writeXlsx(
  file: string,
  d: ReportData,
  lang: ReportLang,
  trend: Trend | null,
  generatedAt = new Date(),
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'payesh';
  wb.created = generatedAt;
  aboutSheet(wb, d, lang, generatedAt);
  const ranking = rankingTable(d);
  const ws = addSheet(wb, ranking, d, lang);
  // Band colours on the ranking's band cells, as on the national page.
  const bandCol = ranking.columns.indexOf('band') + 1;
  ranking.rows.forEach((row, i) => {
    const id = row[bandCol - 1];
    if (typeof id !== 'string') return;
    const cell = ws.getCell(i + 2, bandCol);
    cell.fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: 'FF' + bandColor(d.checklist.bands, id).slice(1) },
    };
    cell.font = { color: { argb: 'FFFFFFFF' }, bold: true };
  });
  addSheet(wb, indicatorsTable(d), d, lang);
  addSheet(wb, optionCountsTable(d), d, lang);
  addSheet(wb, evidenceItemsSheet(d), d, lang, ['measured_url', 'url']);
  addSheet(wb, openTable(d), d, lang);
  if (trend) addSheet(wb, trendsTable(trend), d, lang);
  await wb.xlsx.writeFile(file);
}
