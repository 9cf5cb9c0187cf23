// The Persian agency page read as a person reads it, in Chromium: sentences name facts by their labels
// (never an internal key), values are spoken words, digits are Persian, and mixed-direction fragments
// such as the option "0.4 < x < 1" and its value keep their order on screen.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { baseChromiumArgs } from '../../src/browser/launch-args.ts';
import { DEFAULT_BROWSER_SETTINGS } from '../../src/browser/settings.ts';
import { renderReports } from '../../src/report/index.ts';
import { loadChecklist } from '../../src/score/checklists.ts';
import { factsOf } from '../../src/score/conditions.ts';
import { scoreRun } from '../../src/score/score-run.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { buildWorld, type World } from './report-world.ts';

let dir: string;
let page: string;
let browser: Browser;
let world: World;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'payesh-report-fa-'));
  world = await buildWorld(dir);
  const store = new SqliteStore(world.db);
  try {
    // Indicator 28's options are formulas ("0.4 < x < 1"): the line that used to be drawn out of order.
    await store.saveEvaluatorInput({
      periodId: 'p8',
      checklistId: 'ito-p7',
      agencyId: 'nikan',
      serviceId: null,
      indicatorId: '28',
      value: 0.5,
      notApplicable: false,
      reason: null,
      note: null,
      evidenceUrl: null,
      author: 'evaluator1',
      createdAt: '2021-07-15T20:00:00.000Z',
    });
    await scoreRun(store, world.runId, { checklistId: 'ito-p7' });
    await renderReports(store, world.runId, {
      formats: ['html'],
      outDir: join(world.runDir, 'report'),
      lang: 'fa',
    });
  } finally {
    await store.close();
  }
  page = join(world.runDir, 'report', 'agencies', 'nikan.html');
  browser = await chromium.launch({
    executablePath: DEFAULT_BROWSER_SETTINGS.chromePath,
    args: baseChromiumArgs(),
  });
});

after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('Persian agency page: no internal fact key or English value word in any sentence', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  try {
    const p = await context.newPage();
    await p.goto(pathToFileURL(page).href);
    // Open every evidence list so its lines are part of the rendered text.
    await p.$$eval('details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    const sentences = await p.$$eval(
      '#ind-3 td, tr[id^="ind-"] td:nth-child(4), tr[id^="ind-"] .ev li',
      (els) => els.map((e) => (e as HTMLElement).innerText),
    );
    assert.ok(sentences.length > 20, `sentences found: ${sentences.length}`);
    const keys = new Set<string>();
    for (const ind of loadChecklist('ito-p7').indicators) {
      for (const o of ind.options) if (o.when) factsOf(o.when).forEach((k) => keys.add(k));
      if (ind.requires) factsOf(ind.requires).forEach((k) => keys.add(k));
    }
    assert.ok(keys.has('a11y.level') && keys.has('speed.score'));
    const text = sentences.join('\n');
    for (const k of keys)
      assert.ok(
        !text.includes(k),
        `internal fact key "${k}" in: ${text.split('\n').find((l) => l.includes(k))}`,
      );
    // Values are spoken: no quoted English words such as "partial" or "none".
    assert.doesNotMatch(text, /"(partial|none|full|complete|services|general|published)"/);
    // Sentences use the labels (e.g. the speed score's) and Persian digits.
    assert.match(text, /امتیاز سرعت \(Lighthouse\)/);
    const why = await p.$$eval('tr[id^="ind-"] td:nth-child(4)', (els) =>
      els.map((e) => (e as HTMLElement).innerText),
    );
    // A payesh command quoted for the evaluator to copy keeps its Latin digits; the Persian around it may not.
    for (const line of why)
      assert.doesNotMatch(
        line.replace(/payesh [^\n]*/g, ''),
        /(?<![A-Za-z])[0-9]/,
        `Latin digit in: ${line}`,
      );
    // Each indicator shows its points of its weight ("… از …").
    assert.match(await p.innerText('#ind-3'), /[۰-۹٫]+ از [۰-۹٫]+/);
  } finally {
    await context.close();
  }
});

test('Persian agency page: the formula option and its value are drawn in reading order', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  try {
    const p = await context.newPage();
    await p.goto(pathToFileURL(page).href);
    const opt = p.locator('#ind-28 bdi.opt');
    assert.equal((await opt.innerText()).trim(), '۰٫۴ < x < ۱');
    // Where each piece lands on screen: inside the isolated formula left to right; the value "(۰٫۵)" after
    // it in Persian reading order, i.e. to its left.
    // (A string, so the bundler's helpers do not leak into the page.)
    const boxes = (await p.evaluate(`(() => {
      const box = (el, from, to) => {
        const r = document.createRange();
        r.setStart(el.firstChild, from);
        r.setEnd(el.firstChild, to);
        const b = r.getBoundingClientRect();
        return { left: b.left, right: b.right, top: b.top };
      };
      const o = document.querySelector('#ind-28 bdi.opt');
      const v = document.querySelector('#ind-28 bdi.opt-v').getBoundingClientRect();
      const s = o.textContent;
      return {
        low: box(o, 0, s.indexOf(' ')),
        x: box(o, s.indexOf('x'), s.indexOf('x') + 1),
        high: box(o, s.length - 1, s.length),
        value: { left: v.left, right: v.right, top: v.top },
      };
    })()`)) as Record<'low' | 'x' | 'high' | 'value', { left: number; right: number; top: number }>;
    assert.ok(boxes.low.right <= boxes.x.left, `"۰٫۴" left of "x": ${JSON.stringify(boxes)}`);
    assert.ok(boxes.x.right <= boxes.high.left, `"x" left of "۱": ${JSON.stringify(boxes)}`);
    if (Math.abs(boxes.value.top - boxes.low.top) < 4)
      assert.ok(boxes.value.right <= boxes.low.left, `"(۰٫۵)" left of the formula: ${JSON.stringify(boxes)}`);
    await p.locator('#ind-28').screenshot({ path: join(dir, 'formula-line.png') });
  } finally {
    await context.close();
  }
});

test('Persian agency page fits a 390 px phone screen', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  try {
    const p = await context.newPage();
    await p.goto(pathToFileURL(page).href);
    const width = await p.evaluate('document.documentElement.scrollWidth');
    assert.ok((width as number) <= 390, `page is ${width} px wide`);
  } finally {
    await context.close();
  }
});

test('--format pdf prints the national report with every ranking row, and each agency page', async () => {
  const out = join(dir, 'pdf');
  const store = new SqliteStore(world.db);
  let files: string[];
  try {
    files = await renderReports(store, world.runId, { formats: ['pdf'], outDir: out, lang: 'fa' });
  } finally {
    await store.close();
  }
  for (const a of ['nikan', 'sepehr', 'kavir', 'arya'])
    assert.ok(existsSync(join(out, 'agencies', `${a}.pdf`)), `${a}.pdf`);
  assert.ok(files.includes(join(out, 'report.pdf')));
  // pdftotext (poppler-utils, installed by scripts/setup.sh --tests) reads the text back.
  const text = execFileSync('pdftotext', ['-layout', join(out, 'report.pdf'), '-'], { encoding: 'utf8' })
    // Drop the direction marks pdftotext adds around RTL runs.
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  const ranking = text.split('\n').filter((l) => /سازمان نیکان|وزارت سپهر|سازمان کویر|شرکت آریا/.test(l));
  for (const name of ['سازمان نیکان', 'وزارت سپهر', 'سازمان کویر', 'شرکت آریا'])
    assert.ok(
      ranking.some((l) => l.includes(name)),
      `ranking row of ${name} in the PDF`,
    );
  // Page numbers and the Jalali date in the footer.
  assert.match(text, /payesh · ۱[۳۴][۰-۹]{2}\/[۰-۱][۰-۹]\/[۰-۳][۰-۹]/);
  assert.match(text, /1\/\d+/);
});
