// The request gate: a site allowed by `--allow-private 127.0.0.5/32` tries to lead every browser
// probe, Lighthouse and Firefox to an internal server on 127.0.0.1 (redirects over http and https,
// *.localhost, NAT64, sub-resources, a sub-resource redirect, WebSockets). The internal server must
// not see a single connection, and a refused main page is reported as 'blocked-private'.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttp, request as httpRequest, type Server } from 'node:http';
import { createServer as createTcp, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { FirefoxSession } from '../../src/browser/firefox.ts';
import { BrowserPool } from '../../src/browser/pool.ts';
import { RequestGate } from '../../src/net/gate.ts';
import { defaultNetOptions, type NetOptions } from '../../src/net/options.ts';
import { createAxeProbe } from '../../src/probes/axe/index.ts';
import { createCrossBrowserProbe } from '../../src/probes/crossbrowser/index.ts';
import { createLighthouseProbe } from '../../src/probes/lighthouse/index.ts';
import { createResponsiveProbe } from '../../src/probes/responsive/index.ts';
import type { Probe, ProbeContext } from '../../src/probes/types.ts';

const ALLOWED = '127.0.0.5';

describe('the request gate keeps browsers away from internal addresses', () => {
  let internal: TcpServer;
  let internalPort = 0;
  let connections = 0;
  let site: Server;
  let sitePort = 0;
  let net: NetOptions;
  let pool: BrowserPool;
  let runDir: string;
  const settings = { runs: 1, settleMs: 200, pageTimeoutMs: 30_000, lighthouseTimeoutMs: 90_000 };

  before(async () => {
    // Anything that reaches the internal address counts, whatever it speaks.
    internal = createTcp((s) => {
      connections++;
      s.end('HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecret');
    });
    await new Promise<void>((r) => internal.listen(0, '127.0.0.1', r));
    internalPort = (internal.address() as { port: number }).port;
    const inside = `127.0.0.1:${internalPort}`;
    const pages: Record<string, [number, string, string?]> = {
      '/': [200, '<!doctype html><html lang="fa"><title>درگاه</title><h1>خانه</h1></html>'],
      '/to-internal': [302, '', `http://${inside}/secret`],
      '/to-internal-https': [302, '', `https://${inside}/secret`],
      '/to-localhost': [302, '', `http://admin.localhost:${internalPort}/`],
      '/to-nat64': [302, '', `http://[64:ff9b::7f00:1]:${internalPort}/`],
      '/img-redirect': [302, '', `http://${inside}/pixel.gif`],
      '/sub': [
        200,
        `<!doctype html><html lang="fa"><head><title>زیرمنابع</title>
<link rel="stylesheet" href="http://${inside}/style.css"></head><body><main><h1>زیرمنابع</h1>
<img alt="a" src="http://${inside}/a.gif"><img alt="b" src="/img-redirect">
<img alt="c" src="http://[::ffff:127.0.0.1]:${internalPort}/c.gif"><img alt="d" src="http://x.localhost:${internalPort}/d.gif">
<iframe title="f" src="https://${inside}/frame"></iframe>
<script>
fetch('http://${inside}/api').catch(() => {});
try { new WebSocket('ws://${inside}/ws'); } catch (e) {}
try { new WebSocket('wss://${inside}/ws'); } catch (e) {}
navigator.sendBeacon && navigator.sendBeacon('http://${inside}/beacon', 'x');
</script></main></body></html>`,
      ],
    };
    site = createHttp((req, res) => {
      const [status, body, location] = pages[(req.url ?? '/').split('?')[0]] ?? [404, 'not found'];
      res.writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        ...(location ? { location } : {}),
      });
      res.end(body);
    });
    await new Promise<void>((r) => site.listen(0, ALLOWED, r));
    sitePort = (site.address() as { port: number }).port;
    net = defaultNetOptions({
      allowPrivate: [`${ALLOWED}/32`],
      resolve: new Map([[`portal.gate.test:${sitePort}`, ALLOWED]]),
      totalTimeoutMs: 15_000,
    });
    pool = new BrowserPool(net, settings);
    runDir = mkdtempSync(join(tmpdir(), 'payesh-gate-'));
  });
  after(async () => {
    await pool?.close();
    await new Promise<void>((r) => site?.close(() => r()));
    await new Promise<void>((r) => internal?.close(() => r()));
    rmSync(runDir, { recursive: true, force: true });
  });

  const url = (path: string) => `http://portal.gate.test:${sitePort}${path}`;
  const ctx = (): ProbeContext => ({
    net,
    log: pino({ level: 'silent' }),
    signal: new AbortController().signal,
    runDir,
  });
  const run = (probe: Probe, path: string) =>
    probe.run({ agencyId: 'gate', kind: 'portal', url: url(path), host: new URL(url(path)).host }, ctx());

  test('the allowed site itself is measured through the gate', async () => {
    const m = await run(createAxeProbe(settings, pool), '/');
    assert.equal(m.error, undefined, m.error?.message);
  });

  for (const [name, make] of [
    ['axe', () => createAxeProbe(settings, pool)],
    ['responsive', () => createResponsiveProbe(settings, pool)],
    ['crossbrowser', () => createCrossBrowserProbe(settings, pool)],
    ['lighthouse', () => createLighthouseProbe(settings, pool)],
  ] as const) {
    test(`${name}: a redirect to the internal origin is refused as blocked-private`, async () => {
      const before = connections;
      const m = await run(make(), '/to-internal');
      assert.equal(m.error?.type, 'blocked-private', JSON.stringify(m.error));
      assert.equal(connections, before, 'the internal server saw a connection');
    });
  }

  test('redirects to https, *.localhost and NAT64 forms of the internal address are refused', async () => {
    const axe = createAxeProbe(settings, pool);
    for (const path of ['/to-internal-https', '/to-localhost', '/to-nat64']) {
      const m = await run(axe, path);
      assert.equal(m.error?.type, 'blocked-private', `${path}: ${JSON.stringify(m.error)}`);
    }
    assert.equal(connections, 0);
  });

  test('sub-resources, a sub-resource redirect, frames, fetch, beacons and WebSockets never reach it', async () => {
    const gate = await pool.requestGate();
    const refusedBefore = gate.stats.refused;
    const m = await run(createAxeProbe(settings, pool), '/sub');
    assert.equal(m.error, undefined, m.error?.message);
    assert.equal(connections, 0);
    assert.ok(gate.stats.refused > refusedBefore, 'the gate refused the sub-requests');
  });

  test('Firefox: a redirect to the internal origin is refused as blocked-private', async () => {
    const session = await FirefoxSession.start(net, '/usr/bin/firefox-esr', 'payesh-test');
    try {
      await assert.rejects(session.visit(url('/to-internal'), 'document.title', 30_000), (e: Error) => {
        assert.equal((e as { type?: string }).type, 'blocked-private', e.message);
        return true;
      });
      const ok = await session.visit<string>(url('/'), 'document.title', 30_000);
      assert.equal(ok.value, 'درگاه');
    } finally {
      await session.close();
    }
    assert.equal(connections, 0);
  });

  test('the gate itself: CONNECT and absolute-form requests to internal forms get 403 and no connection', async () => {
    const gate = await RequestGate.start(net);
    try {
      const ask = (method: string, path: string) =>
        new Promise<{ status: number; refused?: string }>((resolve, reject) => {
          const req = httpRequest({ host: '127.0.0.1', port: gate.port, method, path });
          req.once('connect', (res, socket) => {
            socket.destroy();
            resolve({ status: res.statusCode ?? 0, refused: res.headers['x-payesh-refused'] as string });
          });
          req.once('response', (res) => {
            res.resume();
            resolve({ status: res.statusCode ?? 0, refused: res.headers['x-payesh-refused'] as string });
          });
          req.once('error', reject);
          req.end();
        });
      for (const target of [
        `127.0.0.1:${internalPort}`,
        `[::1]:${internalPort}`,
        `[::ffff:127.0.0.1]:${internalPort}`,
        `[::127.0.0.1]:${internalPort}`,
        `[64:ff9b::7f00:1]:${internalPort}`,
        `[2002:7f00:1::1]:${internalPort}`,
        `db.localhost:${internalPort}`,
        `localhost:${internalPort}`,
        `0.0.0.0:${internalPort}`,
      ]) {
        const r = await ask('CONNECT', target);
        assert.equal(r.status, 403, target);
        assert.equal(r.refused, 'blocked-private', target);
        const h = await ask('GET', `http://${target}/`);
        assert.equal(h.status, 403, target);
      }
      const allowed = await ask('GET', url('/'));
      assert.equal(allowed.status, 200);
    } finally {
      await gate.close();
    }
    assert.equal(connections, 0);
  });
});
