// `payesh monitor` as a real child process: SIGKILL in the middle, restart, SIGTERM. Nothing recorded
// is lost, the time the monitor was dead is a gap (never up or down), and SIGTERM exits 0.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { pageUptime } from '../../src/probes/uptime/measurement.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'payesh.mjs');
let server: Server;
let port = 0;
const sockets = new Set<Socket>();
const children = new Set<ChildProcess>();
let dir = '';
let db = '';
let list = '';
const host = 'portal.peyvand.gov.test';

before(async () => {
  server = createServer((req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<p>${req.url}</p>`),
  );
  server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  dir = mkdtempSync(join(tmpdir(), 'payesh-monitor-'));
  db = join(dir, 'uptime.db');
  list = join(dir, 'agencies.json');
  const base = `http://${host}:${port}`;
  writeFileSync(
    list,
    JSON.stringify({
      agencies: [
        {
          id: '401',
          name: 'سازمان پیوند',
          portalUrl: `${base}/`,
          services: [{ id: '4010000001', title: 'استعلام', url: `${base}/estelam`, type: 'G2C' }],
        },
      ],
    }),
  );
});
after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const netArgs = () => ['--db', db, '--allow-private', '--resolve', `${host}:${port}:127.0.0.1`];

function start(args: string[]): {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
} {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PAYESH_LOG_LEVEL: 'info' },
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exit = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exit };
}

/** Check ids in the database, read without touching the schema (the child owns it). */
function checkIds(): number[] {
  try {
    const conn = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (conn.prepare('SELECT id FROM uptime_checks ORDER BY id').all() as { id: number }[]).map(
        (r) => r.id,
      );
    } finally {
      conn.close();
    }
  } catch {
    return []; // not created yet
  }
}

async function waitForChecks(n: number, what: string): Promise<number[]> {
  for (let i = 0; i < 300; i++) {
    const ids = checkIds();
    if (ids.length >= n) return ids;
    await delay(100);
  }
  throw new Error(`timed out waiting for ${n} checks (${what})`);
}

test('SIGKILL loses nothing recorded, the dead time is a gap, a restart carries on, SIGTERM exits 0', async () => {
  const monitorArgs = [
    'monitor',
    list,
    '--interval',
    '1s',
    '--confirm-delay',
    '100ms',
    '--timeout',
    '2s',
    ...netArgs(),
  ];
  const first = start(monitorArgs);
  const before = await waitForChecks(4, 'first monitor');
  first.child.kill('SIGKILL');
  const e1 = await first.exit;
  assert.equal(e1.signal, 'SIGKILL');
  const afterKill = checkIds();
  assert.ok(afterKill.length >= before.length);

  await delay(2500); // the monitor is dead for longer than 1.5 intervals

  const second = start(monitorArgs);
  await waitForChecks(afterKill.length + 4, 'restarted monitor');
  second.child.kill('SIGTERM');
  const e2 = await second.exit;
  assert.equal(e2.code, 0, e2.stderr);
  assert.equal(e2.signal, null);

  // Every check recorded before the kill is still there.
  const final = checkIds();
  for (const id of afterKill) assert.ok(final.includes(id), `check ${id} lost`);

  const store = SqliteStore.open(db);
  try {
    const sessions = await store.listMonitorSessions();
    assert.equal(sessions.length, 2);
    assert.equal(sessions[0].stoppedAt, null, 'the killed session was never closed');
    assert.notEqual(sessions[1].stoppedAt, null, 'SIGTERM closed the session');
    assert.equal(sessions[0].intervalMs, 1000);

    const checks = await store.listUptimeChecks({});
    assert.deepEqual(new Set(checks.map((c) => c.sessionId)), new Set([sessions[0].id, sessions[1].id]));
    assert.ok(checks.every((c) => c.outcome === 'up'));
    const from = new Date(checks[0].checkedAt);
    const to = new Date(Date.parse(checks.at(-1)!.checkedAt) + 1);
    for (const url of [`http://${host}:${port}/`, `http://${host}:${port}/estelam`]) {
      const s = await pageUptime(store, { agencyId: '401', url }, from, to, { minCoverage: 0 });
      assert.equal(s.percent, 100, 'the dead time is not counted as down');
      assert.equal(s.downMs, 0);
      const dead = s.gaps.filter((g) => g.cause === 'monitor-not-running');
      assert.equal(dead.length, 1, JSON.stringify(s.gaps));
      assert.ok(dead[0].durationMs >= 1000);
      assert.ok(s.coverage < 100);
    }
  } finally {
    await store.close();
  }
});

test('payesh probe runs exactly one round; payesh uptime reports it as JSON with Jalali and ISO dates', async () => {
  const before = checkIds().length;
  const p = start(['probe', list, '--interval', '1s', '--json', ...netArgs()]);
  const e = await p.exit;
  assert.equal(e.code, 0, e.stderr);
  const summary = JSON.parse(e.stdout);
  assert.equal(summary.recorded, 2);
  assert.equal(summary.counts.up, 2);
  assert.equal(checkIds().length, before + 2);

  const u = start([
    'uptime',
    list,
    '--db',
    db,
    '--from',
    new Date(Date.now() - 120_000).toISOString(),
    '--min-coverage',
    '0',
    '--json',
  ]);
  const ue = await u.exit;
  assert.equal(ue.code, 0, ue.stderr);
  const report = JSON.parse(ue.stdout);
  assert.match(report.window.fromJalali, /^14\d\d\/\d\d\/\d\d \d\d:\d\d$/);
  assert.equal(report.minCoverage, 0);
  assert.equal(report.pages.length, 2);
  for (const page of report.pages) {
    assert.equal(page.result, 'ok');
    assert.equal(page.percent, 100);
    assert.ok(page.gaps.some((g: { cause: string }) => g.cause === 'monitor-not-running'));
    assert.equal(typeof page.responseMs.p95, 'number');
  }

  const bad = start(['uptime', list, '--db', db, '--from', '1403/13/40']);
  const be = await bad.exit;
  assert.equal(be.code, 2);
  assert.match(be.stderr, /--from .*1403\/13\/40/);
});
