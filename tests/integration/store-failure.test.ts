// A store that cannot be written is an internal error (exit 3), never the --fail-under code (1):
// a write failing inside a running job (an async path), and a database another process holds locked.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { runCli } from '../support/cli.ts';
import { startLoopbackAudit } from '../support/loopback-audit.ts';

describe('store failures exit 3', { timeout: 180_000 }, () => {
  test('a measurement write that fails while jobs run', async (t) => {
    const w = await startLoopbackAudit(t, {
      agencies: 1,
      services: 2,
      host: 'sf',
      idPrefix: '71',
      delayMs: 0,
    });
    // The database exists with its schema; every measurement insert then fails, as a full disk would.
    (await SqliteStore.open(w.db)).close();
    const db = new Database(w.db);
    db.exec(
      "CREATE TRIGGER no_space BEFORE INSERT ON measurements BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
    );
    db.close();
    const r = await runCli(['audit', w.list, ...w.args, '--retries', '0']);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /internal error.*(disk is full|store)/is);
  });

  test('a database held locked by another process', async (t) => {
    const w = await startLoopbackAudit(t, {
      agencies: 1,
      services: 1,
      host: 'sl',
      idPrefix: '72',
      delayMs: 0,
    });
    (await SqliteStore.open(w.db)).close();
    const db = new Database(w.db);
    db.exec('BEGIN EXCLUSIVE');
    t.after(() => db.close());
    const r = await runCli(['audit', w.list, ...w.args]);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /internal error.*locked/is);
  });
});
