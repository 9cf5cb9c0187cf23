// The monitor against a loopback server that follows a script: up, down for a while, 500s, hangs,
// resets, redirect loops, a WAF challenge page, 403, 429 with Retry-After, a transient failure.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultNetOptions } from '../../src/net/options.ts';
import { pageUptime, uptimeMeasurement } from '../../src/probes/uptime/measurement.ts';
import { UptimeMonitor, uptimeTargets } from '../../src/probes/uptime/monitor.ts';
import { reasonType } from '../../src/probes/uptime/outcome.ts';
import type { Agency } from '../../src/agencies/model.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { silentLogger } from '../../src/util/log.ts';

let server: Server;
let port = 0;
const sockets = new Set<Socket>();
let phase: 'normal' | 'outage' = 'normal';
const hits = new Map<string, number>();
let dir = '';
let store: SqliteStore;

before(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    switch (path) {
      case '/':
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<html lang="fa">پورتال</html>');
      case '/service':
        // Down for the whole "outage" phase, up otherwise.
        return phase === 'outage'
          ? res.writeHead(500).end('خطای سرور')
          : res.writeHead(302, { location: '/' }).end();
      case '/hang':
        return; // never answers
      case '/reset':
        return req.socket.destroy();
      case '/loop':
        return res.writeHead(302, { location: '/loop' }).end();
      case '/waf':
        return res
          .writeHead(503, { server: 'ArvanCloud' })
          .end('<html><title>ArvanCloud</title><body>در حال بررسی مرورگر شما</body></html>');
      case '/forbidden':
        return res.writeHead(403).end('forbidden');
      case '/busy':
        return res.writeHead(429, { 'retry-after': '3600' }).end('slow down');
      case '/signin':
        return res.writeHead(401, { 'www-authenticate': 'Basic realm="x"' }).end();
      case '/transient':
        // Every first request of a round fails, its re-check succeeds.
        return n % 2 === 1 ? req.socket.destroy() : res.writeHead(200).end('ok');
      default:
        return res.writeHead(404).end();
    }
  });
  server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  dir = mkdtempSync(join(tmpdir(), 'payesh-uptime-'));
  store = SqliteStore.open(join(dir, 'u.db'));
});
after(async () => {
  await store.close();
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const host = 'www.nemune.gov.test';
const paths = [
  '/service',
  '/hang',
  '/reset',
  '/loop',
  '/waf',
  '/forbidden',
  '/busy',
  '/signin',
  '/transient',
  '/missing',
];
function agencies(): Agency[] {
  const base = `http://${host}:${port}`;
  return [
    {
      id: '201',
      nameFa: 'سازمان نمونه',
      portalUrl: `${base}/`,
      services: paths.map((p, i) => ({
        id: String(1000000000 + i),
        title: p,
        url: base + p,
        type: 'G2C' as const,
      })),
    },
  ];
}

test('three scripted rounds: every page gets the outcome the definition gives it', async () => {
  const net = defaultNetOptions({
    allowPrivate: true,
    resolve: new Map([[`${host}:${port}`, '127.0.0.1']]),
    headersTimeoutMs: 800,
    totalTimeoutMs: 1000,
  });
  const targets = uptimeTargets(agencies());
  assert.equal(targets.length, 11);
  const monitor = new UptimeMonitor(targets, {
    store,
    net,
    log: silentLogger,
    intervalMs: 10_000,
    concurrency: 8,
    perHost: 4,
    confirmDelayMs: 50,
    agenciesFile: 'list.json',
  });
  const session = await monitor.openSession();
  const rounds = [];
  for (const p of ['normal', 'outage', 'normal'] as const) {
    phase = p;
    rounds.push(await monitor.runRound(rounds.length + 1));
  }
  await monitor.close();

  // Every check of every round is stored: nothing stalls on the hanging page.
  for (const r of rounds) assert.deepEqual([r.recorded, r.abandoned, r.storeErrors], [11, 0, 0]);
  const sessions = await store.listMonitorSessions();
  assert.equal(sessions.find((s) => s.id === session)?.stoppedAt !== null, true);

  const url = (p: string) => `http://${host}:${port}${p}`;
  const outcomes = async (p: string) =>
    (await store.listUptimeChecks({ url: url(p) })).map((c) => `${c.outcome}:${reasonType(c.reason)}`);
  assert.deepEqual(await outcomes('/'), ['up:', 'up:', 'up:']);
  assert.deepEqual(await outcomes('/service'), ['up:', 'down:http-500', 'up:']);
  assert.deepEqual(await outcomes('/hang'), ['down:timeout', 'down:timeout', 'down:timeout']);
  assert.deepEqual(await outcomes('/reset'), ['down:reset', 'down:reset', 'down:reset']);
  assert.deepEqual(await outcomes('/loop'), [
    'down:too-many-redirects',
    'down:too-many-redirects',
    'down:too-many-redirects',
  ]);
  assert.deepEqual(await outcomes('/waf'), ['blocked:waf', 'blocked:waf', 'blocked:waf']);
  assert.deepEqual(await outcomes('/forbidden'), [
    'blocked:forbidden',
    'blocked:forbidden',
    'blocked:forbidden',
  ]);
  assert.deepEqual(await outcomes('/busy'), [
    'blocked:rate-limited',
    'blocked:rate-limited',
    'blocked:rate-limited',
  ]);
  assert.deepEqual(await outcomes('/signin'), ['up:auth-required', 'up:auth-required', 'up:auth-required']);
  assert.deepEqual(await outcomes('/transient'), [
    'up:recovered on re-check after reset',
    'up:recovered on re-check after reset',
    'up:recovered on re-check after reset',
  ]);
  assert.deepEqual(await outcomes('/missing'), ['down:http-404', 'down:http-404', 'down:http-404']);

  // Retry-After: 3600 is honoured: after the first 429 the page is not asked again.
  assert.equal(hits.get('/busy'), 1);
  // A failure is confirmed by a re-check before it is recorded as down.
  assert.equal(hits.get('/missing'), 6);
  assert.equal(hits.get('/hang'), 6);
  const busy = await store.listUptimeChecks({ url: url('/busy') });
  assert.match(busy[2].reason!, /holding off until .* Retry-After/);

  // Read back over the rounds' own window.
  const all = await store.listUptimeChecks({});
  const from = new Date(Date.parse(all[0].checkedAt));
  const to = new Date(Date.parse(all.at(-1)!.checkedAt) + 1);
  const svc = await pageUptime(store, { agencyId: '201', url: url('/service') }, from, to, {
    minCoverage: 0,
  });
  assert.equal(svc.checks.made, 3);
  assert.equal(svc.outages.length, 1);
  assert.equal(svc.outages[0].reason, 'http-500');
  assert.equal(svc.outages[0].endKnown, true);
  const waf = await pageUptime(store, { agencyId: '201', url: url('/waf') }, from, to);
  assert.equal(waf.percent, null, 'a page seen only through a challenge has no uptime figure');
  assert.equal(waf.checks.blocked, 3);

  const m = await uptimeMeasurement(store, { agencyId: '201', url: url('/transient') }, from, to, {
    minCoverage: 0,
  });
  assert.equal(m.probe, 'uptime');
  assert.equal(m.values.facts?.['uptime.percent'], 100);
  assert.equal(m.error, undefined);
  assert.equal((m.values.checks as { recoveredOnRecheck: number }).recoveredOnRecheck, 3);
  const hang = await uptimeMeasurement(store, { agencyId: '201', url: url('/hang') }, from, to, {
    minCoverage: 0,
  });
  assert.equal(hang.values.facts?.['uptime.percent'], 0);
  assert.ok(hang.evidence.some((e) => e.label === 'outage' && /timeout/.test(e.text ?? '')));
});

test('stop() abandons checks in flight instead of recording them', async () => {
  const net = defaultNetOptions({
    allowPrivate: true,
    resolve: new Map([[`${host}:${port}`, '127.0.0.1']]),
    headersTimeoutMs: 10_000,
    totalTimeoutMs: 20_000,
  });
  const hangOnly = uptimeTargets(agencies()).filter((t) => t.url.endsWith('/hang'));
  const before = (await store.listUptimeChecks({})).length;
  const monitor = new UptimeMonitor(hangOnly, {
    store,
    net,
    log: silentLogger,
    intervalMs: 60_000,
    concurrency: 2,
    perHost: 2,
    confirmDelayMs: 0,
    agenciesFile: 'list.json',
  });
  const running = monitor.run();
  setTimeout(() => monitor.stop(), 200);
  await running;
  assert.equal((await store.listUptimeChecks({})).length, before);
  const last = (await store.listMonitorSessions()).at(-1)!;
  assert.notEqual(last.stoppedAt, null);
});

test("the audit's uptime measurement reports no-data or insufficient-data instead of a figure it cannot back", async () => {
  const none = await uptimeMeasurement(
    store,
    { agencyId: '999', url: 'https://nowhere.gov.ir/' },
    new Date(Date.now() - 3600_000),
    new Date(),
  );
  assert.equal(none.error?.type, 'no-data');
  assert.equal(none.values.facts?.['uptime.percent'], null);
  const all = await store.listUptimeChecks({});
  const from = new Date(Date.parse(all[0].checkedAt) - 3600_000);
  const thin = await uptimeMeasurement(
    store,
    { agencyId: '201', url: `http://${host}:${port}/` },
    from,
    new Date(),
    { minCoverage: 90 },
  );
  assert.equal(thin.error?.type, 'insufficient-data');
  assert.equal(thin.values.facts?.['uptime.percent'], 100);
  assert.ok((thin.values.facts?.['uptime.coverage'] as number) < 90);
});
