// npm run bench:scale: a distributed audit of 50 fictional agencies (loopback portals told apart by
// host name) with 1, 2 and 4 `payesh worker` processes on this machine, sharing a real redis-server
// and PostgreSQL. Prints the wall time of each audit and the speed-up over one worker.
//
// Environment: BENCH_AGENCIES (50), BENCH_SERVICES (4 per agency), BENCH_PAGE_MS (150: server think
// time per page, standing in for a remote portal), BENCH_CONCURRENCY (2 jobs per worker),
// BENCH_WORKERS ("1,2,4"), BENCH_PROBES ("http").
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { missingServices, startPostgres, startRedis } from '../tests/support/services.ts';
import { startScaleWorld } from '../tests/support/scale-world.ts';

const root = resolve(import.meta.dirname, '..');
const agencies = Number(process.env.BENCH_AGENCIES ?? 50);
const services = Number(process.env.BENCH_SERVICES ?? 4);
const pageMs = Number(process.env.BENCH_PAGE_MS ?? 150);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 2);
const fleet = (process.env.BENCH_WORKERS ?? '1,2,4').split(',').map(Number);
const probes = process.env.BENCH_PROBES ?? 'http';

const missing = missingServices();
if (missing) {
  process.stderr.write(`bench:scale needs redis-server and PostgreSQL: ${missing}\n`);
  process.exit(2);
}

function payesh(args: string[]): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', '--import', './tests/support/probe-preload.ts', 'bin/payesh.mjs', ...args],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PAYESH_LOG_FORMAT: 'json' },
    },
  );
}

const waitLine = (c: ChildProcess, re: RegExp) =>
  new Promise<void>((res, rej) => {
    let buf = '';
    c.stderr!.on('data', (d) => {
      buf += d;
      if (re.test(buf)) res();
    });
    c.once('exit', (code) => rej(new Error(`exited ${code} before ${re}: ${buf.slice(-500)}`)));
  });

const dir = mkdtempSync(join(tmpdir(), 'payesh-bench-scale-'));
const [redis, pg] = await Promise.all([startRedis(), startPostgres()]);
const world = await startScaleWorld({ agencies, servicesPerAgency: services, dir, pageDelayMs: pageMs });
const net = ['--allow-private', ...world.resolve.flatMap((r) => ['--resolve', r])];
const results: { workers: number; seconds: number; jobs: number }[] = [];
const running = new Set<ChildProcess>();
try {
  process.stderr.write(
    `bench:scale: ${agencies} agencies x (portal + ${services} services), probes ${probes}, ${pageMs} ms per page, ` +
      `${concurrency} jobs per worker, ${cpus().length} CPUs\n`,
  );
  for (const n of fleet) {
    const db = await pg.createDatabase(`bench_${n}_${Date.now() % 100000}`);
    const workers = Array.from({ length: n }, () =>
      payesh([
        'worker',
        '--queue',
        redis.url,
        '--db',
        db,
        '--only',
        probes,
        '--concurrency',
        String(concurrency),
        '--out',
        join(dir, 'out'),
        ...net,
      ]),
    );
    workers.forEach((w) => running.add(w));
    await Promise.all(workers.map((w) => waitLine(w, /worker ready/)));
    const t0 = process.hrtime.bigint();
    const audit = payesh([
      'audit',
      world.agenciesFile,
      '--queue',
      redis.url,
      '--db',
      db,
      '--only',
      probes,
      '--no-score',
      '--json',
      '--no-progress',
      '--out',
      join(dir, 'out'),
      ...net,
    ]);
    let out = '';
    audit.stdout!.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((r) => audit.on('exit', r));
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (code !== 0) throw new Error(`audit with ${n} workers exited ${code}: ${out}`);
    const r = JSON.parse(out) as { done: number; failed: number };
    results.push({ workers: n, seconds, jobs: r.done + r.failed });
    process.stderr.write(
      `  ${n} worker(s): ${seconds.toFixed(1)} s for ${r.done + r.failed} jobs (${r.failed} failed)\n`,
    );
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(
      workers.map((w) => new Promise((r) => (w.exitCode === null ? w.once('exit', r) : r(null)))),
    );
    workers.forEach((w) => running.delete(w));
  }
} finally {
  for (const c of running) c.kill('SIGKILL');
  await world.close();
  await redis.stop();
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}

const base = results.find((r) => r.workers === 1)?.seconds ?? results[0].seconds;
process.stdout.write('\nworkers  wall time  jobs/s  speed-up\n');
for (const r of results)
  process.stdout.write(
    `${String(r.workers).padStart(7)}  ${r.seconds.toFixed(1).padStart(8)} s  ${(r.jobs / r.seconds).toFixed(1).padStart(6)}  ${(base / r.seconds).toFixed(2).padStart(7)}x\n`,
  );
process.stdout.write(
  JSON.stringify({ agencies, services, pageMs, concurrency, probes, cpus: cpus().length, results }) + '\n',
);
