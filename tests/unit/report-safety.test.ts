// Escaping, URL and CSV safety, previous-period CSV import, trends and file names of the reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agencyFileName } from '../../src/report/agency-page.ts';
import { parseFormats } from '../../src/report/formats.ts';
import { Formatter } from '../../src/report/format.ts';
import { escapeHtml, html, linkOrText, safeHttpUrl } from '../../src/report/safe-html.ts';
import { csvField, toCsv } from '../../src/report/tables.ts';
import { xmlSafe } from '../../src/report/cell-text.ts';
import { buildTrend, readPreviousCsv } from '../../src/report/trends.ts';
import { loadChecklist } from '../../src/score/checklists.ts';
import type { AgencyResult } from '../../src/score/types.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('html tag escapes every interpolation, arrays included', () => {
  const evil = `<script>alert("x")</script>' onload=\`y\``;
  const out = html`<p title="${evil}">${[evil, html`<b>${evil}</b>`]}</p>`.value;
  assert.equal(out.includes('<script>'), false);
  assert.equal(out.includes('"x"'), false);
  assert.equal(escapeHtml(`&<>"'\``), '&amp;&lt;&gt;&quot;&#39;&#96;');
  assert.match(out, /^<p title="&lt;script&gt;/);
  assert.match(out, /<b>&lt;script&gt;/);
});

test('only absolute http(s) URLs become links', () => {
  assert.equal(safeHttpUrl('https://www.nikan.test/a?b=1'), 'https://www.nikan.test/a?b=1');
  assert.equal(safeHttpUrl('HTTP://X.TEST'), 'http://x.test/');
  for (const bad of [
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>1</script>',
    'vbscript:x',
    'file:///etc/passwd',
    '//evil.test/x',
    '/relative',
    '',
    'http://exa mple.test',
  ])
    assert.equal(safeHttpUrl(bad), null, bad);
  assert.match(
    linkOrText('javascript:alert(1)').value,
    /^<span class="unsafe-url"[^>]*>javascript:alert\(1\)<\/span>$/,
  );
  assert.match(
    linkOrText('https://a.test/"><x>').value,
    /^<a href="https:\/\/a\.test\/%22%3E%3Cx%3E" rel="noopener noreferrer nofollow"/,
  );
});

test('CSV fields: quoting, and crawled text never becomes a spreadsheet formula', () => {
  assert.equal(csvField('=HYPERLINK("http://x.test","click")'), `"'=HYPERLINK(""http://x.test"",""click"")"`);
  assert.equal(csvField('+98 21 1234'), "'+98 21 1234");
  assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvField(-3.5), '-3.5');
  assert.equal(csvField('سازمان، نیکان'), 'سازمان، نیکان');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('line\nbreak'), '"line\nbreak"');
  assert.equal(csvField(null), '');
  assert.equal(toCsv({ name: 't', columns: ['a', 'b'], rows: [[1, 'x']] }), '\uFEFFa,b\r\n1,x\r\n');
});

test('agency page names cannot leave the agencies folder', () => {
  assert.equal(agencyFileName('nikan'), 'nikan.html');
  assert.equal(agencyFileName('ito-2.b'), 'ito-2.b.html');
  for (const id of ['../../etc/passwd', 'a/b', 'سازمان', '..', 'x..y', '"><script>'])
    assert.match(agencyFileName(id), /^a-[0-9a-f]+\.html$/, id);
});

test('--format lists', () => {
  assert.deepEqual(parseFormats('html, CSV,html'), ['html', 'csv']);
  assert.deepEqual(parseFormats('pdf,html'), ['pdf', 'html']);
  assert.throws(() => parseFormats('html,pdff'), /unknown format "pdff"/);
  assert.throws(() => parseFormats(' , '), /at least one/);
});

test('Persian formatting: digits, decimal separator, Jalali dates kept left-to-right', () => {
  const fa = new Formatter('fa');
  assert.equal(fa.num(86.454), '۸۶٫۴۵');
  assert.equal(fa.signed(-2, 0), '−۲');
  assert.equal(fa.date('2024-03-20T12:00:00.000Z', false), '\u2066۱۴۰۳/۰۱/۰۱\u2069');
  const en = new Formatter('en');
  assert.equal(en.num(86.454), '86.45');
  assert.equal(en.dir, 'ltr');
  assert.equal(en.num(null), '—');
});

test('previous results CSV: the published sample, Persian headers and digits, and errors naming line and column', () => {
  const checklist = loadChecklist('ito-p7');
  const sample = readPreviousCsv(join(ROOT, 'fixtures', 'scoring', 'ito-p7-ranking-sample.csv'), checklist);
  assert.equal(sample[0].name, 'وزارت تعاون، کار و رفاه اجتماعی');
  assert.equal(sample[0].rank, 1);
  assert.equal(sample[0].total, 97.26);
  assert.equal(sample[0].priorities['user-centric'], 90.85);
  assert.equal(sample[0].priorities['participatory'], 100);

  const dir = mkdtempSync(join(tmpdir(), 'payesh-prev-'));
  try {
    const fa = join(dir, 'fa.csv');
    writeFileSync(
      fa,
      '\uFEFFنام دستگاه اجرایی;امتیاز کل;دولت شفاف\nسازمان نيكان;۸۶٫۴۵٪;۹۰\nوزارت سپهر;۵۰;\n',
    );
    const rows = readPreviousCsv(fa, checklist);
    assert.deepEqual(
      rows.map((r) => [r.name, r.total, r.rank, r.priorities.transparent]),
      [
        ['سازمان نيكان', 86.45, 1, 90],
        ['وزارت سپهر', 50, 2, null],
      ],
    );
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'rank,agency\n1,x\n');
    assert.throws(
      () => readPreviousCsv(bad, checklist),
      new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line 1: no total column`),
    );
    assert.throws(() => readPreviousCsv(join(dir, 'none.csv'), checklist), /no such file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('trends match by id or normalised name and rank the largest growth', () => {
  const agency = (agencyId: string, nameFa: string, total: number, rank: number) =>
    ({ agencyId, nameFa, total, rank }) as unknown as AgencyResult;
  const now = [
    agency('a', 'سازمان نیکان', 80, 1),
    agency('b', 'وزارت سپهر', 70, 2),
    agency('c', 'شرکت آریا', 60, 3),
    agency('d', 'سازمان کویر', 10, 4),
  ];
  const trend = buildTrend(
    now,
    [
      { agencyId: null, name: 'سازمان نيكان', total: 50, rank: 4, priorities: {} },
      { agencyId: 'b', name: null, total: 65, rank: 3, priorities: {} },
      { agencyId: 'c', name: null, total: 90, rank: 1, priorities: {} },
      { agencyId: null, name: 'سازمان گمشده', total: 40, rank: 2, priorities: {} },
    ],
    { kind: 'csv', file: '/x/period7.csv' },
  );
  assert.equal(trend.label, 'period7.csv');
  assert.deepEqual(
    trend.topRisers.map((r) => [r.agencyId, r.rankChange, r.scoreChange]),
    [
      ['a', 3, 30],
      ['b', 1, 5],
    ],
  );
  assert.deepEqual(trend.rows.find((r) => r.agencyId === 'c')?.rankChange, -2);
  assert.equal(trend.rows.find((r) => r.agencyId === 'd')?.rankBefore, null);
  assert.deepEqual(trend.unmatched, [{ name: 'سازمان گمشده' }]);
});

test('CSV fields for every Excel locale: ; and tab quoted, full-width and spaced formulas guarded', () => {
  assert.equal(csvField('a;b'), '"a;b"');
  assert.equal(csvField('a\tb'), '"a\tb"');
  assert.equal(csvField('\t=1+1'), `"'\t=1+1"`);
  assert.equal(csvField(' =cmd|"/c calc"!A1'), `"' =cmd|""/c calc""!A1"`);
  assert.equal(csvField('\uff1dSUM(A1)'), "'\uff1dSUM(A1)");
  assert.equal(csvField('-1;+2'), `"'-1;+2"`);
  assert.equal(csvField('ok\u0000\u001bx'), 'okx');
});

test('XLSX text: characters XML 1.0 forbids are removed, everything else kept', () => {
  assert.equal(xmlSafe('a\u0000b\u0008c\u000bd\u001fe\ufffef'), 'abcdef');
  assert.equal(xmlSafe('سطر\tیک\r\nدو'), 'سطر\tیک\r\nدو');
  assert.equal(xmlSafe('x\ud800y'), 'xy');
  assert.equal(xmlSafe('emoji \ud83d\ude00'), 'emoji \ud83d\ude00');
});
