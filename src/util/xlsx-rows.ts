// Reads the first sheet of an .xlsx workbook as CSV text, row for row, so agency lists and evaluator
// input given as Excel go through the same parser and give the same row-level errors as CSV (line N of
// the error is row N of the sheet).
import ExcelJS from 'exceljs';

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('hyperlink' in v) return String((v as { text?: unknown }).text ?? v.hyperlink);
    if ('result' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('error' in v) return String(v.error);
    return '';
  }
  return String(v);
}

const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The first worksheet as CSV; throws when the file is not a readable workbook. */
export async function xlsxToCsv(file: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  if (!ws) return '';
  const lines: string[] = [];
  const width = ws.columnCount;
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    while (lines.length < n - 1) lines.push('');
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(field(cellText(row.getCell(c).value).trim()));
    lines.push(cells.join(','));
  });
  return lines.join('\n') + '\n';
}
