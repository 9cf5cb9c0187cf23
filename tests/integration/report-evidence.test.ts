// Evidence a person can read, on the agency page in Chromium: the link to Lighthouse's own HTML report
// beside the speed verdict, the axe summary table (rule, impact, count, first elements, help in Persian
// where the rule has a Persian summary), and the TLS reasons and uptime notes in the report's language.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { baseChromiumArgs } from '../../src/browser/launch-args.ts';
import { DEFAULT_BROWSER_SETTINGS } from '../../src/browser/settings.ts';
import { renderReports } from '../../src/report/index.ts';
import { tlsReasonFa } from '../../src/report/tls-text.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { buildWorld, type World } from './report-world.ts';

let dir: string;
let world: World;
let browser: Browser;
const out = (lang: string) => join(world.runDir, `report-${lang}`);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'payesh-evidence-'));
  world = await buildWorld(dir);
  const store = new SqliteStore(world.db);
  try {
    for (const lang of ['fa', 'en'] as const)
      await renderReports(store, world.runId, {
        formats: ['html'],
        outDir: out(lang),
        lang,
        runDir: world.runDir,
        now: '2024-05-02T00:00:00.000Z',
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

async function withPage<T>(file: string, fn: (page: Page, errors: string[]) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(pathToFileURL(file).href);
    return await fn(page, errors);
  } finally {
    await context.close();
  }
}

test("the speed verdict links Lighthouse's own HTML report of that page", async () => {
  const agencyPage = join(out('fa'), 'agencies', 'sepehr.html');
  const href = await withPage(agencyPage, async (page, errors) => {
    const link = page.locator('a.lh-report');
    assert.equal(await link.count(), 1, 'one measured service page, one report link');
    assert.equal((await link.textContent())?.trim(), 'گزارش Lighthouse');
    // Beside the median score in the same cell.
    assert.match((await link.locator('xpath=ancestor::td').textContent()) ?? '', /^[۰-۹]+/);
    assert.deepEqual(errors, []);
    return (await link.getAttribute('href'))!;
  });
  const file = join(out('fa'), 'agencies', decodeURIComponent(href));
  assert.ok(existsSync(file), `copied into the report folder: ${href}`);
  await withPage(file, async (page) => {
    assert.equal(await page.title(), 'Lighthouse Report');
    const lhr = (await page.evaluate('window.__LIGHTHOUSE_JSON__')) as {
      finalDisplayedUrl: string;
      categories: { performance: { score: number } };
    };
    assert.equal(lhr.finalDisplayedUrl, 'https://sepehr.test/s/1');
    assert.equal(Math.round(lhr.categories.performance.score * 100), 79);
  });
});

test('the axe table: rules by impact with counts, first elements and help in Persian where written', async () => {
  await withPage(join(out('fa'), 'agencies', 'sepehr.html'), async (page, errors) => {
    const rows = await page.$$eval('#axe-rules tbody tr', (trs) =>
      trs.map((tr) => ({
        rule: tr.getAttribute('data-rule'),
        cells: Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.trim() ?? ''),
        selectors: Array.from(tr.querySelectorAll('code.sel')).map((c) => c.textContent),
        fa: tr.querySelector('.help-fa')?.textContent ?? null,
        en: tr.querySelector('.help-en')?.textContent ?? null,
      })),
    );
    assert.deepEqual(
      rows.map((r) => r.rule),
      ['image-alt', 'link-name', 'frame-focusable-content'],
      'critical, serious, minor',
    );
    const [imageAlt, linkName, frame] = rows;
    assert.equal(imageAlt.cells[1], 'بحرانی');
    assert.equal(imageAlt.cells[2], '۳');
    assert.deepEqual(imageAlt.selectors, ['img.logo']);
    assert.match(imageAlt.fa ?? '', /^تصویر متن جایگزین ندارد/);
    assert.equal(linkName.cells[1], 'جدی');
    assert.equal(linkName.cells[2], '۵');
    assert.deepEqual(linkName.selectors, ['a.social > i', '#footer a:nth-child(2)']);
    assert.match(linkName.fa ?? '', /پیوند متن قابل‌خواندن ندارد/);
    // No Persian summary written for this rule: axe's English help, isolated left to right.
    assert.equal(frame.fa, null);
    assert.equal(frame.en, 'Frames with focusable content must not have tabindex=-1');
    assert.equal(await page.locator('#axe-rules .help-en bdi[dir="ltr"]').count(), 1);
    assert.deepEqual(errors, []);
  });
  await withPage(join(out('en'), 'agencies', 'sepehr.html'), async (page) => {
    const help = await page.$$eval('#axe-rules tbody tr td:last-child', (tds) =>
      tds.map((t) => t.textContent?.trim()),
    );
    assert.equal(help[0], 'Images must have alternate text');
    assert.equal(await page.locator('#axe-rules td', { hasText: 'critical' }).count(), 1);
  });
});

test('TLS reasons and uptime notes speak the report language', async () => {
  await withPage(join(out('fa'), 'agencies', 'sepehr.html'), async (page) => {
    const reasons = await page.$$eval('.tls-reasons li', (lis) => lis.map((l) => l.textContent ?? ''));
    assert.deepEqual(reasons, [
      '\u2066TLS 1.0\u2069 را می‌پذیرد (\u2066ECDHE-RSA-AES128-SHA\u2069) ← رتبه حداکثر \u2066B\u2069',
    ]);
    const main = (await page.textContent('main')) ?? '';
    assert.doesNotMatch(main, /capped at/);
    // Uptime: checks and the outage in Persian words and digits; the gap of the monitor's downtime.
    assert.match(main, /[۰-۹]+ بررسی از [۰-۹]+ بررسی مورد انتظار: [۰-۹]+ در دسترس، [۰-۹]+ قطع، ۰ مسدود/);
    assert.match(main, /۶ ساعت؛ پاسخ خطای HTTP ۵۰۳/);
    assert.match(main, /فاصله‌های بی‌بررسی \(۱، روی هم ۴ ساعت\)/);
    assert.match(main, /پایشگر روشن نبود/);
  });
  await withPage(join(out('en'), 'agencies', 'sepehr.html'), async (page) => {
    const reasons = await page.$$eval('.tls-reasons li', (lis) => lis.map((l) => l.textContent ?? ''));
    assert.deepEqual(reasons, ['accepts TLS 1.0 (cipher ECDHE-RSA-AES128-SHA) → capped at B']);
    const main = (await page.textContent('main')) ?? '';
    assert.match(main, /\d+ checks of \d+ expected: \d+ up, \d+ down, 0 blocked/);
    assert.match(main, /6 h; HTTP error 503/);
    assert.match(main, /the monitor was not running/);
  });
});

test('every reason shape the TLS grader writes has its Persian sentence', () => {
  const shapes = [
    'accepts SSL 2.0 → capped at F',
    'accepts SSL 3.0 (POODLE) → capped at C',
    'accepts TLS 1.1 → capped at B',
    'certificate key is RSA 1024 bits (below 2048) → capped at B',
    'DH parameters of 1024 bits (below 2048) → capped at B',
    'Android 4.4.2 negotiates 3DES, a 64-bit block cipher (DES-CBC3-SHA on TLS 1.2; Sweet32) → capped at C',
    'accepts RC4 (RC4-SHA on TLS 1.0), only with older protocols → capped at B',
    'does not support secure renegotiation (RFC 5746) → capped at C',
    'supports neither TLS 1.2 nor TLS 1.3 → capped at B',
    'no forward secrecy with any reference client (Chrome 49 gets AES128-GCM-SHA256 on TLS 1.2) → capped at B',
    'no AEAD cipher suite (GCM, CCM or ChaCha20-Poly1305) is accepted → capped at B',
    'vulnerable to Heartbleed (CVE-2014-0160): the server answered a heartbeat with 16384 bytes → capped at F',
    'numeric score 72 (protocol 95, key exchange 90, cipher 40) → B',
    'no Strict-Transport-Security header on https://a.test/ → A, not A+',
    'HSTS max-age 600 is shorter than 15552000 s (six months) → A, not A+',
    'certificate expired on 2024-01-01 → T (would be A if trusted)',
    'certificate is self-signed (CN=a.test) → T (would be B if trusted)',
    'certificate chain does not lead to a trusted root (unable to get local issuer certificate) → T (would be A if trusted)',
    "certificate does not match b.test (Host: b.test. is not in the cert's altnames) → M (would be A if it matched)",
  ];
  for (const s of shapes) assert.ok(tlsReasonFa(s), s);
  assert.equal(tlsReasonFa('something the grader never wrote'), null);
});
