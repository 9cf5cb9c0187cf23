// Benchmark: peak memory of `payesh audit --only content` on an agency of 40 pages of about 2 MB HTML
// each (80 MB) next to a small one, with the page parsing in worker threads under their heap limit.
// The audit runs as its own process; its peak RSS (VmHWM, worker threads included) is read from /proc.
// Usage: npm run bench:parse [-- --limits 1024,512]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteStore } from '../src/store/sqlite.ts';
import { bigPage, smallPage } from '../tests/support/heavy-site.ts';

const BIN = fileURLToPath(new URL('../bin/payesh.mjs', import.meta.url));
const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : def;
};
const limits = arg('--limits', '1024,512').split(',').map(Number);

const server = createServer((req, res) => {
  const host = (req.headers.host ?? '').split(':')[0];
  const path = req.url ?? '/';
  if (path === '/robots.txt' || path.startsWith('/sitemap')) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(host === 'big.test' ? bigPage(path, 40) : smallPage(path));
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as AddressInfo).port;

function peakOf(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

for (const limit of limits) {
  const dir = mkdtempSync(join(tmpdir(), 'payesh-bench-parse-'));
  const list = join(dir, 'agencies.json');
  writeFileSync(
    list,
    JSON.stringify({
      agencies: [
        { id: 'BIG', name: 'سازمان سنگین', portal_url: `http://big.test:${port}/`, services: [] },
        { id: 'SMALL', name: 'سازمان سبک', portal_url: `http://small.test:${port}/`, services: [] },
      ],
    }),
  );
  const db = join(dir, 'p.db');
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [
      BIN,
      'audit',
      list,
      '--only',
      'content',
      '--no-score',
      '--no-progress',
      '--parse-memory-mb',
      String(limit),
      '--allow-private',
      '127.0.0.1/32',
      '--resolve',
      `big.test:${port}:127.0.0.1`,
      '--resolve',
      `small.test:${port}:127.0.0.1`,
      '--db',
      db,
      '--out',
      join(dir, 'out'),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PAYESH_LOG_LEVEL: 'warn' } },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, peakOf(child.pid!))), 50);
  const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  clearInterval(sampler);
  const seconds = (performance.now() - t0) / 1000;
  const store = SqliteStore.open(db);
  const run = (await store.listRuns())[0];
  const targets = new Map((await store.listTargets(run.id)).map((x) => [x.id, x]));
  const outcome = (await store.listMeasurements(run.id)).map((m) => {
    const crawl = m.values.crawl as { pagesRead?: number; limitsHit?: string[] } | undefined;
    return `${targets.get(m.targetId)?.agencyId}: ${
      m.error
        ? `${m.error.type}`
        : `measured, ${crawl?.pagesRead} pages read${crawl?.limitsHit?.length ? ` (${crawl.limitsHit.join('; ')})` : ''}`
    }`;
  });
  await store.close();
  console.log(
    `--parse-memory-mb ${limit}: exit ${code}, ${seconds.toFixed(1)} s, peak RSS ${peak.toFixed(0)} MB, run ${run.state}; ${outcome.join(' | ')}`,
  );
  if (code !== 0) console.log(stderr.slice(-2000));
  rmSync(dir, { recursive: true, force: true });
}
server.close();
