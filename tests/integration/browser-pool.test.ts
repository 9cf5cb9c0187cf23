// The shared Chromium: --resolve mapping, private-address policy, extra CA trust, hang and crash recovery.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BrowserPool } from '../../src/browser/pool.ts';
import { navigate } from '../../src/browser/navigate.ts';
import { BrowserError } from '../../src/browser/errors.ts';
import { defaultNetOptions, type NetOptions } from '../../src/net/options.ts';
import { startSite, testTls, type FixtureSite } from '../../fixtures/browser/servers.ts';
import { goodPage, loopPage } from '../../fixtures/browser/pages.ts';

const pageRoutes = {
  '/': { body: goodPage },
  '/loop': { body: loopPage },
  '/pixel.gif': { body: Buffer.from('R0lGODlhAQABAAAAACw=', 'base64'), type: 'image/gif' },
};

async function failure(p: Promise<unknown>): Promise<BrowserError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof BrowserError, `expected BrowserError, got ${e}`);
    return e;
  }
  assert.fail('expected the job to fail');
}

describe('browser pool', () => {
  let site: FixtureSite;
  let tlsLeafOnly: FixtureSite;
  let tlsWithChain: FixtureSite;
  const pools: BrowserPool[] = [];
  const makePool = (net: NetOptions, settings = {}) => {
    const p = new BrowserPool(net, { settleMs: 0, ...settings });
    pools.push(p);
    return p;
  };

  before(async () => {
    site = await startSite(pageRoutes);
    tlsLeafOnly = await startSite(pageRoutes, { tls: { cert: testTls.cert, key: testTls.key } });
    tlsWithChain = await startSite(pageRoutes, {
      tls: { cert: testTls.cert + testTls.ca, key: testTls.key },
    });
  });
  after(async () => {
    await Promise.all(pools.map((p) => p.close()));
    await Promise.all([site, tlsLeafOnly, tlsWithChain].map((s) => s?.close()));
  });

  test('--resolve maps a made-up host name and port to the loopback server', async () => {
    const net = defaultNetOptions({
      allowPrivate: true,
      resolve: new Map([[`www.portal.test:${site.port}`, '127.0.0.1']]),
    });
    const pool = makePool(net);
    const url = new URL(`http://www.portal.test:${site.port}/`);
    const r = await pool.withPage(url, async (page) => {
      const nav = await navigate(page, url, net, pool.settings);
      return { title: await page.title(), nav, ua: await page.evaluate(() => navigator.userAgent) };
    });
    assert.equal(r.value.title, 'درگاه نمونه');
    assert.equal(r.value.nav.status, 200);
    assert.equal(r.value.nav.finalUrl, url.href);
    assert.equal(r.attempts, 1);
    assert.match(r.value.ua, /Chrome\/\d+\.0\.0\.0 Safari\/537\.36 payesh\//);
    assert.doesNotMatch(r.value.ua, /Headless/);
  });

  test('without --allow-private a loopback target is refused before any request', async () => {
    const net = defaultNetOptions({ resolve: new Map([[`www.portal.test:${site.port}`, '127.0.0.1']]) });
    const pool = makePool(net);
    const before = site.hits.get('/') ?? 0;
    const err = await failure(
      pool.withPage(new URL(`http://www.portal.test:${site.port}/`), async () => 'reached'),
    );
    assert.equal(err.type, 'blocked-private');
    assert.match(err.message, /127\.0\.0\.1/);
    assert.equal(site.hits.get('/') ?? 0, before);
  });

  test('without --allow-private sub-requests to loopback are aborted', async () => {
    // A public documentation address passes the policy; setContent means no request goes to it.
    const pool = makePool(defaultNetOptions());
    const r = await pool.withPage(new URL('http://192.0.2.10/'), async (page) => {
      await page.setContent(`<img id="p" src="${site.url('/pixel.gif')}">`);
      await page.waitForLoadState('load');
      return page.evaluate(() => (document.getElementById('p') as HTMLImageElement).naturalWidth);
    });
    assert.equal(r.value, 0);
    assert.equal(site.hits.get('/pixel.gif') ?? 0, 0);
  });

  for (const [label, which] of [
    ['leaf only', () => tlsLeafOnly],
    ['leaf and CA', () => tlsWithChain],
  ] as const) {
    test(`HTTPS signed by a test CA (${label}): 'tls' error without --extra-ca, loads with it`, async () => {
      const server = which();
      const resolve = new Map([[`www.portal.test:${server.port}`, '127.0.0.1']]);
      const url = new URL(`https://www.portal.test:${server.port}/`);
      const untrusting = makePool(defaultNetOptions({ allowPrivate: true, resolve }));
      const err = await failure(
        untrusting.withPage(url, (page) => navigate(page, url, untrusting.net, untrusting.settings)),
      );
      assert.equal(err.type, 'tls');
      assert.match(err.message, /ERR_CERT_AUTHORITY_INVALID/);

      const net = defaultNetOptions({
        allowPrivate: true,
        resolve,
        extraCa: [testTls.ca],
        extraCaFiles: [testTls.caFile],
      });
      const trusting = makePool(net);
      const ok = await trusting.withPage(url, async (page) => {
        await navigate(page, url, net, trusting.settings);
        return page.title();
      });
      assert.equal(ok.value, 'درگاه نمونه');
    });
  }

  test('a page whose script never yields is retried once after a restart, then fails; the pool recovers', async () => {
    const net = defaultNetOptions({ allowPrivate: true });
    // The watchdog must fire on the loop, not on a slow load: the navigation gets 60% of the limit,
    // which leaves a busy machine room to open the context and load the page before the loop starts.
    const pool = makePool(net, { pageTimeoutMs: 10_000 });
    const err = await failure(
      pool.withPage(new URL(site.url('/loop')), async (page) => {
        await navigate(page, new URL(site.url('/loop')), net, pool.settings);
        await page.waitForTimeout(300);
        return page.evaluate(() => document.title);
      }),
    );
    assert.equal(err.type, 'hang');
    assert.equal(err.attempts, 2);
    assert.ok(pool.stats.restarts >= 1, `restarts ${pool.stats.restarts}`);
    const next = await pool.withPage(new URL(site.url('/')), async (page) => {
      await navigate(page, new URL(site.url('/')), net, pool.settings);
      return page.title();
    });
    assert.equal(next.value, 'درگاه نمونه');
    assert.equal(next.attempts, 1);
  });

  test('a browser killed mid-page is restarted and the page retried', async () => {
    const net = defaultNetOptions({ allowPrivate: true });
    const pool = makePool(net);
    await pool.start();
    const firstPid = pool.browserPid;
    assert.ok(firstPid, 'browser pid found');
    let calls = 0;
    const r = await pool.withPage(new URL(site.url('/')), async (page) => {
      calls++;
      await navigate(page, new URL(site.url('/')), net, pool.settings);
      if (calls === 1) {
        process.kill(firstPid!, 'SIGKILL');
        await page.waitForTimeout(10_000);
      }
      return page.title();
    });
    assert.equal(r.value, 'درگاه نمونه');
    assert.equal(r.attempts, 2);
    assert.equal(calls, 2);
    assert.notEqual(pool.browserPid, firstPid);
  });

  test('the browser is recycled after the configured number of pages', async () => {
    const net = defaultNetOptions({ allowPrivate: true });
    const pool = makePool(net, { recycleAfter: 2 });
    for (let i = 0; i < 5; i++) {
      await pool.withPage(new URL(site.url('/')), (page) =>
        navigate(page, new URL(site.url('/')), net, pool.settings),
      );
    }
    assert.equal(pool.stats.launches, 3);
    assert.equal(pool.stats.recycles, 2);
  });
});
