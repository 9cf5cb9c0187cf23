// Reports from a real SQLite store scored by the real scorer: HTML opened in Chromium (no console
// errors, ranking order, sorting, Persian-aware filtering, screenshots), CSV/JSON/XLSX content, the
// report command with --compare and --previous, and its errors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { baseChromiumArgs } from '../../src/browser/launch-args.ts';
import { DEFAULT_BROWSER_SETTINGS } from '../../src/browser/settings.ts';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderReports } from '../../src/report/index.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { buildWorld, type World } from './report-world.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'payesh.mjs');
let dir: string;
let world: World;
let outDir: string;
let browser: Browser;
let files: string[];
let expectedOrder: string[];

const PREVIOUS_CSV =
  'agency_id,نام دستگاه,امتیاز کل,رتبه,user_centric\nnikan,,40,3,50\n,وزارت سپهر,15,4,۲۰٫۵\narya,,30,1,\n,سازمان ناشناس,50,2,\n';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'payesh-report-'));
  world = await buildWorld(dir);
  outDir = join(world.runDir, 'report');
  writeFileSync(join(dir, 'previous.csv'), PREVIOUS_CSV);
  const store = new SqliteStore(world.db);
  try {
    files = await renderReports(store, world.runId, {
      formats: ['html', 'csv', 'json', 'xlsx'],
      outDir,
      lang: 'fa',
      previous: { csv: join(dir, 'previous.csv') },
    });
    // Ranked agencies by rank, then those listed apart (kavir lists no services).
    expectedOrder = (await store.listScorecards(world.runId, 'ito-p7'))
      .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity))
      .map((c) => c.agencyId);
  } finally {
    await store.close();
  }
  browser = await chromium.launch({
    executablePath: DEFAULT_BROWSER_SETTINGS.chromePath,
    args: baseChromiumArgs(),
  });
});

after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(
  file: string,
  viewport = { width: 1366, height: 768 },
): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(file).href);
  return { page, errors, close: () => context.close() };
}

const rowOrder = (page: Page) =>
  page.$$eval('#ranking tbody tr:not(.hidden)', (rows) => rows.map((r) => r.getAttribute('data-agency')));

test('national page in Chromium: ranking order, sorting, filtering, no console errors, screenshots', async () => {
  assert.deepEqual(expectedOrder, ['nikan', 'sepehr', 'arya', 'kavir']);
  const rankedOrder = expectedOrder.slice(0, 3);
  const { page, errors, close } = await open(join(outDir, 'index.html'));
  try {
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.deepEqual(await rowOrder(page), rankedOrder);
    // An agency with no services is listed apart with the reason, not ranked.
    assert.match((await page.textContent('#not-ranked + ul')) ?? '', /سازمان کویر.*lists no services/s);
    // Persian digits in the rank column.
    assert.equal((await page.textContent('#ranking tbody tr:first-child td:first-child'))?.trim(), '۱');
    // Sort by total: first click ascending, second descending.
    const totalHeader = page.locator('#ranking thead th', { hasText: 'امتیاز کل' });
    await totalHeader.click();
    assert.deepEqual(await rowOrder(page), [...rankedOrder].reverse());
    await totalHeader.click();
    assert.deepEqual(await rowOrder(page), rankedOrder);
    // Filter with Arabic yeh/kaf finds the Persian spelling.
    await page.fill('[data-filter-for=ranking] input[type=search]', 'نيكان');
    assert.deepEqual(await rowOrder(page), ['nikan']);
    assert.equal(await page.textContent('[data-count]'), '۱');
    await page.fill('[data-filter-for=ranking] input[type=search]', '');
    await page.selectOption('[data-filter-for=ranking] select', 'weak');
    const weak = await rowOrder(page);
    assert.ok(weak.length >= 1 && !weak.includes('nikan'), `weak band rows: ${weak}`);
    await page.selectOption('[data-filter-for=ranking] select', '');
    // Charts, option counts and the growth table are there.
    assert.equal((await page.locator('svg.chart').count()) >= 1, true);
    assert.equal(await page.locator('#option-counts tbody tr').count(), 30);
    const risers = await page.$$eval('#top-risers tbody tr td:nth-child(2)', (tds) =>
      tds.map((t) => t.textContent?.trim()),
    );
    assert.deepEqual(risers, ['سازمان نیکان', 'وزارت سپهر']);
    assert.match((await page.textContent('#trends')) ?? '', /سازمان ناشناس/);
    await page.screenshot({ path: join(dir, 'national-desktop.png'), fullPage: false });
    await page.setViewportSize({ width: 360, height: 640 });
    await page.screenshot({ path: join(dir, 'national-phone.png') });
    assert.ok(statSync(join(dir, 'national-desktop.png')).size > 10_000);
    assert.ok(statSync(join(dir, 'national-phone.png')).size > 5_000);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('agency page: screenshots load, TLS reasons, Lighthouse and axe details, uptime chart, inputs, recommendations', async () => {
  const { page, errors, close } = await open(join(outDir, 'agencies', 'sepehr.html'));
  try {
    // Evidence sits in closed <details>; open them so the lazy images load.
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    const img = page.locator('img.shot').first();
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('img.shot')).every((i) => (i as HTMLImageElement).complete),
    );
    assert.ok(
      (await img.evaluate((i) => (i as HTMLImageElement).naturalWidth)) > 0,
      'copied screenshot loads',
    );
    const text = (await page.textContent('main')) ?? '';
    assert.match(text, /TLS 1\.0\u2069 را می‌پذیرد/);
    assert.match(text, /image-alt/);
    assert.match(text, /امضای الکترونیکی در حال بهره‌برداری/);
    assert.ok((await page.locator('.next').count()) > 0, 'recommendations shown');
    assert.equal((await page.locator('svg.uptime rect').count()) > 10, true);
    const evidenceLink = await page.getAttribute('a[href$="sepehr-2000000001.json"]', 'href');
    assert.ok(
      evidenceLink && existsSync(join(outDir, 'agencies', decodeURIComponent(evidenceLink))),
      `evidence file copied: ${evidenceLink}`,
    );
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('CSV, JSON and XLSX exports', async () => {
  const names = files.map((f) => f.slice(outDir.length + 1));
  for (const n of [
    'index.html',
    'ranking.csv',
    'indicators.csv',
    'option-counts.csv',
    'evidence.csv',
    'trends.csv',
    'report.json',
    'report.xlsx',
    'agencies/nikan.html',
  ])
    assert.ok(names.includes(n), `wrote ${n}`);
  const ranking = readFileSync(join(outDir, 'ranking.csv'), 'utf8');
  assert.ok(ranking.startsWith('\uFEFF'));
  const lines = ranking.slice(1).trim().split('\r\n');
  assert.equal(
    lines[0],
    'rank,agency_id,name_fa,name_en,band,total,total_points,max_points,user-centric,transparent,integrated,participatory,missing_points,missing_indicators,provisional,open_points,not_ranked_reason',
  );
  // Provisional totals are marked, and kavir (no services) says why it has no rank.
  assert.match(lines[1], /,true,\d+(\.\d+)?,$/);
  assert.match(lines[4], /^,kavir,.*,"Not ranked: the agency lists no services/);
  const open = readFileSync(join(outDir, 'open.csv'), 'utf8').trim().split('\r\n');
  assert.match(open[0], /^agency_id,name_fa,indicator_id,.*,close_fa,close_en$/);
  assert.ok(open.some((l) => /^nikan,.*,input-needed,.*payesh input set/.test(l)));
  assert.deepEqual(
    lines.slice(1).map((l) => l.split(',')[1]),
    expectedOrder,
  );
  const indicators = readFileSync(join(outDir, 'indicators.csv'), 'utf8').trim().split('\r\n');
  assert.equal(indicators.length - 1, 30 * (2 + 1 + 1 + 1)); // services: nikan 2, sepehr 1, arya 1, kavir stand-in

  const json = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8'));
  assert.equal(json.schema, 'payesh-report/1');
  assert.equal(json.run.id, world.runId);
  assert.deepEqual(
    json.agencies.map((a: { agencyId: string }) => a.agencyId),
    expectedOrder,
  );
  const nikan = json.agencies[0];
  assert.equal(nikan.provisional, true);
  assert.ok(nikan.openPoints > 0 && nikan.open.some((o: { close: { en: string } }) => o.close.en));
  assert.match(json.agencies[3].notRanked, /lists no services/);
  assert.equal(nikan.change.rankBefore, 3);
  assert.equal(nikan.change.rankChange, 2);
  assert.equal(nikan.change.totalBefore, 40);
  assert.equal(json.trend.unmatched[0].name, 'سازمان ناشناس');
  const speed = json.optionCounts.find((c: { indicatorId: string }) => c.indicatorId === '4');
  assert.equal(
    speed.options.reduce((s: number, o: { agencies: number }) => s + o.agencies, 0) +
      speed.mixed +
      speed.missing +
      speed.notApplicable,
    4,
  );

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(outDir, 'report.xlsx'));
  assert.deepEqual(
    wb.worksheets.map((w) => w.name),
    ['درباره', 'رتبه‌بندی', 'شاخص‌ها', 'گزینه‌ها', 'شواهد', 'موارد باز', 'روند'],
  );
  // The first sheet names the run, checklist, period, weights, versions and time.
  const about = new Map<string, unknown>();
  wb.worksheets[0].eachRow((row) => about.set(String(row.getCell(1).value), row.getCell(2).value));
  assert.equal(about.get('اجرا'), world.runId);
  assert.match(String(about.get('چک‌لیست')), /^ito-p7: /);
  assert.equal(about.get('دوره'), 'p8');
  assert.equal(about.get('نسخه payesh'), '0.1.0');
  assert.ok(about.get('زمان امتیازدهی') instanceof Date, 'a real date');
  assert.match(String(about.get('زمان امتیازدهی (شمسی)')), /^1[34]\d\d\/\d\d\/\d\d \d\d:\d\d$/);
  assert.ok(
    [...about.keys()].some((k) => k.startsWith('وزن: ')),
    'priority weights',
  );
  // Ranking: Persian headers, Persian band names, numbers as numbers with two decimals, an Excel table.
  const rankingSheet = wb.worksheets[1];
  assert.equal(rankingSheet.views[0].rightToLeft, true);
  const head = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).slice(1).map(String);
  assert.deepEqual(head(rankingSheet).slice(0, 6), [
    'رتبه',
    'شناسه دستگاه',
    'نام دستگاه',
    'نام انگلیسی',
    'سطح',
    'امتیاز کل',
  ]);
  assert.equal(rankingSheet.getRow(2).getCell(2).value, 'nikan');
  assert.equal(typeof rankingSheet.getRow(2).getCell(6).value, 'number');
  assert.equal(rankingSheet.getRow(2).getCell(6).numFmt, '0.00');
  assert.match(String(rankingSheet.getRow(2).getCell(5).value), /[\u0600-\u06FF]/, 'band in Persian');
  assert.ok(rankingSheet.getRow(2).getCell(5).fill, 'band colour');
  assert.ok(
    Object.keys((rankingSheet as unknown as { tables: object }).tables).length === 1,
    'an Excel table',
  );
  assert.equal(rankingSheet.pageSetup.orientation, 'landscape');
  // Indicators: ids are numbers (they sort 1, 2, …, 10), sources are Persian words.
  const ind = wb.worksheets[2];
  const idCol = head(ind).indexOf('شاخص') + 1;
  assert.equal(typeof ind.getRow(2).getCell(idCol).value, 'number');
  assert.ok(!head(ind).includes('indicator_id'));
  // Evidence: one row per evidence item (no repeats), dates as real dates beside Jalali text.
  const evidence = wb.worksheets[4];
  const eh = head(evidence);
  const urlCol = eh.indexOf('نشانی') + 1;
  const atCol = eh.indexOf('زمان سنجش') + 1;
  assert.ok(eh.includes('زمان سنجش (شمسی)'));
  let links = 0;
  const seen = new Set<string>();
  evidence.eachRow((row, n) => {
    if (n === 1) return;
    const key = JSON.stringify(row.values);
    assert.ok(!seen.has(key), `evidence row ${n} repeats an earlier one`);
    seen.add(key);
    if (n === 2) assert.ok(row.getCell(atCol).value instanceof Date);
    const v = row.getCell(urlCol).value as { hyperlink?: string } | string | null;
    if (v && typeof v === 'object' && v.hyperlink) {
      links++;
      assert.match(v.hyperlink, /^https?:\/\//);
    }
  });
  assert.ok(links > 0, 'evidence links are hyperlinks');
  const csvRows = readFileSync(join(outDir, 'evidence.csv'), 'utf8').trim().split('\n').length - 1;
  assert.ok(
    seen.size < csvRows,
    `the workbook lists each item once (${seen.size}), the CSV per indicator (${csvRows})`,
  );
});

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args, '--db', world.db], { encoding: 'utf8', cwd: ROOT });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('payesh report: --compare another run, --lang en, and clear errors', async () => {
  // A second, better run of the same agencies: arya improves most.
  await buildWorld(dir, { runId: 'run-later', qualityShift: 0.2 });
  const out2 = join(dir, 'report-en');
  const r = cli(
    'report',
    'run-later',
    '--format',
    'html,json',
    '--out',
    out2,
    '--lang',
    'en',
    '--compare',
    world.runId,
    '--run-dir',
    join(dir, 'out', 'runs', 'run-later'),
    '--json',
  );
  assert.equal(r.code, 0, r.err);
  const printed = JSON.parse(r.out) as { files: string[] };
  assert.ok(printed.files.some((f) => f.endsWith('index.html')));
  const json = JSON.parse(readFileSync(join(out2, 'report.json'), 'utf8'));
  assert.equal(json.trend.source.runId, world.runId);
  const arya = json.agencies.find((a: { agencyId: string }) => a.agencyId === 'arya');
  assert.ok(arya.change.scoreChange > 0, `arya improved: ${JSON.stringify(arya.change)}`);
  const html = readFileSync(join(out2, 'index.html'), 'utf8');
  assert.match(html, /<html lang="en" dir="ltr">/);
  assert.match(html, /Largest growth since the previous evaluation/);

  const badCsv = join(dir, 'bad.csv');
  writeFileSync(badCsv, 'agency,total\nوزارت سپهر,abc\nسازمان نیکان,140\n');
  const bad = cli('report', world.runId, '--out', join(dir, 'x'), '--previous', badCsv);
  assert.equal(bad.code, 2);
  assert.match(
    bad.err,
    new RegExp(`${badCsv.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line 2 \\(total\\): "abc" is not a number`),
  );
  assert.match(bad.err, /line 3 \(total\): 140 is outside 0-100/);
  const unknown = cli('report', 'no-such-run', '--out', join(dir, 'y'));
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /no run "no-such-run"/);
  const fmt = cli('report', world.runId, '--format', 'pdff', '--out', join(dir, 'z'));
  assert.equal(fmt.code, 2);
  assert.match(fmt.err, /unknown format "pdff"/);
});
