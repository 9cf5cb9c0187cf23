// A run has one owner: a second `payesh audit --resume RUN` while the first is measuring is refused
// with who holds the run; a killed owner's lease is taken over at once; a job that was running each
// time the process died is stored as failed ('crashed') and the run goes on.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { runCli, startCli } from '../support/cli.ts';
import { startLoopbackAudit } from '../support/loopback-audit.ts';

async function runWithJobs(db: string): Promise<string> {
  for (let i = 0; i < 1200; i++) {
    try {
      const d = new Database(db, { readonly: true, fileMustExist: true });
      try {
        const r = d.prepare('SELECT run_id FROM jobs LIMIT 1').get() as { run_id: string } | undefined;
        if (r) return r.run_id;
      } finally {
        d.close();
      }
    } catch {
      // not created yet
    }
    await sleep(50);
  }
  throw new Error('no run was created');
}

test('two resumes at once: the second is refused with a clear message', async (t) => {
  const site = await startLoopbackAudit(t, {
    agencies: 2,
    services: 4,
    host: 'lease',
    idPrefix: '55',
    delayMs: 4000,
  });
  const first = startCli(['audit', site.list, ...site.args, '--concurrency', '1']);
  t.after(() => first.kill('SIGKILL'));
  const runId = await runWithJobs(site.db);
  const second = await runCli(['audit', '--resume', runId, ...site.args, '--concurrency', '1']);
  assert.equal(second.code, 2, second.stderr);
  assert.match(
    second.stderr,
    new RegExp(`run ${runId} is being measured by another payesh process \\(pid ${first.pid} `),
  );
  const done = await first.done;
  assert.equal(done.code, 0, done.stderr);
  // Each of the 10 jobs (2 portals, 8 services) requested its page once: the refused resume measured nothing.
  const total = [...site.hits.values()].reduce((a, b) => a + b, 0);
  assert.equal(total, 10, JSON.stringify([...site.hits]));
});

test('a killed owner is taken over; a job running at every death is failed as crashed', async (t) => {
  const site = await startLoopbackAudit(t, {
    agencies: 1,
    services: 3,
    host: 'crash',
    idPrefix: '66',
    delayMs: 300,
  });
  const first = startCli(['audit', site.list, ...site.args, '--concurrency', '1']);
  const runId = await runWithJobs(site.db);
  first.kill('SIGKILL');
  await first.done;
  // As if this job had also been running the two times the process died before.
  const d = new Database(site.db);
  const key = (
    d.prepare("SELECT key FROM jobs WHERE run_id = ? AND state <> 'done' LIMIT 1").get(runId) as {
      key: string;
    }
  ).key;
  d.prepare("UPDATE jobs SET state = 'running', crashes = 2 WHERE run_id = ? AND key = ?").run(runId, key);
  d.close();
  const resumed = await runCli(['audit', '--resume', runId, ...site.args]);
  assert.equal(resumed.code, 0, resumed.stderr);
  const db = new Database(site.db, { readonly: true });
  try {
    const m = db
      .prepare(
        'SELECT m.error_type, m.error_message FROM measurements m JOIN jobs j ON j.run_id = m.run_id AND j.target_id = m.target_id AND j.probe = m.probe WHERE j.run_id = ? AND j.key = ?',
      )
      .get(runId, key) as { error_type: string; error_message: string };
    assert.equal(m.error_type, 'crashed');
    assert.match(m.error_message, /ended 3 times/);
    const open = db
      .prepare("SELECT COUNT(*) n FROM jobs WHERE run_id = ? AND state IN ('pending', 'running')")
      .get(runId) as { n: number };
    assert.equal(
      open.n,
      0,
      JSON.stringify(db.prepare('SELECT key, state, crashes FROM jobs WHERE run_id = ?').all(runId)),
    );
    assert.equal(
      (db.prepare('SELECT state FROM runs WHERE id = ?').get(runId) as { state: string }).state,
      'done',
    );
  } finally {
    db.close();
  }
});
