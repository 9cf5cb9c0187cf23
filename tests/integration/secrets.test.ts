// Secrets never leave: a Redis password given in --queue is absent from the terminal, the run's log
// files, every table of the store (runs.options_json included), `payesh runs --json` and errors.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { runCli } from '../support/cli.ts';
import { startLoopbackAudit } from '../support/loopback-audit.ts';
import { missingRedis, startRedis, type RedisService } from '../support/services.ts';
import { redactSecrets } from '../../src/util/redact.ts';

const PW = 'Zr9-s3cret-PW';
let redis: RedisService | undefined;
before(async () => {
  if (!missingRedis()) redis = await startRedis(['--requirepass', PW]);
});
after(async () => {
  await redis?.stop();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

test('redactSecrets hides URL passwords and password parameters', () => {
  assert.equal(redactSecrets('redis://:pw@h:6379/0'), 'redis://:***@h:6379/0');
  assert.equal(
    redactSecrets('x postgres://payesh:p%40ss@db/p?sslpassword=k y'),
    'x postgres://payesh:***@db/p?sslpassword=*** y',
  );
  assert.equal(redactSecrets('postgres://payesh@db/p'), 'postgres://payesh@db/p');
});

test('a Redis password is absent from every output and table', { skip: missingRedis() }, async (t) => {
  const site = await startLoopbackAudit(t, {
    agencies: 1,
    services: 1,
    host: 'sec',
    idPrefix: '77',
    delayMs: 0,
  });
  const queue = `redis://:${PW}@127.0.0.1:${redis!.port}`;
  const outputs: string[] = [];
  const audit = await runCli(['audit', site.list, ...site.args, '--queue', queue, '--no-wait', '--json']);
  assert.equal(audit.code, 0, audit.stderr);
  outputs.push(audit.stdout, audit.stderr);
  const runs = await runCli(['runs', '--json', '--db', site.db]);
  assert.equal(runs.code, 0, runs.stderr);
  outputs.push(runs.stdout, runs.stderr);
  assert.match(runs.stdout, /redis:\/\/:\*\*\*@127\.0\.0\.1/);
  // A queue that cannot be reached: the error names the URL without its password.
  const bad = await runCli([
    'audit',
    site.list,
    ...site.args,
    '--queue',
    `redis://:${PW}@127.0.0.1:1`,
    '--no-wait',
  ]);
  assert.notEqual(bad.code, 0);
  outputs.push(bad.stdout, bad.stderr);
  for (const o of outputs) assert.ok(!o.includes(PW), `password printed:\n${o}`);
  for (const f of filesUnder(site.dir).filter((f) => !f.endsWith('.db')))
    assert.ok(!readFileSync(f, 'latin1').includes(PW), `password in ${f}`);
  const db = new Database(site.db, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    for (const { name } of tables) {
      const dump = JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all());
      assert.ok(!dump.includes(PW), `password stored in table ${name}`);
    }
  } finally {
    db.close();
  }
  assert.ok(!readFileSync(site.db, 'latin1').includes(PW), 'password in the database file');
});
