// Crash safety: an audit is SIGKILLed at random moments and resumed, twenty times over. At the end
// every job has exactly one measurement, nothing was lost or stored twice, and SQLite is intact.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { runCli, startCli } from '../support/cli.ts';
import { startLoopbackAudit } from '../support/loopback-audit.ts';

/** mulberry32: a small seeded PRNG so a failing sequence of kill times can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.PAYESH_CRASH_SEED ?? 20241122);
const KILLS = 20;

test(`SIGKILL at ${KILLS} random moments, resume each time: exactly one measurement per job, integrity ok (seed ${SEED})`, async (t) => {
  const random = prng(SEED);
  // Slow enough that the audit spans all the kills.
  const { list, db, args } = await startLoopbackAudit(t, {
    agencies: 3,
    services: 20,
    host: 'crash',
    idPrefix: '3',
    delayMs: 250,
  });
  const common = [...args, '--concurrency', '3'];

  const count = (sql: string, ...args: unknown[]): number | null => {
    try {
      const d = new Database(db, { readonly: true, fileMustExist: true });
      try {
        return (d.prepare(sql).get(...args) as { n: number }).n;
      } finally {
        d.close();
      }
    } catch {
      return null; // not created yet, or busy
    }
  };

  // First start: wait until the run exists (so there is something to resume), then kill at random.
  let runId: string | undefined;
  let kills = 0;
  const first = startCli(['audit', list, ...common]);
  const lastRun = (): string | undefined => {
    try {
      const d = new Database(db, { readonly: true, fileMustExist: true });
      try {
        return (
          d.prepare('SELECT id FROM runs ORDER BY created_at DESC LIMIT 1').get() as
            { id: string } | undefined
        )?.id;
      } finally {
        d.close();
      }
    } catch {
      return undefined;
    }
  };
  // Wait for the run itself, not a fixed time: a busy machine can take many seconds to start payesh.
  for (let i = 0; i < 6000 && !runId && first.exitCode === null; i++) {
    await sleep(25);
    const id = lastRun();
    if (id && count('SELECT COUNT(*) n FROM jobs WHERE run_id = ?', id)) runId = id;
  }
  assert.ok(runId, 'the first start created a run');
  await sleep(Math.floor(random() * 600));
  first.kill('SIGKILL');
  assert.equal((await first.done).signal, 'SIGKILL');
  kills++;

  const progress: number[] = [];
  let finished = false;
  while (kills < KILLS) {
    const child = startCli(['audit', '--resume', runId!, ...common]);
    const stored = count('SELECT COUNT(*) n FROM measurements WHERE run_id = ?', runId) ?? 0;
    if (random() < 0.2) {
      // During start-up, planning or the first jobs.
      await sleep(Math.floor(random() * 1500));
    } else {
      // Mid-run: once this process has stored something, a little later.
      for (
        let i = 0;
        i < 400 &&
        (count('SELECT COUNT(*) n FROM measurements WHERE run_id = ?', runId) ?? 0) <= stored &&
        child.exitCode === null;
        i++
      )
        await sleep(20);
      await sleep(Math.floor(random() * 300));
    }
    child.kill('SIGKILL');
    const r = await child.done;
    if (r.signal !== 'SIGKILL') {
      // It finished before the kill: nothing left to interrupt.
      assert.equal(r.code, 0, r.stderr);
      finished = true;
      break;
    }
    kills++;
    progress.push(count('SELECT COUNT(*) n FROM measurements WHERE run_id = ?', runId) ?? -1);
  }
  t.diagnostic(`${kills} kills; measurements stored after each: ${progress.join(',')}`);
  if (!finished) {
    const last = await runCli(['audit', '--resume', runId!, ...common]);
    assert.equal(last.code, 0, last.stderr);
  }

  const d = new Database(db, { readonly: true });
  try {
    const jobs = (d.prepare('SELECT COUNT(*) n FROM jobs WHERE run_id = ?').get(runId) as { n: number }).n;
    const targets = (
      d.prepare("SELECT COUNT(*) n FROM targets WHERE run_id = ? AND kind != 'host'").get(runId) as {
        n: number;
      }
    ).n;
    const perJob = d
      .prepare(
        'SELECT j.key, COUNT(m.id) n FROM jobs j LEFT JOIN measurements m ON m.run_id = j.run_id AND m.target_id = j.target_id AND m.probe = j.probe WHERE j.run_id = ? GROUP BY j.key',
      )
      .all(runId) as { key: string; n: number }[];
    const measurements = (
      d.prepare('SELECT COUNT(*) n FROM measurements WHERE run_id = ?').get(runId) as { n: number }
    ).n;
    const notDone = (
      d
        .prepare("SELECT COUNT(*) n FROM jobs WHERE run_id = ? AND state NOT IN ('done', 'failed')")
        .get(runId) as { n: number }
    ).n;
    const state = (d.prepare('SELECT state FROM runs WHERE id = ?').get(runId) as { state: string }).state;
    const integrity = (d.prepare('PRAGMA integrity_check').get() as { integrity_check: string })
      .integrity_check;

    assert.equal(targets, 63);
    assert.equal(jobs, targets, 'one http job per target');
    assert.ok(
      perJob.every((j) => j.n === 1),
      `jobs without exactly one measurement: ${perJob
        .filter((j) => j.n !== 1)
        .map((j) => `${j.key}=${j.n}`)
        .join(', ')}`,
    );
    assert.equal(measurements, jobs);
    assert.equal(notDone, 0);
    assert.equal(state, 'done');
    assert.equal(integrity, 'ok');
    assert.ok(kills >= 5, `${kills} kills landed (progress after each: ${progress.join(',')})`);
  } finally {
    d.close();
  }
});
