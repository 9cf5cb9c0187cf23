// Browser measurements (axe probe on the shared Chromium) against pages that fight back: endless
// scripts, dialogs, pop-ups, downloads, pages that run away, 100,000-element DOMs, endless bodies.
// Each ends with a measurement or a typed reason, and the browser keeps serving the next page.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { startHostileWorld, type HostileScenario, type HostileWorld } from '../../fixtures/hostile/world.ts';
import { BrowserPool } from '../../src/browser/pool.ts';
import { defaultNetOptions, type NetOptions, parseResolve } from '../../src/net/options.ts';
import { createAxeProbe } from '../../src/probes/axe/index.ts';
import type { Measurement, Probe } from '../../src/probes/types.ts';

describe('browser probes on hostile pages', () => {
  let world: HostileWorld;
  let net: NetOptions;
  let pool: BrowserPool;
  let axe: Probe;
  let runDir: string;
  // A watchdog well past the 5 s network limit: on a busy machine a slow load must stay a 'timeout'
  // and only the looping script a 'hang'.
  const settings = { pageTimeoutMs: 12_000, settleMs: 0, maxDomNodes: 50_000 };
  before(async () => {
    world = await startHostileWorld();
    net = defaultNetOptions({
      allowPrivate: true,
      resolve: new Map(world.resolve.map(parseResolve)),
      totalTimeoutMs: 5000,
    });
    pool = new BrowserPool(net, settings);
    axe = createAxeProbe(settings, pool);
    runDir = mkdtempSync(join(tmpdir(), 'payesh-hostile-browser-'));
  });
  after(async () => {
    await pool?.close();
    await world?.close();
    rmSync(runDir, { recursive: true, force: true });
  });

  const run = (s: HostileScenario): Promise<Measurement> =>
    axe.run(
      { agencyId: s, kind: 'portal', url: world.urls[s], host: new URL(world.urls[s]).host },
      { net, log: pino({ level: 'silent' }), signal: new AbortController().signal, runDir },
    );
  const measuredNormally = async () => {
    const m = await run('normal');
    assert.equal(m.error, undefined, m.error?.message);
    assert.equal(m.values.facts?.['a11y.level'], 'full');
  };

  test('a script that loops forever: hang (watchdog), browser restarted, next page fine', async () => {
    const restarts = pool.stats.restarts;
    const m = await run('scriptLoop');
    assert.equal(m.error?.type, 'hang');
    assert.ok(pool.stats.restarts > restarts);
    await measuredNormally();
  });

  test('alert, confirm, prompt and print dialogs are dismissed and the page is measured', async () => {
    const m = await run('dialogs');
    assert.equal(m.error, undefined, m.error?.message);
    assert.ok(typeof m.values.facts?.['a11y.violations'] === 'number');
  });

  test('pop-ups are not opened and the opener is measured', async () => {
    const before = world.requests.filter((r) => r.url.startsWith('/popup-target')).length;
    const m = await run('popups');
    assert.equal(m.error, undefined, m.error?.message);
    assert.equal(world.requests.filter((r) => r.url.startsWith('/popup-target')).length, before);
  });

  test('a page that starts a download is measured; the download does not take the page', async () => {
    const m = await run('download');
    assert.equal(m.error, undefined, m.error?.message);
    assert.equal(m.values.finalUrl, world.urls.download);
  });

  test('a page that keeps navigating away is navigated-away', async () => {
    const m = await run('navigatesAway');
    assert.ok(
      m.error?.type === 'navigated-away' || m.error === undefined,
      `${m.error?.type}: ${m.error?.message}`,
    );
    if (m.error) assert.match(m.error.message, /navigat/i);
  });

  test('a 100,000-element DOM is dom-too-large with the count, without a watchdog restart', async () => {
    // Its own pool with room to load the page on a busy machine: this case is about the DOM limit.
    const roomy = { ...settings, pageTimeoutMs: 30_000 };
    const bigPool = new BrowserPool({ ...net, totalTimeoutMs: 20_000 }, roomy);
    const m = await createAxeProbe(roomy, bigPool)
      .run(
        { agencyId: 'd', kind: 'portal', url: world.urls.hugeDom, host: 'd' },
        {
          net: { ...net, totalTimeoutMs: 20_000 },
          log: pino({ level: 'silent' }),
          signal: new AbortController().signal,
          runDir,
        },
      )
      .finally(() => bigPool.close());
    const restarts = bigPool.stats.restarts;
    assert.equal(m.error?.type, 'dom-too-large', m.error?.message);
    assert.match(m.error!.message, /1000\d\d elements, more than the limit of 50000/);
    assert.equal(restarts, 0);
  });

  test('an endless body and a 1 byte/s drip are timeouts; memory of this process stays bounded', async () => {
    const rss0 = process.memoryUsage().rss;
    assert.equal((await run('endlessBody')).error?.type, 'timeout');
    assert.equal((await run('slowDrip')).error?.type, 'timeout');
    assert.ok(process.memoryUsage().rss - rss0 < 300 * 1024 * 1024);
    await measuredNormally();
  });
});
