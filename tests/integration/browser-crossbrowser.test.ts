// Cross-browser check with Debian's firefox-esr over WebDriver BiDi (skipped when not installed).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { BrowserPool } from '../../src/browser/pool.ts';
import { DEFAULT_BROWSER_SETTINGS } from '../../src/browser/settings.ts';
import { defaultNetOptions, type NetOptions } from '../../src/net/options.ts';
import {
  createCrossBrowserProbe,
  navOverlap,
  type CrossBrowserValues,
} from '../../src/probes/crossbrowser/index.ts';
import type { ProbeContext } from '../../src/probes/types.ts';
import { startSite, testTls, type FixtureSite } from '../../fixtures/browser/servers.ts';
import { goodPage } from '../../fixtures/browser/pages.ts';

// Navigation drawn only where window.chrome exists, and an error elsewhere: a Chromium-only page.
const chromeOnlyPage = `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>فقط کروم</title></head>
<body><nav id="menu"></nav><p>متن</p><script>
if (window.chrome) { document.getElementById('menu').innerHTML = '<a href="/">خانه</a><a href="/s">خدمات</a><a href="/f">پرسش‌ها</a>'; }
else { throw new Error('this portal needs Chrome'); }
</script></body></html>`;

const haveFirefox = existsSync(DEFAULT_BROWSER_SETTINGS.firefoxPath);

describe('cross-browser probe', () => {
  let site: FixtureSite;
  let runDir: string;
  let net: NetOptions;
  let pool: BrowserPool;
  let ctx: ProbeContext;

  before(async () => {
    site = await startSite({ '/': { body: goodPage }, '/chrome-only': { body: chromeOnlyPage } });
    runDir = mkdtempSync(join(tmpdir(), 'payesh-xb-'));
    net = defaultNetOptions({
      allowPrivate: true,
      resolve: new Map([[`www.portal.test:${site.port}`, '127.0.0.1']]),
    });
    pool = new BrowserPool(net, { settleMs: 0 });
    ctx = { net, log: pino({ level: 'silent' }), signal: new AbortController().signal, runDir };
  });
  after(async () => {
    await pool?.close();
    await site?.close();
    if (runDir) rmSync(runDir, { recursive: true, force: true });
  });

  test('navigation overlap is measured on normalised labels', () => {
    assert.equal(navOverlap(['خانه', 'پرسش‌ها'], ['خانه', 'پرسش ها']), 1);
    assert.equal(navOverlap(['خانه', 'خدمات'], ['خانه']), 0.5);
    assert.equal(navOverlap([], []), 1);
  });

  test('without a second engine the probe says so and gives no fact', async () => {
    const m = await createCrossBrowserProbe({ firefoxPath: '/nonexistent/firefox' }, pool).run(
      { agencyId: 'x', kind: 'portal', url: `http://www.portal.test:${site.port}/`, host: 'www.portal.test' },
      ctx,
    );
    assert.equal(m.error?.type, 'not-available');
    assert.match(m.error!.message, /firefox/i);
    assert.equal(m.values.facts?.['browsers.ok'], undefined);
  });

  test('a site trusted only through --extra-ca is not-available for Firefox, with the reason', async () => {
    const tls = await startSite(
      { '/': { body: goodPage } },
      { tls: { cert: testTls.cert, key: testTls.key } },
    );
    const tlsNet = defaultNetOptions({
      allowPrivate: true,
      resolve: new Map([[`www.portal.test:${tls.port}`, '127.0.0.1']]),
      extraCa: [testTls.ca],
    });
    const tlsPool = new BrowserPool(tlsNet, { settleMs: 0 });
    try {
      const m = await createCrossBrowserProbe({ settleMs: 0 }, tlsPool).run(
        {
          agencyId: 'x',
          kind: 'portal',
          url: `https://www.portal.test:${tls.port}/`,
          host: 'www.portal.test',
        },
        { ...ctx, net: tlsNet },
      );
      assert.equal(m.error?.type, 'not-available');
      assert.match(m.error!.message, /extra-ca/);
      assert.equal(m.values.facts?.['browsers.ok'], undefined);
    } finally {
      await tlsPool.close();
      await tls.close();
    }
  });

  test(
    'a portal that works in Firefox too passes; a Chromium-only one fails with its problems',
    { skip: !haveFirefox && 'firefox-esr not installed' },
    async () => {
      const probe = createCrossBrowserProbe({ settleMs: 0 }, pool);
      const good = await probe.run(
        {
          agencyId: 'x',
          kind: 'portal',
          url: `http://www.portal.test:${site.port}/`,
          host: 'www.portal.test',
        },
        ctx,
      );
      assert.equal(good.error, undefined, JSON.stringify(good.error));
      const gv = good.values as unknown as CrossBrowserValues;
      assert.equal(good.values.facts!['browsers.ok'], true, gv.problems.join('; '));
      assert.deepEqual(gv.firefox.nav, gv.chromium.nav);
      assert.equal(gv.firefox.title, 'درگاه نمونه');
      assert.match(good.toolVersion, /firefox\/\d+/);

      const bad = await probe.run(
        {
          agencyId: 'x',
          kind: 'portal',
          url: `http://www.portal.test:${site.port}/chrome-only`,
          host: 'www.portal.test',
        },
        ctx,
      );
      const bv = bad.values as unknown as CrossBrowserValues;
      assert.equal(bad.values.facts!['browsers.ok'], false);
      assert.equal(bv.chromium.nav.length, 3);
      assert.equal(bv.navMatch, 0);
      assert.ok(
        bv.firefox.errors.some((e) => /needs Chrome/.test(e)),
        JSON.stringify(bv.firefox.errors),
      );
      assert.equal(bv.problems.length, 2);
    },
  );
});
