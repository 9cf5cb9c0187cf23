// A killed audit resumes without losing or repeating finished work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { runCli, startCli } from '../support/cli.ts';
import { startLoopbackAudit } from '../support/loopback-audit.ts';

test('SIGKILL mid-run, then --resume: every target measured exactly once, finished jobs not repeated', async (t) => {
  const { list, db, hits, args } = await startLoopbackAudit(t, {
    agencies: 4,
    services: 9,
    host: 'agency',
    idPrefix: '12',
    delayMs: 120,
  });
  const common = [...args, '--concurrency', '2'];

  const child = startCli(['audit', list, ...common]);
  // Kill once some, but not all, measurements are stored.
  let stored = 0;
  for (let i = 0; i < 300; i++) {
    await sleep(50);
    try {
      const d = new Database(db, { readonly: true, fileMustExist: true });
      stored = (d.prepare('SELECT COUNT(*) n FROM measurements').get() as { n: number }).n;
      d.close();
    } catch {
      continue;
    }
    if (stored >= 8) break;
  }
  child.kill('SIGKILL');
  const first = await child.done;
  assert.equal(first.signal, 'SIGKILL');
  const runId = /run ([\w-]+)/.exec(first.stderr)?.[1];
  assert.ok(runId, `run id printed: ${first.stderr}`);

  const snap = new Database(db, { readonly: true });
  const before = snap.prepare('SELECT target_id, finished_at FROM measurements').all() as {
    target_id: number;
    finished_at: string;
  }[];
  const total = (
    snap.prepare('SELECT COUNT(*) n FROM targets WHERE run_id = ? AND kind != ?').get(runId, 'host') as {
      n: number;
    }
  ).n;
  snap.close();
  assert.ok(
    before.length > 0 && before.length < total,
    `killed mid-run (${before.length} of ${total} stored)`,
  );
  const hitsAtKill = new Map(hits);

  const second = await runCli(['audit', '--resume', runId!, ...common]);
  assert.equal(second.code, 0, second.stderr);

  const d = new Database(db, { readonly: true });
  const rows = d
    .prepare('SELECT target_id, probe, finished_at FROM measurements WHERE run_id = ?')
    .all(runId) as { target_id: number; finished_at: string }[];
  const perTarget = d
    .prepare(
      'SELECT t.id, COUNT(m.id) n FROM targets t LEFT JOIN measurements m ON m.target_id = t.id WHERE t.run_id = ? AND t.kind != ? GROUP BY t.id',
    )
    .all(runId, 'host') as { n: number }[];
  const state = (d.prepare('SELECT state FROM runs WHERE id = ?').get(runId) as { state: string }).state;
  const integrity = (d.prepare('PRAGMA integrity_check').get() as { integrity_check: string })
    .integrity_check;
  d.close();

  assert.equal(perTarget.length, total);
  assert.ok(
    perTarget.every((r) => r.n === 1),
    'every target has exactly one measurement',
  );
  assert.equal(rows.length, total);
  assert.equal(state, 'done');
  assert.equal(integrity, 'ok');
  // Work finished before the kill was kept as it was, not measured again.
  const after = new Map(rows.map((r) => [r.target_id, r.finished_at]));
  for (const b of before) assert.equal(after.get(b.target_id), b.finished_at);
  const measuredPathsBefore = before.length;
  let refetched = 0;
  for (const [path, n] of hits)
    if ((hitsAtKill.get(path) ?? 0) > 0 && n > (hitsAtKill.get(path) ?? 0)) refetched++;
  // Only jobs in flight at the kill (at most --concurrency) may be fetched again.
  assert.ok(
    refetched <= 2,
    `${refetched} pages fetched again after resume (of ${measuredPathsBefore} done before)`,
  );
});

test('a run killed before it was planned is planned on resume', async (t) => {
  const { SqliteStore } = await import('../../src/store/sqlite.ts');
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<html lang="fa"></html>'),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const dir = mkdtempSync(join(tmpdir(), 'payesh-unplanned-'));
  t.after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const list = join(dir, 'agencies.json');
  writeFileSync(
    list,
    JSON.stringify({
      agencies: [{ id: 'A1', name: 'یک', portal_url: `http://127.0.0.1:${port}/`, services: [] }],
    }),
  );
  const db = join(dir, 'payesh.db');
  // What a kill right after the run row was written leaves behind.
  const store = SqliteStore.open(db);
  await store.createRun({ id: 'r-unplanned', agenciesFile: list });
  await store.close();

  const r = await runCli([
    'audit',
    '--resume',
    'r-unplanned',
    '--db',
    db,
    '--out',
    join(dir, 'out'),
    '--only',
    'http',
    '--allow-private',
    '--no-score',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const d = new Database(db, { readonly: true });
  const n = (
    d.prepare('SELECT COUNT(*) n FROM measurements WHERE run_id = ?').get('r-unplanned') as { n: number }
  ).n;
  d.close();
  assert.equal(n, 1);
});
