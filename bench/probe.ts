// Benchmark: one uptime probe round over 10,000 pages spread over 100 loopback HTTP servers,
// every check stored in SQLite as the monitor does it. Reports wall time and peak RSS, next to a
// plain undici request loop over the same URLs as the ceiling (no classification, no store).
//   npm run bench:probe [-- --targets 10000 --hosts 100 --concurrency 32 --per-host 4]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { defaultNetOptions } from '../src/net/options.ts';
import { UptimeMonitor, uptimeTargets } from '../src/probes/uptime/monitor.ts';
import type { Agency } from '../src/agencies/model.ts';
import { SqliteStore } from '../src/store/sqlite.ts';
import { silentLogger } from '../src/util/log.ts';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}

const PAGE = `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>پورتال</title></head><body>${'<p>خدمات الکترونیک</p>'.repeat(40)}</body></html>`;

/** Server mode: N HTTP servers in this (separate) process; prints their ports as one JSON line. */
async function serve(n: number): Promise<void> {
  const ports: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE),
    );
    s.keepAliveTimeout = 30_000;
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    ports.push((s.address() as { port: number }).port);
  }
  process.stdout.write(JSON.stringify(ports) + '\n');
}

async function startServers(n: number): Promise<{ ports: number[]; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--serve', String(n)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ports = await new Promise<number[]>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) resolve(JSON.parse(buf.split('\n')[0]));
    });
    child.on('exit', (code) => reject(new Error(`server process exited with ${code}`)));
  });
  return { ports, stop: () => child.kill('SIGTERM') };
}

function buildAgencies(ports: number[], total: number): Agency[] {
  const perHost = Math.ceil(total / ports.length);
  return ports.map((port, h) => {
    const base = `http://h${h}.bench.gov.test:${port}`;
    return {
      id: String(1000 + h),
      nameFa: `سازمان ${h}`,
      portalUrl: `${base}/`,
      services: Array.from({ length: perHost - 1 }, (_, k) => ({
        id: String(2_000_000_000 + h * 1000 + k),
        title: `خدمت ${k}`,
        url: `${base}/s/${k}`,
        type: 'G2C' as const,
      })),
    };
  });
}

/** The ceiling: the same URLs through one undici Agent, bounded the same way, nothing else. */
async function ceiling(
  urls: string[],
  concurrency: number,
  perHost: number,
): Promise<{ ms: number; ok: number }> {
  const agent = new Agent({ connections: perHost, keepAliveTimeout: 4_000 });
  let next = 0;
  let ok = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < urls.length) {
        const url = urls[next++];
        const res = await request(url, { dispatcher: agent });
        await res.body.dump();
        if (res.statusCode === 200) ok++;
      }
    }),
  );
  const ms = performance.now() - t0;
  await agent.close();
  return { ms, ok };
}

async function main(): Promise<void> {
  if (process.argv.includes('--serve')) return serve(arg('serve', 100));
  const total = arg('targets', 10_000);
  const hostCount = arg('hosts', 100);
  const concurrency = arg('concurrency', 32);
  const perHost = arg('per-host', 4);

  const servers = await startServers(hostCount);
  const dir = mkdtempSync(join(tmpdir(), 'payesh-bench-'));
  try {
    const agencies = buildAgencies(servers.ports, total);
    const targets = uptimeTargets(agencies).slice(0, total);
    const resolve = new Map(servers.ports.map((p, h) => [`h${h}.bench.gov.test:${p}`, '127.0.0.1']));
    const net = defaultNetOptions({ allowPrivate: true, resolve, totalTimeoutMs: 30_000 });
    const store = SqliteStore.open(join(dir, 'bench.db'));
    const monitor = new UptimeMonitor(targets, {
      store,
      net,
      log: silentLogger,
      intervalMs: 300_000,
      concurrency,
      perHost,
      confirmDelayMs: 10_000,
      agenciesFile: 'bench',
    });
    await monitor.openSession();
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    const round = await monitor.runRound(1);
    const wall = performance.now() - t0;
    await monitor.close();
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const stored = (await store.listUptimeChecks({})).length;
    await store.close();

    // Ceiling over plain 127.0.0.1 URLs (no name mapping needed).
    const urls = targets.map((t) => t.url.replace(/h\d+\.bench\.gov\.test/, '127.0.0.1'));
    const ceil = await ceiling(urls, concurrency, perHost);

    const line = (k: string, v: string) => console.log(`${k.padEnd(34)} ${v}`);
    line('pages / hosts', `${targets.length} / ${hostCount}`);
    line('concurrency / per host', `${concurrency} / ${perHost}`);
    line(
      'payesh probe round: wall',
      `${(wall / 1000).toFixed(2)} s (${Math.round(targets.length / (wall / 1000))} checks/s)`,
    );
    line(
      '  checks stored',
      `${stored} (${round.counts.up} up, ${round.counts.down} down, ${round.counts.blocked} blocked, ${round.counts.error} error)`,
    );
    line(
      '  peak RSS (whole process)',
      `${peakRssMb.toFixed(0)} MB (RSS at round start ${(rssBefore / 2 ** 20).toFixed(0)} MB)`,
    );
    line(
      'ceiling: plain undici loop',
      `${(ceil.ms / 1000).toFixed(2)} s (${Math.round(urls.length / (ceil.ms / 1000))} req/s, ${ceil.ok} ok)`,
    );
    line('targets', `< 30 s wall, < 300 MB RSS: ${wall < 30_000 && peakRssMb < 300 ? 'met' : 'MISSED'}`);
  } finally {
    servers.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
