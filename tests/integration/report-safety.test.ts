// Crawled text is hostile: a report built from an agency whose name, matched text, selectors, axe help
// and evidence links carry scripts, event handlers and javascript:/data: URLs must show them as text
// and run nothing. Stored in a real SQLite store, scored by the real scorer, opened in Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { baseChromiumArgs } from '../../src/browser/launch-args.ts';
import { DEFAULT_BROWSER_SETTINGS } from '../../src/browser/settings.ts';
import { chromium, type Browser } from 'playwright-core';
import { renderReports } from '../../src/report/index.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { buildWorld, HOSTILE } from './report-world.ts';

let dir: string;
let outDir: string;
let browser: Browser;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'payesh-report-hostile-'));
  const world = await buildWorld(dir, { hostile: true });
  outDir = join(dir, 'report');
  const store = new SqliteStore(world.db);
  try {
    await renderReports(store, world.runId, {
      formats: ['html', 'csv', 'json', 'xlsx'],
      outDir,
      lang: 'fa',
      runDir: world.runDir,
    });
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

async function inspect(file: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  try {
    await page.goto(pathToFileURL(file).href);
    // Fire the events injected handlers would wait for, so they would have had their chance.
    await page.evaluate(() =>
      document.querySelectorAll('main *').forEach((el) => {
        for (const type of ['mouseover', 'mouseenter', 'focus', 'click'])
          if (el.tagName !== 'A') el.dispatchEvent(new Event(type, { bubbles: true }));
      }),
    );
    // Clicks toggled the <details>; open them all so their text is visible to innerText.
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    return {
      pwned: await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null),
      scripts: await page.evaluate(() => document.scripts.length),
      handlers: await page.evaluate(
        () =>
          Array.from(document.querySelectorAll('*')).filter((e) =>
            Array.from(e.attributes).some((a) => /^on/i.test(a.name)),
          ).length,
      ),
      injected: await page.evaluate(
        () => document.querySelectorAll('main img:not(.shot), main svg[onload], main b[onmouseover]').length,
      ),
      hrefs: await page.evaluate(() =>
        Array.from(document.querySelectorAll('a[href]')).map((a) => (a as HTMLAnchorElement).protocol),
      ),
      text: await page.evaluate(() => document.body.innerText),
      dialogs,
      errors,
    };
  } finally {
    await context.close();
  }
}

test('hostile names, matched text, selectors and links are shown as text and never run', async () => {
  const national = await inspect(join(outDir, 'index.html'));
  assert.equal(national.pwned, null);
  assert.deepEqual(national.dialogs, []);
  assert.deepEqual(national.errors, []);
  assert.equal(national.scripts, 1, "only the report's own script");
  assert.equal(national.handlers, 0);
  assert.equal(national.injected, 0);
  assert.ok(national.text.includes('<script>window.__pwned="title"</script>'), 'the name shows as text');
  assert.ok(
    national.hrefs.every((p) => p === 'file:' || p === 'http:' || p === 'https:'),
    `link protocols: ${national.hrefs}`,
  );

  const pages = readdirSync(join(outDir, 'agencies'));
  const evil = pages.find((p) => p.startsWith('a-'));
  assert.match(
    evil ?? '',
    /^a-[0-9a-f]+\.html$/,
    `hostile agency id gets a safe file name: ${pages.join(' ')}`,
  );
  const agency = await inspect(join(outDir, 'agencies', evil!));
  assert.equal(agency.pwned, null);
  assert.deepEqual(agency.dialogs, []);
  assert.deepEqual(agency.errors, []);
  assert.equal(agency.scripts, 0);
  assert.equal(agency.handlers, 0);
  assert.equal(agency.injected, 0);
  assert.ok(
    agency.hrefs.every((p) => p === 'file:' || p === 'http:' || p === 'https:'),
    `link protocols: ${agency.hrefs}`,
  );
  assert.ok(agency.text.includes(HOSTILE.jsUrl), 'the javascript: URL is printed as text');
  assert.ok(agency.text.includes(HOSTILE.dataUrl), 'the data: URL is printed as text');
  assert.ok(
    agency.text.includes(`onerror="window.__pwned='text'"`),
    'matched text shows its markup literally',
  );
  assert.ok(agency.text.includes(HOSTILE.selector), 'selector shows literally');

  // Exports keep the text as data: CSV and JSON carry it verbatim (quoted), never as markup to run.
  const json = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8'));
  assert.ok(json.agencies.some((a: { nameFa: string }) => a.nameFa === HOSTILE.name));
  const csv = readFileSync(join(outDir, 'evidence.csv'), 'utf8');
  assert.ok(csv.includes(`"${HOSTILE.jsUrl.replace(/"/g, '""')}"`), 'CSV quotes the URL field');
});
