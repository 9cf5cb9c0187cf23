// Evaluator workbook (exceljs): ranking, indicator values per agency, option counts per indicator,
// evidence links, and trends when compared. Right-to-left sheets for Persian. Only http(s) URLs
// become hyperlinks; cell text is stored as text, never as a formula.
import ExcelJS from 'exceljs';
import type { ReportData } from './data.ts';
import type { ReportLang } from './format.ts';
import { safeHttpUrl } from './safe-html.ts';
import {
  evidenceTable,
  indicatorsTable,
  optionCountsTable,
  rankingTable,
  trendsTable,
  type Table,
} from './tables.ts';
import type { Trend } from './trends.ts';

const SHEET_NAMES: Record<string, { fa: string; en: string }> = {
  ranking: { fa: 'رتبه‌بندی', en: 'Ranking' },
  indicators: { fa: 'شاخص‌ها', en: 'Indicators' },
  option_counts: { fa: 'گزینه‌ها', en: 'Option counts' },
  evidence: { fa: 'شواهد', en: 'Evidence' },
  trends: { fa: 'روند', en: 'Trends' },
};

function addSheet(wb: ExcelJS.Workbook, t: Table, lang: ReportLang, linkColumns: string[] = []): void {
  const ws = wb.addWorksheet(SHEET_NAMES[t.name]?.[lang] ?? t.name, {
    views: [{ state: 'frozen', ySplit: 1, rightToLeft: lang === 'fa' }],
  });
  ws.columns = t.columns.map((c) => ({ header: c, key: c, width: Math.min(50, Math.max(10, c.length + 2)) }));
  ws.getRow(1).font = { bold: true };
  const linkIdx = linkColumns.map((c) => t.columns.indexOf(c)).filter((i) => i >= 0);
  for (const row of t.rows) {
    const r = ws.addRow(row.map((v) => (v === null ? null : v)));
    for (const i of linkIdx) {
      const href = typeof row[i] === 'string' ? safeHttpUrl(row[i] as string) : null;
      if (href) {
        r.getCell(i + 1).value = { text: String(row[i]), hyperlink: href };
        r.getCell(i + 1).font = { color: { argb: 'FF2266B0' }, underline: true };
      }
    }
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
  // Widen text columns to their content, within reason.
  ws.columns.forEach((col, i) => {
    let w = t.columns[i].length + 2;
    for (const row of t.rows.slice(0, 500)) w = Math.max(w, Math.min(60, String(row[i] ?? '').length + 2));
    col.width = w;
  });
}

export async function writeXlsx(
  file: string,
  d: ReportData,
  lang: ReportLang,
  trend: Trend | null,
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'payesh';
  wb.created = new Date();
  addSheet(wb, rankingTable(d), lang);
  addSheet(wb, indicatorsTable(d), lang);
  addSheet(wb, optionCountsTable(d), lang);
  addSheet(wb, evidenceTable(d), lang, ['measured_url', 'url']);
  if (trend) addSheet(wb, trendsTable(trend), lang);
  await wb.xlsx.writeFile(file);
}
