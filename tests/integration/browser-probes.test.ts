// The browser probes against loopback pages with known properties (real Chromium, runs: 1).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { BrowserPool } from '../../src/browser/pool.ts';
import { defaultNetOptions } from '../../src/net/options.ts';
import { createAxeProbe, type AxeValues } from '../../src/probes/axe/index.ts';
import { createLighthouseProbe, type LighthouseValues } from '../../src/probes/lighthouse/index.ts';
import { createResponsiveProbe, type ResponsiveValues } from '../../src/probes/responsive/index.ts';
import type { ProbeContext, Target } from '../../src/probes/types.ts';
import { startSite, type FixtureSite } from '../../fixtures/browser/servers.ts';
import {
  badA11yPage,
  fixedPage,
  goodPage,
  hiddenNavPage,
  menuButtonPage,
  noZoomPage,
  slowPage,
  slowScript,
} from '../../fixtures/browser/pages.ts';

describe('browser probes', () => {
  let site: FixtureSite;
  let runDir: string;
  let pool: BrowserPool;
  let ctx: ProbeContext;
  const settings = { runs: 1, settleMs: 100 };
  const target = (path: string, id?: number): Target => ({
    agencyId: 'nemooneh',
    kind: 'portal',
    url: site.url(path),
    host: `127.0.0.1:${site.port}`,
    id,
  });

  before(async () => {
    site = await startSite({
      '/': { body: goodPage },
      '/slow': { body: slowPage },
      '/slow.js': { body: slowScript, type: 'application/javascript', delayMs: 1500 },
      '/bad': { body: badA11yPage },
      '/fixed': { body: fixedPage },
      '/nozoom': { body: noZoomPage },
      '/hidden-nav': { body: hiddenNavPage },
      '/menu-button': { body: menuButtonPage },
    });
    runDir = mkdtempSync(join(tmpdir(), 'payesh-browser-'));
    const net = defaultNetOptions({ allowPrivate: true });
    pool = new BrowserPool(net, settings);
    ctx = { net, log: pino({ level: 'silent' }), signal: new AbortController().signal, runDir };
  });
  after(async () => {
    await pool?.close();
    await site?.close();
    if (runDir) rmSync(runDir, { recursive: true, force: true });
  });

  test('lighthouse: a page with a slow render-blocking script scores clearly lower than a fast one', async () => {
    const probe = createLighthouseProbe(settings, pool);
    const fast = await probe.run(target('/', 1), ctx);
    const slow = await probe.run(target('/slow', 2), ctx);
    assert.equal(fast.error, undefined, JSON.stringify(fast.error));
    assert.equal(slow.error, undefined, JSON.stringify(slow.error));
    const f = fast.values.facts!['speed.score'] as number;
    const s = slow.values.facts!['speed.score'] as number;
    assert.ok(f - s >= 10, `fast ${f} vs slow ${s}`);
    ctx.log.info({ fast: f, slow: s }, 'lighthouse scores');
    assert.match(fast.toolVersion, /^lighthouse\/12\.\d+\.\d+ chromium\/\d+$/);
    const v = slow.values as unknown as LighthouseValues;
    assert.equal(v.runs.length, 1);
    assert.deepEqual(v.spread, { min: s, max: s });
    assert.ok((v.metrics.tbtMs ?? 0) > 0, `TBT ${v.metrics.tbtMs}`);
    for (const k of ['fcpMs', 'lcpMs', 'cls', 'speedIndexMs', 'ttfbMs', 'totalBytes', 'requests'] as const)
      assert.equal(typeof v.metrics[k], 'number', k);
    assert.equal(v.runs[0].file, join('evidence', 'lighthouse', 't2-run1.json'));
    const lhr = JSON.parse(readFileSync(join(runDir, v.runs[0].file), 'utf8'));
    assert.equal(Math.round(lhr.categories.performance.score * 100), s);
    assert.equal(lhr.configSettings.formFactor, 'desktop');
    // Lighthouse's own HTML report of the median run, for people.
    assert.equal(v.html, join('evidence', 'lighthouse', 't2.html'));
    const page = readFileSync(join(runDir, v.html), 'utf8');
    assert.match(page, /<title>Lighthouse Report<\/title>/);
    assert.match(page, /__LIGHTHOUSE_JSON__/);
    assert.ok(slow.evidence.some((e) => e.path === v.html));
  });

  test('axe: finds image-alt with its selector and the other level-A violations on a bad page', async () => {
    const m = await createAxeProbe(settings, pool).run(target('/bad'), ctx);
    assert.equal(m.error, undefined, JSON.stringify(m.error));
    const v = m.values as unknown as AxeValues;
    const ids = v.violations.map((x) => x.id);
    for (const id of ['image-alt', 'html-has-lang', 'link-name', 'button-name', 'label'])
      assert.ok(ids.includes(id), `${id} in ${ids}`);
    assert.ok(!ids.includes('color-contrast'), 'contrast is level AA, not audited at A');
    const imageAlt = v.violations.find((x) => x.id === 'image-alt')!;
    assert.equal(imageAlt.nodes[0].selector, '.logo');
    assert.match(imageAlt.nodes[0].html, /<img class="logo"/);
    assert.ok(imageAlt.wcag.includes('wcag111'));
    assert.match(imageAlt.helpUrl, /dequeuniversity\.com\/rules\/axe\/.*\/image-alt/);
    assert.equal(m.values.facts!['a11y.violations'], ids.length);
    assert.notEqual(m.values.facts!['a11y.level'], 'full');
    assert.equal(m.values.facts!['a11y.adjustTools'], false);
    assert.ok(m.evidence.some((e) => e.kind === 'selector' && e.selector === '.logo'));
    assert.ok(existsSync(join(runDir, v.file)));
  });

  test('axe: no level-A violation on the good page; font-size and contrast controls found', async () => {
    const m = await createAxeProbe(settings, pool).run(target('/'), ctx);
    const v = m.values as unknown as AxeValues;
    assert.deepEqual(v.violations, []);
    assert.equal(m.values.facts!['a11y.level'], 'full');
    assert.equal(m.values.facts!['a11y.adjustTools'], true);
    const kinds = v.aids.map((a) => a.kind);
    assert.ok(
      kinds.includes('font-size') && kinds.includes('contrast') && kinds.includes('toolbar'),
      String(kinds),
    );
    assert.equal(v.aids.find((a) => a.kind === 'font-size')?.selector, '#font-up');
  });

  test('axe at level AA also audits colour contrast', async () => {
    const m = await createAxeProbe({ ...settings, wcagLevel: 'AA' }, pool).run(target('/bad'), ctx);
    const ids = (m.values as unknown as AxeValues).violations.map((x) => x.id);
    assert.ok(ids.includes('color-contrast'), String(ids));
  });

  test('responsive: a fixed-width page fails with the failing checks named; screenshots per width', async () => {
    const m = await createResponsiveProbe(settings, pool).run(target('/fixed', 7), ctx);
    assert.equal(m.error, undefined, JSON.stringify(m.error));
    const v = m.values as unknown as ResponsiveValues;
    assert.equal(m.values.facts!['responsive.ok'], false);
    for (const f of ['overflow@360', 'overflow@768', 'text-size@360'])
      assert.ok(v.failures.includes(f), `${f} in ${v.failures}`);
    // Zoom limits and overlapping tap targets are findings, never failures on their own.
    assert.deepEqual(v.findings, ['viewport-meta', 'tap-targets@360']);
    assert.ok(!v.failures.includes('overflow@1366'), String(v.failures));
    assert.equal(v.widths[0].overflow.scrollWidth >= 1200, true);
    assert.match(v.widths[0].overflow.elements[0].selector, /body/);
    const overlap = v.widths[0].tapTargets!.overlaps[0];
    assert.deepEqual([overlap.a, overlap.b], ['#n1', '#n2']);
    for (const w of v.widths) {
      assert.equal(w.screenshot, join('evidence', 'screenshots', `t7-${w.width}x${w.height}.png`));
      assert.ok(statSync(join(runDir, w.screenshot!)).size > 1000);
    }
  });

  test('responsive: a fluid page passes at every width; a no-zoom viewport tag is a finding, not a failure', async () => {
    const probe = createResponsiveProbe(settings, pool);
    const good = await probe.run(target('/'), ctx);
    assert.equal(
      good.values.facts!['responsive.ok'],
      true,
      JSON.stringify((good.values as unknown as ResponsiveValues).failures),
    );
    const noZoom = await probe.run(target('/nozoom'), ctx);
    const nz = noZoom.values as unknown as ResponsiveValues;
    assert.deepEqual(nz.failures, []);
    assert.deepEqual(nz.findings, ['viewport-meta']);
    assert.equal(noZoom.values.facts!['responsive.ok'], true);
    assert.equal(nz.viewportMeta.problems.length, 2);
  });

  test('responsive: a menu hidden on phones fails unless a visible menu button opens it', async () => {
    const probe = createResponsiveProbe(settings, pool);
    const hidden = (await probe.run(target('/hidden-nav'), ctx)).values as unknown as ResponsiveValues;
    assert.deepEqual(hidden.failures, ['nav@360'], JSON.stringify(hidden.widths.map((w) => w.nav)));
    const button = (await probe.run(target('/menu-button'), ctx)).values as unknown as ResponsiveValues;
    assert.deepEqual(button.failures, []);
    assert.match(button.widths[0].nav.toggle ?? '', /navbar-toggler/);
  });

  test('a missing page and a closed port are recorded with typed reasons', async () => {
    const axe = createAxeProbe(settings, pool);
    const missing = await axe.run(target('/nope'), ctx);
    assert.equal(missing.error?.type, 'http');
    assert.match(missing.error!.message, /404/);
    const closed = await startSite({});
    const url = closed.url('/');
    await closed.close();
    const refused = await axe.run({ ...target('/'), url }, ctx);
    assert.equal(refused.error?.type, 'refused');
  });
});
