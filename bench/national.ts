// npm run bench:national: a whole evaluation period, measured end to end on loopback.
//
// Builds a world the size of a national period (bench/national-world.ts: 170 agencies on distinct
// host names, 6,000 service pages, realistic page weight, a few slow and broken hosts) and runs a full
// `payesh audit` with every probe and the ito-p7 checklist: once in one process (SQLite), and once with
// 2 and with 4 `payesh worker` processes on BullMQ (Redis) and PostgreSQL. For each it prints wall time,
// busy time per probe, pages per second, peak memory, database size, evidence size, and what that
// means for a whole period on N machines.
//
//   npm run bench:national                                # the full period: 170 agencies, 6,000 services
//   npm run bench:national -- --agencies 20               # a quick run (services scale with agencies)
//   npm run bench:national -- --agencies 10 --modes process,2,4 --services 350
//
// Options: --agencies N (170), --services N (6000 x agencies / 170), --modes LIST (process,2,4; a number
// is that many workers), --concurrency N (jobs per process, payesh's default when absent),
// --keep (keep the world and out folders), and anything after "--" goes to every payesh command.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  missingServices,
  startPostgres,
  startRedis,
  type PostgresService,
  type RedisService,
} from '../tests/support/services.ts';
import { faultOf, startNationalWorld } from './national-world.ts';

const root = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const dashdash = argv.indexOf('--');
const passThrough = dashdash >= 0 ? argv.slice(dashdash + 1) : [];
const { values: opt } = parseArgs({
  args: dashdash >= 0 ? argv.slice(0, dashdash) : argv,
  options: {
    agencies: { type: 'string', default: '170' },
    services: { type: 'string' },
    modes: { type: 'string', default: 'process,2,4' },
    concurrency: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const int = (name: string, v: string) => {
  if (!/^\d+$/.test(v) || Number(v) < 1) {
    process.stderr.write(`bench:national: --${name} must be a positive whole number, not "${v}"\n`);
    process.exit(2);
  }
  return Number(v);
};
const agencies = int('agencies', opt.agencies!);
const services = opt.services ? int('services', opt.services) : Math.round((6000 * agencies) / 170);
const modes = opt.modes!.split(',').map((m) => m.trim());
for (const m of modes)
  if (m !== 'process' && !/^\d+$/.test(m)) {
    process.stderr.write(`bench:national: --modes takes "process" or worker counts, not "${m}"\n`);
    process.exit(2);
  }
const usesQueue = modes.some((m) => m !== 'process');
if (usesQueue && missingServices()) {
  process.stderr.write(
    `bench:national: worker modes need redis-server and PostgreSQL: ${missingServices()}\n`,
  );
  process.exit(2);
}

// Workers log at info so their "worker ready" line is seen; the audit only warns.
function payesh(args: string[], level = 'warn'): ChildProcess {
  return spawn(process.execPath, ['bin/payesh.mjs', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PAYESH_LOG_FORMAT: 'json', PAYESH_LOG_LEVEL: level },
  });
}

/** Resident memory of a process and all its descendants (Chromium included), from /proc. */
function treeRssBytes(rootPids: number[]): { tree: number; node: number } {
  const parent = new Map<number, number>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      parent.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const rss = (pid: number) => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : 0;
    } catch {
      return 0;
    }
  };
  const inTree = (pid: number) => {
    for (let p: number | undefined = pid, hops = 0; p && hops < 64; p = parent.get(p), hops++)
      if (rootPids.includes(p)) return true;
    return false;
  };
  let tree = 0;
  for (const pid of parent.keys()) if (inTree(pid)) tree += rss(pid);
  return { tree, node: rootPids.reduce((s, p) => s + rss(p), 0) };
}

function duBytes(path: string): number {
  let total = 0;
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.size;
  for (const e of readdirSync(path)) total += duBytes(join(path, e));
  return total;
}

interface Row {
  probe: string;
  error_type: string | null;
  started_at: string;
  finished_at: string;
}

interface Result {
  mode: string;
  seconds: number;
  exit: number | null;
  jobs: number;
  failedJobs: number;
  peakTreeMb: number;
  peakNodeMb: number;
  memoryAt: { quarter: number; half: number; end: number };
  dbMb: number;
  evidenceMb: number;
  perProbe: Record<string, { n: number; errors: number; busySeconds: number }>;
  unmeasured: number | null;
}

async function readMeasurements(db: string, run: string): Promise<Row[]> {
  const sql = 'SELECT probe, error_type, started_at, finished_at FROM measurements WHERE run_id = $1';
  if (db.startsWith('postgres')) {
    const c = new pg.Client({ connectionString: db });
    await c.connect();
    try {
      return (await c.query(sql, [run])).rows as Row[];
    } finally {
      await c.end();
    }
  }
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(sql.replace('$1', '?')).all(run) as Row[];
  } finally {
    d.close();
  }
}

async function dbBytes(db: string): Promise<number> {
  if (!db.startsWith('postgres')) return duBytes(db) + duBytes(`${db}-wal`);
  const c = new pg.Client({ connectionString: db });
  await c.connect();
  try {
    return Number((await c.query('SELECT pg_database_size(current_database()) AS n')).rows[0].n);
  } finally {
    await c.end();
  }
}

const waitLine = (c: ChildProcess, re: RegExp) =>
  new Promise<void>((res, rej) => {
    let buf = '';
    c.stderr!.on('data', (d) => {
      buf = (buf + d).slice(-20000);
      if (re.test(buf)) res();
    });
    c.once('exit', (code) => rej(new Error(`exited ${code} before ${re}: ${buf.slice(-800)}`)));
  });

const dir = mkdtempSync(join(tmpdir(), 'payesh-bench-national-'));
const world = await startNationalWorld({ agencies, services, dir: join(dir, 'world') });
const net = [
  '--allow-private',
  '--extra-ca',
  world.caFile,
  ...world.resolve.flatMap((r) => ['--resolve', r]),
];
// Workers take each run's checklist from the run itself; only the audit names it.
const common = [...(opt.concurrency ? ['--concurrency', opt.concurrency] : []), ...net, ...passThrough];
const faulty = [
  ...new Set([...world.faults.entries()].filter(([h]) => !h.startsWith('e-')).map(([, f]) => f)),
];
process.stderr.write(
  `bench:national: ${agencies} agencies, ${services} service pages (${world.pages} pages with the portals), ` +
    `faulty agencies: ${Array.from({ length: agencies }, (_, i) => faultOf(i + 1)).filter(Boolean).length} (${faulty.join(', ')}); ` +
    `${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; modes ${modes.join(', ')}\n`,
);

let redis: RedisService | undefined;
let pgs: PostgresService | undefined;
const running = new Set<ChildProcess>();
const results: Result[] = [];
try {
  if (usesQueue) [redis, pgs] = await Promise.all([startRedis(), startPostgres()]);
  for (const mode of modes) {
    const out = join(dir, `out-${mode}`);
    const db =
      mode === 'process'
        ? join(dir, `national-${mode}.db`)
        : await pgs!.createDatabase(`national_${mode}_${Date.now() % 100000}`);
    const workers: ChildProcess[] = [];
    if (mode !== 'process') {
      for (let i = 0; i < Number(mode); i++)
        workers.push(payesh(['worker', '--queue', redis!.url, '--db', db, '--out', out, ...common], 'info'));
      workers.forEach((w) => running.add(w));
      await Promise.all(workers.map((w) => waitLine(w, /worker ready/)));
    }
    const t0 = process.hrtime.bigint();
    const audit = payesh([
      'audit',
      world.agenciesFile,
      '--db',
      db,
      '--out',
      out,
      '--json',
      '--no-progress',
      '--format',
      'html,json,csv',
      '--checklist',
      'ito-p7',
      ...(mode === 'process' ? [] : ['--queue', redis!.url]),
      ...common,
    ]);
    running.add(audit);
    let stdout = '';
    let stderr = '';
    audit.stdout!.on('data', (d) => (stdout += d));
    audit.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    const pids = () => [audit.pid!, ...workers.map((w) => w.pid!)];
    const samples: { t: number; tree: number; node: number }[] = [];
    const sampler = setInterval(() => {
      const m = treeRssBytes(pids());
      samples.push({ t: Number(process.hrtime.bigint() - t0) / 1e9, ...m });
    }, 1000);
    let lastNote = 0;
    const note = setInterval(() => {
      const s = samples.at(-1);
      if (!s || s.t - lastNote < 60) return;
      lastNote = s.t;
      process.stderr.write(
        `  ${mode}: ${s.t.toFixed(0)} s, ${(s.tree / 2 ** 20).toFixed(0)} MB in the process tree\n`,
      );
    }, 5000);
    const exit = await new Promise<number | null>((r) => audit.on('exit', r));
    clearInterval(sampler);
    clearInterval(note);
    running.delete(audit);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(
      workers.map((w) => new Promise((r) => (w.exitCode === null ? w.once('exit', r) : r(null)))),
    );
    workers.forEach((w) => running.delete(w));
    let summary: Record<string, unknown> = {};
    try {
      summary = JSON.parse(stdout);
    } catch {
      process.stderr.write(
        `  ${mode}: audit exited ${exit} without a JSON summary: ${stderr.slice(-1500)}\n`,
      );
    }
    const run = String(summary.run ?? '');
    const rows = run ? await readMeasurements(db, run) : [];
    const perProbe: Result['perProbe'] = {};
    for (const r of rows) {
      const p = (perProbe[r.probe] ??= { n: 0, errors: 0, busySeconds: 0 });
      p.n++;
      if (r.error_type) p.errors++;
      p.busySeconds += Math.max(0, (Date.parse(r.finished_at) - Date.parse(r.started_at)) / 1000);
    }
    const at = (f: number) =>
      samples[Math.min(samples.length - 1, Math.floor(samples.length * f))]?.tree ?? 0;
    const unmeasured = summary.unmeasured;
    results.push({
      mode,
      seconds,
      exit,
      jobs: Number(summary.done ?? 0) + Number(summary.failed ?? 0),
      failedJobs: Number(summary.failed ?? 0),
      peakTreeMb: Math.max(0, ...samples.map((s) => s.tree)) / 2 ** 20,
      peakNodeMb: Math.max(0, ...samples.map((s) => s.node)) / 2 ** 20,
      memoryAt: { quarter: at(0.25) / 2 ** 20, half: at(0.5) / 2 ** 20, end: at(0.95) / 2 ** 20 },
      dbMb: (await dbBytes(db)) / 2 ** 20,
      evidenceMb: duBytes(out) / 2 ** 20,
      perProbe,
      unmeasured: Array.isArray(unmeasured)
        ? unmeasured.length
        : typeof unmeasured === 'number'
          ? unmeasured
          : null,
    });
    process.stderr.write(`  ${mode}: ${seconds.toFixed(0)} s, exit ${exit}, ${rows.length} measurements\n`);
  }
} finally {
  for (const c of running) c.kill('SIGKILL');
  await world.close();
  await redis?.stop();
  await pgs?.stop();
  if (!opt.keep) rmSync(dir, { recursive: true, force: true });
  else process.stderr.write(`kept: ${dir}\n`);
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
const out = process.stdout;
out.write(
  `\nnational period: ${agencies} agencies, ${world.pages} pages (portals + ${services} services), ${cpus().length} CPUs\n\n`,
);
out.write(
  'mode      wall s  pages/s  jobs  failed  peak tree MB  peak node MB  mem 25%/50%/95% MB   db MB  evidence MB\n',
);
for (const r of results)
  out.write(
    `${r.mode.padEnd(8)} ${pad(r.seconds.toFixed(0), 7)}  ${pad((world.pages / r.seconds).toFixed(2), 7)} ${pad(r.jobs, 5)} ${pad(r.failedJobs, 7)}  ${pad(r.peakTreeMb.toFixed(0), 12)}  ${pad(r.peakNodeMb.toFixed(0), 12)}  ${pad(`${r.memoryAt.quarter.toFixed(0)}/${r.memoryAt.half.toFixed(0)}/${r.memoryAt.end.toFixed(0)}`, 18)}  ${pad(r.dbMb.toFixed(1), 6)}  ${pad(r.evidenceMb.toFixed(1), 11)}\n`,
  );
for (const r of results) {
  out.write(`\n${r.mode}: busy time per probe (sum over jobs; jobs run side by side)\n`);
  for (const [p, v] of Object.entries(r.perProbe).sort((a, b) => b[1].busySeconds - a[1].busySeconds))
    out.write(
      `  ${p.padEnd(13)} ${pad(v.n, 5)} jobs  ${pad(v.errors, 4)} with a typed error  ${pad(v.busySeconds.toFixed(0), 7)} s  ${pad((v.busySeconds / v.n).toFixed(2), 6)} s/job\n`,
    );
}
// Extrapolation: the work grows with agencies and pages; on one machine with this many cores, time
// per agency is what was measured; N machines divide it by the speed-up measured here between 1 and
// 2/4 workers, or by N when the work spreads across machines (each machine brings its own cores).
out.write('\nextrapolated to a whole period (170 agencies, 6,000 services), linear in pages:\n');
const full = (170 + 6000) / world.pages;
for (const r of results) {
  const hours = (r.seconds * full) / 3600;
  out.write(
    `  ${r.mode.padEnd(8)} ${hours.toFixed(2)} h on this machine; on N such machines about ${hours.toFixed(2)}/N h (${[2, 4, 8].map((n) => `${n}: ${(hours / n).toFixed(2)} h`).join(', ')})\n`,
  );
}
out.write(JSON.stringify({ agencies, services, pages: world.pages, cpus: cpus().length, results }) + '\n');
