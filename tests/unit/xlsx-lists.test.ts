// Agency lists and evaluator input given as Excel (.xlsx) go through the CSV readers: the same
// row-level errors, with the sheet's row number as the line.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { loadAgencyList } from '../../src/agencies/load.ts';
import { parseAgencyList } from '../../src/agencies/load.ts';
import { loadChecklist, readInputFile } from '../../src/score/index.ts';
import { xlsxToCsv } from '../../src/util/xlsx-rows.ts';

const dir = mkdtempSync(join(tmpdir(), 'payesh-xlsx-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function workbook(file: string, rows: unknown[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('فهرست');
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(join(dir, file));
  return join(dir, file);
}

const HEADER = [
  'شناسه دستگاه',
  'نام دستگاه',
  'نشانی پرتال',
  'شناسه خدمت',
  'عنوان خدمت',
  'نشانی خدمت',
  'نوع خدمت',
];
const GOOD = [
  '101',
  'سازمان نمونه',
  'https://portal.sample.test',
  '1234567890',
  'ثبت، درخواست',
  'https://portal.sample.test/s/1',
  'G2C',
];
const BAD = ['102', 'سازمان دوم', 'ftp://portal.second.test', '', '', '', ''];

test('an .xlsx agency list is read like CSV, and a bad row gives that row’s error', async () => {
  const good = await loadAgencyList(await workbook('good.xlsx', [HEADER, GOOD]));
  assert.deepEqual(good.problems, []);
  assert.equal(good.agencies[0].id, '101');
  assert.equal(good.agencies[0].services[0].title, 'ثبت، درخواست');

  const file = await workbook('bad.xlsx', [HEADER, GOOD, BAD]);
  const bad = await loadAgencyList(file);
  assert.ok(bad.problems.length > 0);
  assert.ok(
    bad.problems.every((p) => p.line === 3),
    JSON.stringify(bad.problems),
  );
  // The same list as CSV gives the same problems.
  const csv = parseAgencyList(await xlsxToCsv(file), file, 'csv');
  assert.deepEqual(
    bad.problems.map((p) => [p.line, p.field, p.message]),
    csv.problems.map((p) => [p.line, p.field, p.message]),
  );
  const notBook = join(dir, 'not.xlsx');
  writeFileSync(notBook, 'agency_id\n1\n');
  assert.match((await loadAgencyList(notBook)).problems[0].message, /not a readable Excel workbook/);
});

test('evaluator input from .xlsx: rows validated with their sheet row as the line', async () => {
  const checklist = loadChecklist('ito-p7');
  const agencies = (await loadAgencyList(await workbook('agencies.xlsx', [HEADER, GOOD]))).agencies;
  const file = await workbook('inputs.xlsx', [
    ['agency', 'service', 'indicator', 'value', 'reason'],
    ['101', null, 6, 1, null],
    ['999', null, 6, 1, null],
    ['101', null, 6, 0.7, null],
  ]);
  const text = await xlsxToCsv(file);
  assert.throws(
    () => readInputFile(file, { checklist, agencies }, file, text),
    (e: Error) =>
      /line 3 \(agency\): unknown agency "999"/.test(e.message) &&
      /line 4 \(value\): 0\.7 is not an option of indicator 6/.test(e.message),
  );
  const ok = readInputFile(
    file,
    { checklist, agencies },
    file,
    (await xlsxToCsv(file)).split('\n').slice(0, 2).join('\n') + '\n',
  );
  assert.equal(ok.length, 1);
  assert.equal(ok[0].value, 1);
});
