// npm run bench:browser [-- --ratio-pages 3 --pages 50 --skip-rss --cli --runs 3]
// 1. Per page, side by side in one process: one Lighthouse run against all other browser work on the
//    page (one shared load + axe + the responsive widths + the crawl's render), target ratio <= 0.3;
//    and the same work with a load per measurement, as before the load was shared.
// 1b. With --cli: payesh's Lighthouse runs against a bare `lighthouse URL` CLI doing the same runs.
// 2. Peak RSS (this process plus its browsers) over a run of N pages.
// Uses the demo world when it is there, else a loopback page of fixtures/browser.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { BASE_CHROMIUM_ARGS, hostResolverRules } from '../src/browser/launch-args.ts';
import { browserRenderer } from '../src/browser/render.ts';
import { browserSettings } from '../src/browser/settings.ts';
import { createAxeProbe } from '../src/probes/axe/index.ts';
import { createProbes } from '../src/probes/registry.ts';
import { createResponsiveProbe } from '../src/probes/responsive/index.ts';
import { extraCaSpkis } from '../src/browser/trust.ts';
import { buildNetOptions, type NetOptions } from '../src/net/options.ts';
import type { Probe, ProbeContext, Target } from '../src/probes/types.ts';

const run = promisify(execFile);
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg('runs', 3);
const PAGES = arg('pages', 50);
const SKIP_RSS = process.argv.includes('--skip-rss');
const CLI = process.argv.includes('--cli');
const RATIO_PAGES = arg('ratio-pages', 3);
/** Navigation settings of the probes measured (the defaults: 500 ms settle after the load). */
const BROWSER: Record<string, unknown> = {};
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

interface World {
  net: NetOptions;
  pages: string[];
  spkis: string[];
  close(): Promise<void>;
  label: string;
}

async function openWorld(): Promise<World> {
  const demo = join(import.meta.dirname, '..', 'fixtures', 'demo-world', 'server.ts');
  if (existsSync(demo)) {
    const { startDemoWorld } = (await import(demo)) as typeof import('../fixtures/demo-world/server.ts');
    const w = await startDemoWorld({ ephemeral: true });
    const net = buildNetOptions({ resolve: w.resolve, allowPrivate: true, extraCa: [w.caFile] });
    const paths = [
      '/',
      '/services',
      '/desk',
      '/faq',
      '/contact',
      '/about',
      '/privacy',
      '/sla',
      '/tenders',
      '/news/1',
    ];
    const pages = Object.values(w.origins).flatMap((o) => paths.map((p) => o + p));
    return { net, pages, spkis: w.spkiHashes, close: () => w.close(), label: 'demo world' };
  }
  const { startSite } = await import('../fixtures/browser/servers.ts');
  const { goodPage } = await import('../fixtures/browser/pages.ts');
  const site = await startSite({ '/': { body: goodPage } });
  const net = buildNetOptions({ allowPrivate: true });
  return {
    net,
    pages: [site.url('/')],
    spkis: [],
    close: () => site.close(),
    label: 'loopback fixture page',
  };
}

/** PSS of one process (shared pages split between their users), or 0. */
function pssOf(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Memory of this process and all its descendants (Linux /proc): summed RSS, which counts pages
 * Chromium's processes share once per process, and summed PSS, which splits them.
 */
function treeMemory(root = process.pid): { rss: number; pss: number } {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      const pages = Number(fields[21]);
      rss.set(Number(name), pages * 4096);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone
    }
  }
  let total = 0;
  let pss = 0;
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    total += rss.get(p) ?? 0;
    pss += pssOf(p);
    stack.push(...(children.get(p) ?? []));
  }
  return { rss: total, pss };
}

/** Pages of the world that answer 200, so the memory run measures pages rather than error pages. */
async function livePages(net: NetOptions, pages: string[]): Promise<string[]> {
  const { createDispatcher } = await import('../src/net/dispatcher.ts');
  const { request } = await import('undici');
  const dispatcher = createDispatcher(net);
  const ok: string[] = [];
  for (const p of pages) {
    const r = await request(p, { dispatcher }).catch(() => null);
    if (r) {
      await r.body.dump();
      if (r.statusCode === 200) ok.push(p);
    }
  }
  await dispatcher.close();
  return ok;
}

/** The four browser probes of the registry on one run's pool. */
async function createBrowserProbes(net: NetOptions, log: pino.Logger, browser: Record<string, unknown>) {
  const set = await createProbes({
    net,
    log,
    only: ['lighthouse', 'axe', 'responsive', 'crossbrowser'],
    browser,
  });
  return {
    probes: set.probes,
    pool: await set.resources.browser(),
    resources: set.resources,
    close: () => set.close(),
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const v = await fn();
  return [v, performance.now() - t];
}

function target(url: string, i: number): Target {
  const u = new URL(url);
  return { agencyId: u.hostname, kind: i === 0 ? 'portal' : 'service', url, host: u.host, id: 10_000 + i };
}

/** payesh's Lighthouse runs against the bare `lighthouse` CLI doing the same runs (same Chromium). */
async function againstCli(
  world: World,
  url: string,
  runDir: string,
  log: pino.Logger,
  ctx: ProbeContext,
): Promise<void> {
  const set = await createBrowserProbes(world.net, log, { runs: RUNS });
  await set.pool.start();
  const [lh, ours] = await timed(() =>
    set.probes.find((p) => p.id === 'lighthouse')!.run(target(url, 0), ctx),
  );
  await set.close();
  const chromeFlags = [
    '--headless=new',
    ...BASE_CHROMIUM_ARGS,
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ];
  const rules = hostResolverRules(world.net);
  // Lighthouse splits --chrome-flags on spaces unless a value is quoted.
  if (rules) chromeFlags.push(`--host-resolver-rules="${rules}"`);
  const spkis = [...new Set([...extraCaSpkis(world.net), ...world.spkis])];
  if (spkis.length) chromeFlags.push(`--ignore-certificate-errors-spki-list=${spkis.join(',')}`);
  const cliScores: number[] = [];
  const [, cliMs] = await timed(async () => {
    for (let i = 1; i <= RUNS; i++) {
      const out = join(runDir, `cli-run${i}.json`);
      await run(
        join('node_modules', '.bin', 'lighthouse'),
        [
          url,
          `--chrome-path=${chromePath}`,
          '--preset=desktop',
          '--only-categories=performance',
          '--output=json',
          `--output-path=${out}`,
          '--quiet',
          `--chrome-flags=${chromeFlags.join(' ')}`,
        ],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      cliScores.push(Math.round(JSON.parse(readFileSync(out, 'utf8')).categories.performance.score * 100));
    }
  });
  console.log(
    `\nLighthouse x${RUNS} in payesh: ${Math.round(ours)} ms (score ${lh.values.facts?.['speed.score']}); ` +
      `bare lighthouse CLI: ${Math.round(cliMs)} ms (scores ${cliScores.join(', ')}); ratio ${(ours / cliMs).toFixed(2)} (target <= 1.3)`,
  );
}

async function main(): Promise<void> {
  const world = await openWorld();
  const runDir = mkdtempSync(join(tmpdir(), 'payesh-bench-browser-'));
  const log = pino({ level: 'warn' });
  const ctx: ProbeContext = { net: world.net, log, signal: new AbortController().signal, runDir };
  console.log(`bench:browser on the ${world.label}, ${chromePath}`);
  try {
    // --- 1. per page: one Lighthouse run against every other browser measurement of it ---
    const homes = world.pages.filter((p) => new URL(p).pathname === '/').slice(0, RATIO_PAGES);
    const set = await createBrowserProbes(world.net, log, { runs: 1 });
    const byId = new Map(set.probes.map((p) => [p.id, p] as const));
    const pool = set.pool;
    const pages = await set.resources.pages();
    const render = (await set.resources.renderer())!;
    const own = { runDir: join(runDir, 'own') };
    await pool.start(); // the shared browser is started once per worker; not part of a page's cost
    const rows: Record<string, Record<string, number | string>> = {};
    const sum = { lighthouse: 0, shared: 0, separate: 0 };
    for (const [i, url] of homes.entries()) {
      const t = target(url, i);
      const [lh, lhMs] = await timed(() => byId.get('lighthouse')!.run(t, ctx));
      // Shared: the runner declares the three readers, the page is loaded once and closed after the last.
      for (let k = 0; k < 3; k++) await set.resources.expectPage(t);
      const loads = pages.stats.loads;
      const [shared, sharedMs] = await timed(async () => {
        const axe = await byId.get('axe')!.run(t, ctx);
        await set.resources.pageDone(t);
        const resp = await byId.get('responsive')!.run(t, ctx);
        await set.resources.pageDone(t);
        const html = await render(url);
        await set.resources.pageDone(t);
        return { axe, resp, html, loads: pages.stats.loads - loads };
      });
      // Separate: each measurement loads the page itself (axe, responsive, the crawl's render).
      const [, separateMs] = await timed(async () => {
        await createAxeProbe(BROWSER, pool).run(t, { ...ctx, ...own });
        await createResponsiveProbe(BROWSER, pool).run(t, { ...ctx, ...own });
        await browserRenderer(pool, world.net, browserSettings(BROWSER))(url);
      });
      sum.lighthouse += lhMs;
      sum.shared += sharedMs;
      sum.separate += separateMs;
      rows[new URL(url).host] = {
        'lighthouse x1 ms': Math.round(lhMs),
        'shared load+axe+responsive+render ms': Math.round(sharedMs),
        ratio: Number((sharedMs / lhMs).toFixed(2)),
        'separate loads ms': Math.round(separateMs),
        'separate ratio': Number((separateMs / lhMs).toFixed(2)),
        'loads (shared)': shared.loads,
        verdicts: `speed ${lh.values.facts?.['speed.score']}, a11y ${shared.axe.values.facts?.['a11y.level']}, responsive ${shared.resp.values.facts?.['responsive.ok']}, html ${shared.html.length} B`,
      };
    }
    let xbNote = '';
    if (homes[0]) {
      const [xb, xbMs] = await timed(() => byId.get('crossbrowser')!.run(target(homes[0], 0), ctx));
      xbNote = `cross-browser check (portal only; Chromium side from the shared page, Firefox tab): ${Math.round(xbMs)} ms (${xb.error ? xb.error.type : `ok=${xb.values.facts?.['browsers.ok']}`})`;
    }
    await set.close();
    console.log(
      '\nper page: one Lighthouse run vs all other browser work on that page (target ratio <= 0.3)',
    );
    console.table(rows);
    console.log(
      `all ${homes.length} page(s): lighthouse ${Math.round(sum.lighthouse)} ms, shared ${Math.round(sum.shared)} ms, ` +
        `ratio ${(sum.shared / sum.lighthouse).toFixed(2)}; separate loads ${Math.round(sum.separate)} ms, ` +
        `ratio ${(sum.separate / sum.lighthouse).toFixed(2)}`,
    );
    if (xbNote) console.log(xbNote);

    // --- 1b. (--cli) payesh's Lighthouse against the bare Lighthouse CLI on the first page ---
    if (CLI && homes[0]) await againstCli(world, homes[0], runDir, log, ctx);

    // --- 2. peak RSS over N pages ---
    if (!SKIP_RSS) {
      const rssRuns = 1;
      const set2 = await createBrowserProbes(world.net, log, { runs: rssRuns });
      const probes = set2.probes.filter((p) => p.id !== 'crossbrowser') as Probe[];
      const pages = await livePages(world.net, world.pages);
      const peak = { rss: 0, pss: 0 };
      const sample = () => {
        const m = treeMemory();
        peak.rss = Math.max(peak.rss, m.rss);
        peak.pss = Math.max(peak.pss, m.pss);
      };
      sample();
      const sampler = setInterval(sample, 500);
      let failed = 0;
      const [, ms] = await timed(async () => {
        for (let i = 0; i < PAGES; i++) {
          const t = target(pages[i % pages.length], i);
          for (const p of probes) if ((await p.run(t, ctx)).error) failed++;
          await set2.resources.pageDone(t); // the page's last reader: its shared load is closed
        }
      });
      clearInterval(sampler);
      await set2.close();
      console.log(
        `\n${PAGES} pages x (lighthouse x${rssRuns}, axe, responsive): ${(ms / 1000).toFixed(1)} s, ` +
          `peak memory of the process tree: RSS ${(peak.rss / 1024 / 1024).toFixed(0)} MB, PSS ${(peak.pss / 1024 / 1024).toFixed(0)} MB ` +
          `(target < 1536 MB), browser launches ${set2.pool.stats.launches}, failed measurements ${failed}, ${pages.length} distinct live pages`,
      );
    }
  } finally {
    await world.close();
    rmSync(runDir, { recursive: true, force: true });
  }
}

await main();
