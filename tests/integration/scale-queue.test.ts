// Distributed audits: real redis-server and PostgreSQL, `payesh worker` child processes, loopback
// agency portals. Skipped (with the reason) when the server binaries are not installed.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { silentLogger } from '../../src/util/log.ts';
import { makeBullmqRunner } from '../../src/queue/bullmq.ts';
import { HostLeases } from '../../src/queue/host-lease.ts';
import { PostgresStore } from '../../src/store/postgres.ts';
import {
  missingServices,
  startPostgres,
  startRedis,
  type PostgresService,
  type RedisService,
} from '../support/services.ts';
import { hostOf, startScaleWorld, type ScaleWorld } from '../support/scale-world.ts';

const root = resolve(import.meta.dirname, '../..');
const missing = missingServices();
if (missing) process.stderr.write(`skipping distributed audit tests: ${missing}\n`);

let redis: RedisService | undefined;
let pg: PostgresService | undefined;
let dir = '';
const children = new Set<ChildProcess>();

before(async () => {
  if (missing) return;
  dir = mkdtempSync(join(tmpdir(), 'payesh-scale-'));
  [redis, pg] = await Promise.all([startRedis(), startPostgres()]);
});

after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await redis?.stop();
  await pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Child {
  proc: ChildProcess;
  lines: Record<string, unknown>[];
  /** Resolves with the first JSON log line matching. */
  waitFor(pred: (l: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  exit: Promise<number | null>;
  stdout(): string;
}

/** Starts `payesh ...` with the test probe registration preloaded; JSON log lines are collected. */
function payesh(args: string[]): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'bin/payesh.mjs', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PAYESH_LOG_LEVEL: 'info', PAYESH_LOG_FORMAT: 'json' },
  });
  children.add(proc);
  const lines: Record<string, unknown>[] = [];
  const waiters: {
    pred: (l: Record<string, unknown>) => boolean;
    resolve: (l: Record<string, unknown>) => void;
  }[] = [];
  let out = '';
  let buf = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (!line.startsWith('{')) continue;
      try {
        const l = JSON.parse(line) as Record<string, unknown>;
        lines.push(l);
        for (const w of waiters.filter((x) => x.pred(l))) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(l);
        }
      } catch {
        // not a log line
      }
    }
  });
  const exit = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return {
    proc,
    lines,
    exit,
    stdout: () => out,
    waitFor: (pred) => {
      const hit = lines.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        // Fail with what the process said rather than hang the suite.
        const timer = setTimeout(
          () => reject(new Error(`no such log line in 60 s; last lines: ${JSON.stringify(lines.slice(-5))}`)),
          60_000,
        );
        exit.then((code) =>
          reject(
            new Error(`exited (${code}) before the log line; last lines: ${JSON.stringify(lines.slice(-5))}`),
          ),
        );
        waiters.push({ pred, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      });
    },
  };
}

function netArgs(world: ScaleWorld): string[] {
  return ['--allow-private', ...world.resolve.flatMap((r) => ['--resolve', r])];
}

function startWorkers(n: number, db: string, world: ScaleWorld, extra: string[] = []): Child[] {
  return Array.from({ length: n }, () =>
    payesh([
      'worker',
      '--queue',
      redis!.url,
      '--db',
      db,
      '--only',
      'http',
      '--out',
      join(dir, 'out'),
      '--lock-duration',
      '2000',
      '--lease-ttl',
      '3000',
      ...extra,
      ...netArgs(world),
    ]),
  );
}

async function stopAll(list: Child[]): Promise<void> {
  for (const c of list) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGTERM');
  await Promise.all(list.map((c) => c.exit));
}

async function auditViaQueue(
  db: string,
  world: ScaleWorld,
  extra: string[] = [],
): Promise<{ code: number | null; result: Record<string, unknown> }> {
  const a = payesh([
    'audit',
    world.agenciesFile,
    '--queue',
    redis!.url,
    '--db',
    db,
    '--only',
    'http',
    '--no-score',
    '--json',
    '--no-progress',
    '--out',
    join(dir, 'out'),
    ...extra,
    ...netArgs(world),
  ]);
  const code = await a.exit;
  let result: Record<string, unknown> = {};
  try {
    result = JSON.parse(a.stdout());
  } catch {
    assert.fail(`audit printed no JSON (exit ${code}): ${a.stdout()} ${JSON.stringify(a.lines.slice(-5))}`);
  }
  return { code, result };
}

/** Every http-probed target of the run has exactly one measurement and a finished job. */
async function assertMeasuredOnce(store: PostgresStore, runId: string): Promise<void> {
  const targets = (await store.listTargets(runId)).filter((t) => t.kind !== 'host');
  const ms = await store.listMeasurements(runId, { probe: 'http' });
  assert.equal(ms.length, targets.length, 'one measurement per target');
  assert.deepEqual(new Set(ms.map((m) => m.targetId)), new Set(targets.map((t) => t.id)));
  assert.ok(
    ms.every((m) => !m.error && (m.values as { status?: number }).status === 200),
    JSON.stringify(ms.find((m) => m.error)),
  );
  // Workers store the probe's report details with the measurement, as the in-process runner does.
  assert.ok(
    ms.every((m) => Array.isArray((m.values as { details?: unknown }).details)),
    JSON.stringify(ms[0]?.values),
  );
  const jobs = await store.listJobs(runId);
  assert.equal(jobs.length, targets.length);
  assert.deepEqual(
    jobs.filter((j) => j.state !== 'done').map((j) => `${j.key} ${j.state}`),
    [],
  );
}

test(
  'two workers measure every target exactly once, never more than --per-host at once per host',
  { skip: missing },
  async () => {
    const db = await pg!.createDatabase('two_workers');
    // Pages answer only once both workers have started a job (or after 30 s, so a worker that never
    // takes one fails the assertion below instead of hanging): on a fast machine one worker could
    // otherwise finish all 24 jobs before the other took any.
    let release!: () => void;
    const bothStarted = new Promise<void>((r) => (release = r));
    const world = await startScaleWorld({
      agencies: 6,
      servicesPerAgency: 3,
      dir: mkdtempSync(join(dir, 'w-')),
      pageDelayMs: 60,
      hold: () => bothStarted,
    });
    // The workers' own --per-host is looser: the audit's --per-host 1, carried by each job, must win.
    const workers = startWorkers(2, db, world, [
      '--concurrency',
      '3',
      '--per-host',
      '3',
      '--host-delay',
      '0',
    ]);
    const store = await PostgresStore.connect(db);
    try {
      await Promise.all(workers.map((w) => w.waitFor((l) => l.msg === 'worker ready')));
      const gate = setTimeout(release, 30_000);
      void Promise.all(workers.map((w) => w.waitFor((l) => l.msg === 'job started')))
        .catch(() => {})
        .finally(() => {
          clearTimeout(gate);
          release();
        });
      const { code, result } = await auditViaQueue(db, world, ['--per-host', '1', '--host-delay', '0']);
      assert.equal(code, 0);
      assert.equal(result.state, 'done');
      assert.equal(result.done, 24);
      assert.equal(result.failed, 0);
      const runId = result.run as string;
      await assertMeasuredOnce(store, runId);
      // Every page was fetched exactly once, by one worker or the other.
      assert.equal(world.hits.size, 24);
      assert.ok([...world.hits.values()].every((n) => n === 1));
      const startedBy = workers.map(
        (w) => w.lines.filter((l) => l.msg === 'job started' && l.run === runId).length,
      );
      assert.equal(startedBy[0] + startedBy[1], 24);
      assert.ok(
        startedBy.every((n) => n > 0),
        `both workers took jobs: ${startedBy}`,
      );
      // Fleet-wide politeness: 6 concurrent slots, but one job at a time per agency host.
      assert.deepEqual(new Set(world.maxInFlight.values()), new Set([1]));
      // The run is progress-visible from the store, as `payesh runs` reads it.
      const runs = payesh(['runs', '--db', db, '--json']);
      assert.equal(await runs.exit, 0);
      const listed = (
        JSON.parse(runs.stdout()) as { id: string; jobs: { done: number; total: number } }[]
      ).find((r) => r.id === runId)!;
      assert.deepEqual([listed.jobs.done, listed.jobs.total], [24, 24]);
    } finally {
      await stopAll(workers);
      await store.close();
      await world.close();
    }
  },
);

test(
  'a worker killed mid-job: the run completes and every target is measured exactly once',
  { skip: missing },
  async () => {
    const db = await pg!.createDatabase('killed_worker');
    const slowPath = `${hostOf(2)}/s/2`;
    const world = await startScaleWorld({
      agencies: 4,
      servicesPerAgency: 2,
      dir: mkdtempSync(join(dir, 'w-')),
      pageDelayMs: 50,
      slow: { [slowPath]: 2500 },
    });
    const slowUrl = `http://${hostOf(2)}:${world.port}/s/2`;
    const workers = startWorkers(2, db, world, ['--concurrency', '2']);
    const store = await PostgresStore.connect(db);
    try {
      await Promise.all(workers.map((w) => w.waitFor((l) => l.msg === 'worker ready')));
      // Kill whichever worker starts the slow page, while its request is in flight.
      let killed: Child | undefined;
      let triggered = false;
      world.onRequest = async (url) => {
        if (url !== slowUrl || triggered) return;
        triggered = true;
        // The worker's log line and its request travel on different pipes: wait for the line.
        for (let i = 0; i < 100 && !killed; i++) {
          killed = workers.find((w) => w.lines.some((l) => l.msg === 'job started' && l.url === slowUrl));
          if (!killed) await new Promise((r) => setTimeout(r, 20));
        }
        killed?.proc.kill('SIGKILL');
      };
      const { code, result } = await auditViaQueue(db, world);
      assert.ok(killed, 'a worker was killed');
      assert.equal(killed!.proc.signalCode, 'SIGKILL');
      assert.equal(code, 0);
      assert.equal(result.state, 'done');
      assert.equal(result.failed, 0);
      const runId = result.run as string;
      await assertMeasuredOnce(store, runId);
      // The slow page was started twice (once by the dead worker), but stored once, by the survivor.
      assert.equal(world.hits.get(slowUrl), 2);
      const slowTarget = (await store.listTargets(runId)).find((t) => t.url === slowUrl)!;
      const job = (await store.getJob(runId, `http:${slowTarget.id}`))!;
      assert.equal(job.attempts, 2);
      const survivor = workers.find((w) => w !== killed)!;
      assert.ok(survivor.lines.some((l) => l.msg === 'job done' && l.job === job.key));
    } finally {
      await stopAll(workers);
      await store.close();
      await world.close();
    }
  },
);

test('a job whose measurement is already stored is not measured again', { skip: missing }, async () => {
  const db = await pg!.createDatabase('already_stored');
  const world = await startScaleWorld({
    agencies: 1,
    servicesPerAgency: 1,
    dir: mkdtempSync(join(dir, 'w-')),
  });
  const store = await PostgresStore.connect(db);
  const workers = startWorkers(1, db, world);
  try {
    const runId = 'run-already-stored';
    await store.createRun({ id: runId, agenciesFile: world.agenciesFile });
    const [portal, service] = await store.addTargets(runId, [
      {
        agencyId: 'ag1',
        kind: 'portal',
        url: `http://${hostOf(1)}:${world.port}/`,
        host: `${hostOf(1)}:${world.port}`,
      },
      {
        agencyId: 'ag1',
        serviceId: '1000000101',
        kind: 'service',
        url: `http://${hostOf(1)}:${world.port}/s/1`,
        host: `${hostOf(1)}:${world.port}`,
      },
    ]);
    await store.addJobs(
      runId,
      [portal, service].map((t) => ({ probe: 'http', targetId: t.id! })),
    );
    // As if a worker stored this measurement and died before telling the queue.
    const stored = {
      probe: 'http',
      url: portal.url,
      values: { status: 200, from: 'earlier worker' },
      evidence: [],
      toolVersion: 't',
      startedAt: '2024-01-01T00:00:00.000Z',
      finishedAt: '2024-01-01T00:00:01.000Z',
    };
    await store.saveMeasurement(runId, portal.id!, stored);
    await workers[0].waitFor((l) => l.msg === 'worker ready');
    const finished: string[] = [];
    const runner = makeBullmqRunner(redis!.url, runId, { log: silentLogger, pollMs: 100 });
    const summary = await runner.run(
      [portal, service].map((t) => ({ key: `http:${t.id}`, probe: 'http', targetId: t.id!, host: t.host })),
      async () => assert.fail('the distributed runner does not run jobs in the calling process'),
      { onFinish: (job, outcome) => void finished.push(`${job.key} ${outcome}`) },
    );
    assert.deepEqual(summary, { done: 2, failed: 0, cancelled: 0 });
    assert.deepEqual(finished.sort(), [`http:${portal.id} done`, `http:${service.id} done`].sort());
    assert.equal(world.hits.get(portal.url), undefined, 'the stored job was not fetched again');
    assert.equal(world.hits.get(service.url), 1);
    const kept = (await store.listMeasurements(runId, { targetId: portal.id! }))[0];
    assert.equal(kept.values.from, 'earlier worker');
    assert.ok(
      workers[0].lines.some(
        (l) => l.msg === 'job already measured; skipped' && l.job === `http:${portal.id}`,
      ),
    );
  } finally {
    await stopAll(workers);
    await store.close();
    await world.close();
  }
});

test(
  'host leases: a fleet-wide cap per host, spacing between starts, and expiry of a dead holder',
  { skip: missing },
  async () => {
    const client = new Redis(redis!.url);
    try {
      const leases = new HostLeases(client, { limit: 2, delayMs: 0, ttlMs: 60_000 });
      assert.deepEqual(await leases.acquire('h:443', 'w1'), { acquired: true });
      assert.deepEqual(await leases.acquire('h:443', 'w2'), { acquired: true });
      const third = await leases.acquire('h:443', 'w3');
      assert.equal(third.acquired, false);
      assert.equal(third.acquired === false && third.reason, 'busy');
      assert.deepEqual(await leases.acquire('other:443', 'w3'), { acquired: true });
      await leases.release('h:443', 'w1');
      assert.deepEqual(await leases.acquire('h:443', 'w3'), { acquired: true });
      assert.deepEqual((await leases.holders('h:443')).sort(), ['w2', 'w3']);

      // A holder that stops renewing loses its lease after the TTL.
      assert.deepEqual(await leases.acquire('dead:80', 'gone', { limit: 1, ttlMs: 150 }), { acquired: true });
      assert.equal((await leases.acquire('dead:80', 'next', { limit: 1, ttlMs: 150 })).acquired, false);
      await new Promise((r) => setTimeout(r, 250));
      assert.deepEqual(await leases.acquire('dead:80', 'next', { limit: 1, ttlMs: 150 }), { acquired: true });
      assert.equal(await leases.renew('dead:80', 'gone'), false);

      // Spacing: the second start on a host waits for the gap even with free slots.
      assert.deepEqual(await leases.acquire('spaced:80', 'a', { limit: 5, delayMs: 10_000 }), {
        acquired: true,
      });
      const spaced = await leases.acquire('spaced:80', 'b', { limit: 5, delayMs: 10_000 });
      assert.equal(spaced.acquired, false);
      assert.ok(
        spaced.acquired === false &&
          spaced.reason === 'spacing' &&
          spaced.retryInMs > 5_000 &&
          spaced.retryInMs <= 10_000,
      );
    } finally {
      client.disconnect();
    }
  },
);
