// One browser load per target: axe, the responsive widths, the cross-browser check's Chromium side
// and the crawl's render read the same rendered page, with the verdicts a load of their own gives.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { defaultNetOptions, type NetOptions } from '../../src/net/options.ts';
import { createAxeProbe } from '../../src/probes/axe/index.ts';
import { createProbes, type ProbeSet } from '../../src/probes/registry.ts';
import { createResponsiveProbe } from '../../src/probes/responsive/index.ts';
import type { Measurement, ProbeContext, Target } from '../../src/probes/types.ts';
import { startSite, type FixtureSite } from '../../fixtures/browser/servers.ts';
import { fixedPage, goodPage } from '../../fixtures/browser/pages.ts';

const shell = `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>درگاه</title></head>
<body><div id="app"></div><script src="/app.js"></script></body></html>`;
const app = `document.getElementById('app').innerHTML = '<nav><a href="/desk">میز خدمت</a></nav><main><h1>درگاه</h1></main>';`;

describe('shared rendered page', () => {
  let site: FixtureSite;
  let runDir: string;
  let net: NetOptions;
  let ctx: ProbeContext;
  let set: ProbeSet;
  const browser = { settleMs: 100, firefoxPath: '/nonexistent/firefox' };
  const target = (path: string, id: number): Target => ({
    id,
    runId: 'r1',
    agencyId: 'A1',
    kind: 'portal',
    url: site.url(path),
    host: `127.0.0.1:${site.port}`,
  });

  before(async () => {
    site = await startSite({
      '/': { body: goodPage },
      '/fixed': { body: fixedPage },
      '/shell': { body: shell },
      '/app.js': { body: app, type: 'application/javascript' },
    });
    runDir = mkdtempSync(join(tmpdir(), 'payesh-shared-page-'));
    net = defaultNetOptions({ allowPrivate: true });
    ctx = { net, log: pino({ level: 'silent' }), signal: new AbortController().signal, runDir };
    set = await createProbes({ net, log: ctx.log, only: ['axe', 'responsive', 'crossbrowser'], browser });
  });
  after(async () => {
    await set?.close();
    await site?.close();
    if (runDir) rmSync(runDir, { recursive: true, force: true });
  });

  const facts = (m: Measurement) => m.values.facts;

  test('axe, responsive and the cross-browser check load the page once, with the verdicts of their own loads', async () => {
    const pages = await set.resources.pages();
    const byId = new Map(set.probes.map((p) => [p.id, p]));
    for (const path of ['/', '/fixed']) {
      const t = target(path, path === '/' ? 1 : 2);
      // The runner declares the three jobs that read the page, runs them, and says when each is done.
      for (let i = 0; i < 3; i++) await set.resources.expectPage(t);
      const before = site.hits.get(path) ?? 0;
      const loads = pages.stats.loads;
      const out: Record<string, Measurement> = {};
      for (const id of ['axe', 'responsive', 'crossbrowser']) {
        out[id] = await byId.get(id)!.run(t, ctx);
        await set.resources.pageDone(t);
      }
      assert.equal((site.hits.get(path) ?? 0) - before, 1, `${path} requested once by the browser`);
      assert.equal(pages.stats.loads - loads, 1);
      assert.equal(pages.open, 0, 'closed after the last job of the target');
      assert.equal(out.axe.error, undefined, JSON.stringify(out.axe.error));
      assert.equal(out.responsive.error, undefined, JSON.stringify(out.responsive.error));
      // No Firefox here: the Chromium side was read from the shared page, then Firefox was not available.
      assert.equal(out.crossbrowser.error?.type, 'not-available');

      // The same verdicts as each probe loading the page on its own.
      const own = { ...ctx, runDir: join(runDir, 'own') };
      const axeOwn = await createAxeProbe(browser, await set.resources.browser()).run(t, own);
      const respOwn = await createResponsiveProbe(browser, await set.resources.browser()).run(t, own);
      assert.deepEqual(facts(out.axe), facts(axeOwn));
      assert.deepEqual(facts(out.responsive), facts(respOwn));
      assert.deepEqual(out.responsive.values.failures, respOwn.values.failures);
      assert.deepEqual(out.responsive.values.findings, respOwn.values.findings);
      assert.deepEqual(
        (out.axe.values.violations as { id: string }[]).map((v) => v.id),
        (axeOwn.values.violations as { id: string }[]).map((v) => v.id),
      );
    }
    // Sanity: the fixed-width page fails at the phone width, the good page passes.
    assert.equal(pages.open, 0);
  });

  test('after the responsive widths the page is back at desktop size for the next probe', async () => {
    const pages = await set.resources.pages();
    const t = target('/', 3);
    await set.resources.expectPage(t);
    const resp = set.probes.find((p) => p.id === 'responsive')!;
    await resp.run(t, ctx);
    const width = await pages.use(t, net, ({ page }) => page.evaluate(() => window.innerWidth));
    assert.equal(width, 1366);
    await set.resources.pageDone(t);
    assert.equal(pages.open, 0);
  });

  test('an idle page is closed before a Lighthouse run takes the browser', async () => {
    const pages = await set.resources.pages();
    const pool = await set.resources.browser();
    const t = target('/', 5);
    await set.resources.expectPage(t);
    await set.resources.expectPage(t);
    await pages.use(t, net, async () => undefined);
    assert.equal(pages.open, 1);
    const { value } = await pool.withDebuggingPort(new URL(t.url), async () => pages.open);
    assert.equal(value, 0);
    // The next reader loads it again.
    const loads = pages.stats.loads;
    await set.probes.find((p) => p.id === 'axe')!.run(t, ctx);
    assert.equal(pages.stats.loads - loads, 1);
    await set.resources.pageDone(t);
    await set.resources.pageDone(t);
    assert.equal(pages.open, 0);
  });

  test("the crawl's render of a page built by script reads the target's shared load", async () => {
    const pages = await set.resources.pages();
    const render = (await set.resources.renderer())!;
    const t = target('/shell', 4);
    await set.resources.expectPage(t);
    await set.resources.expectPage(t);
    const html = await render(t.url);
    assert.match(html, /میز خدمت/);
    const axe = await set.probes.find((p) => p.id === 'axe')!.run(t, ctx);
    assert.equal(axe.error, undefined, JSON.stringify(axe.error));
    assert.equal(site.hits.get('/shell'), 1, 'rendered and audited from one load');
    await set.resources.pageDone(t);
    await set.resources.pageDone(t);
    assert.equal(pages.open, 0);
    // A page no job measures is loaded for the render alone and closed at once.
    await render(site.url('/'));
    assert.equal(pages.open, 0);
  });
});
