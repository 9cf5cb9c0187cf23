// Benchmark: crawl + content detectors + link check (no browser) over a generated site of 500 and 2,000
// pages on loopback, against linkinator checking the same site. Each measurement runs in its own
// process so peak memory is that run's alone.
// Usage: npm run bench:crawl [-- --sizes 500,2000]
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);

/** A deterministic site of `n` pages: Persian menus, news text, 8 links per page, a broken link every 50 pages. */
function page(i: number, n: number): string {
  const links = Array.from({ length: 8 }, (_, k) => (i * 7 + k * 13 + 1) % n).map(
    (j) => `<li><a href="/p/${j}">خبر شماره ${j}</a></li>`,
  );
  if (i % 50 === 0) links.push(`<li><a href="/missing/${i}">صفحه حذف‌شده</a></li>`);
  const para =
    'سازمان نمونه در راستای ارائه خدمات الکترونیکی به شهروندان، سامانه‌های جدیدی را راه‌اندازی کرده است و گزارش عملکرد آن منتشر شد. ';
  return `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>صفحه ${i} | سازمان نمونه</title></head><body>
<header><nav class="main-menu"><ul><li><a href="/">صفحه اصلی</a></li><li><a href="/desk">میز خدمت</a></li><li><a href="/services">معرفی خدمات</a></li><li><a href="/faq">پرسش‌های متداول</a></li></ul></nav></header>
<main><h1>خبر شماره ${i}</h1><p>${para.repeat(12)}</p><ul>${links.join('')}</ul></main>
<footer>تلفن: ۰۲۱-۸۸۷۷۶۶۵۵ — <a href="/privacy">حریم خصوصی</a></footer></body></html>`;
}

function startSite(n: number): Promise<{ server: Server; base: string }> {
  const fixed: Record<string, string> = {
    '/robots.txt': 'User-agent: *\nAllow: /\n',
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (fixed[path]) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(fixed[path]);
      return;
    }
    const m = /^\/p\/(\d+)$/.exec(path);
    const i =
      path === '/'
        ? 0
        : m
          ? Number(m[1])
          : path === '/desk'
            ? 1
            : path === '/services'
              ? 2
              : path === '/faq'
                ? 3
                : path === '/privacy'
                  ? 4
                  : -1;
    if (i < 0 || i >= n) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>404</h1>');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.method === 'HEAD' ? undefined : page(i, n));
  });
  return new Promise((r) =>
    server.listen(0, '127.0.0.1', () =>
      r({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

interface RunResult {
  tool: string;
  pages: number;
  links: number;
  broken: number;
  ms: number;
  peakRssMb: number;
  heapAfterGcMb: number;
}

function watchRss(): () => number {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return () => {
    clearInterval(t);
    return Math.max(peak, process.memoryUsage().rss);
  };
}

async function runPayesh(base: string, n: number): Promise<RunResult> {
  const pino = (await import('pino')).default;
  const { defaultNetOptions } = await import('../src/net/options.ts');
  const { createContentProbe } = await import('../src/probes/content/probe.ts');
  const { createLinksProbe } = await import('../src/probes/links/probe.ts');
  const stop = watchRss();
  const t0 = performance.now();
  const net = defaultNetOptions({ allowPrivate: true });
  const target = {
    agencyId: 'bench',
    kind: 'portal' as const,
    url: `${base}/`,
    host: base.slice(7),
    runId: 'bench',
  };
  const ctx = { net, log: pino({ level: 'silent' }), signal: new AbortController().signal, runDir: '.' };
  const opts = { maxPages: n + 10, maxDepth: 100, maxPerPattern: n + 10, useSitemap: false };
  const [content, links] = await Promise.all([
    createContentProbe(opts).run(target, ctx),
    createLinksProbe({ ...opts, externalLinks: 'skip' }).run(target, ctx),
  ]);
  const ms = performance.now() - t0;
  const peak = stop();
  (globalThis as { gc?: () => void }).gc?.();
  const crawl = (content.values as { crawl: { pages: number } }).crawl;
  return {
    tool: 'payesh (crawl + 27 detectors + link check)',
    pages: crawl.pages,
    links: links.values.facts!['links.checked'] as number,
    broken: links.values.facts!['links.broken'] as number,
    ms,
    peakRssMb: peak / 2 ** 20,
    heapAfterGcMb: process.memoryUsage().heapUsed / 2 ** 20,
  };
}

/** The same work split into phases, to see where the time goes. */
async function runPhases(base: string, n: number): Promise<Record<string, number>> {
  const { defaultNetOptions } = await import('../src/net/options.ts');
  const { crawl } = await import('../src/probes/crawl/crawler.ts');
  const { contentCrawlOptions } = await import('../src/probes/content/probe.ts');
  const { pageViews } = await import('../src/probes/content/parse-tasks.ts');
  const { buildSite } = await import('../src/probes/content/site.ts');
  const { analyseSite } = await import('../src/probes/content/analyse.ts');
  const { checkLinks } = await import('../src/probes/links/check.ts');
  const net = defaultNetOptions({ allowPrivate: true });
  let t = performance.now();
  const r = await crawl({
    ...contentCrawlOptions({ maxPages: n + 10, maxDepth: 100, maxPerPattern: n + 10, useSitemap: false }),
    net,
    startUrls: [`${base}/`],
  });
  const crawlMs = performance.now() - t;
  t = performance.now();
  const { views } = pageViews(
    r.pages
      .filter((p) => p.html)
      .map((p) => ({ url: p.url, finalUrl: p.finalUrl, html: p.html!, depth: p.depth })),
    `${base}/`,
  );
  const viewsMs = performance.now() - t;
  t = performance.now();
  analyseSite(buildSite(views, [], r.hosts));
  const detectorsMs = performance.now() - t;
  t = performance.now();
  await checkLinks(r, { net, externalLinks: 'skip' });
  return {
    pages: r.pages.length,
    pagesAnalysed: views.length,
    crawlMs,
    viewsMs,
    detectorsMs,
    linksMs: performance.now() - t,
  };
}

async function runLinkinator(base: string, concurrency: number): Promise<RunResult> {
  const { LinkChecker } = await import('linkinator');
  const stop = watchRss();
  const t0 = performance.now();
  const r = await new LinkChecker().check({ path: `${base}/`, recurse: true, concurrency, timeout: 30_000 });
  const ms = performance.now() - t0;
  const peak = stop();
  (globalThis as { gc?: () => void }).gc?.();
  const pages = new Set(r.links.filter((l) => l.status === 200).map((l) => l.url)).size;
  return {
    tool: `linkinator 6.1.4 (concurrency ${concurrency})`,
    pages,
    links: r.links.length,
    broken: r.links.filter((l) => l.state === 'BROKEN').length,
    ms,
    peakRssMb: peak / 2 ** 20,
    heapAfterGcMb: process.memoryUsage().heapUsed / 2 ** 20,
  };
}

function child<T = RunResult>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', SELF, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!))
        : reject(new Error(`bench child ${args.join(' ')} exited ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    const [, tool, base, n] = argv;
    const r =
      tool === 'payesh'
        ? await runPayesh(base, Number(n))
        : tool === 'phases'
          ? await runPhases(base, Number(n))
          : await runLinkinator(base, Number(tool.split(':')[1]));
    process.stdout.write(`${JSON.stringify(r)}\n`);
    process.exit(0);
  }
  const sizesArg = argv.indexOf('--sizes');
  const sizes = sizesArg >= 0 ? argv[sizesArg + 1].split(',').map(Number) : [500, 2000];
  const rows: (RunResult & { size: number })[] = [];
  const phases: Record<string, number>[] = [];
  for (const n of sizes) {
    const { server, base } = await startSite(n);
    try {
      for (const tool of ['payesh', 'linkinator:2', 'linkinator:100'])
        rows.push({ ...(await child<RunResult>(['--child', tool, base, String(n)])), size: n });
      phases.push(await child<Record<string, number>>(['--child', 'phases', base, String(n)]));
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  }
  console.log(`crawl benchmark on ${process.platform} ${process.arch}, node ${process.version}`);
  console.log(
    'site pages | tool | pages fetched | links checked | broken | seconds | pages/s | peak RSS MB | heap after GC MB',
  );
  for (const r of rows)
    console.log(
      [
        r.size,
        r.tool,
        r.pages,
        r.links,
        r.broken,
        (r.ms / 1000).toFixed(1),
        (r.pages / (r.ms / 1000)).toFixed(0),
        r.peakRssMb.toFixed(0),
        r.heapAfterGcMb.toFixed(0),
      ].join(' | '),
    );
  console.log('\npayesh phases (ms): pages | analysed | crawl | DOM views | detectors | link check');
  for (const p of phases)
    console.log(
      [p.pages, p.pagesAnalysed, p.crawlMs, p.viewsMs, p.detectorsMs, p.linksMs]
        .map((v) => v.toFixed(0))
        .join(' | '),
    );
  console.log(
    `\nload average while measuring: ${(await import('node:os'))
      .loadavg()
      .map((v) => v.toFixed(1))
      .join(' ')}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
