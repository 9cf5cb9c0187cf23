// Politeness and scope, seen from the server: per-host concurrency and delay in an audit and in the
// crawl, an honest User-Agent with the contact URL, the crawl staying on the agency's hosts, and
// private/loopback addresses refused after DNS, --resolve and redirects unless allowed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { Agent, Dispatcher } from 'undici';
import { runAudit } from '../../src/audit/audit.ts';
import { createDispatcher } from '../../src/net/dispatcher.ts';
import { fetchUrl } from '../../src/net/fetch.ts';
import { buildNetOptions, defaultNetOptions } from '../../src/net/options.ts';
import { crawl } from '../../src/probes/crawl/crawler.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';

interface Seen {
  host: string;
  path: string;
  method: string;
  ua: string;
  at: number;
}

/** A server that answers slowly, counts requests in flight per host and records every request. */
async function countingServer(
  route: (
    host: string,
    path: string,
  ) => { status?: number; type?: string; body: string; headers?: Record<string, string> },
  delayMs = 80,
) {
  const seen: Seen[] = [];
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const host = (req.headers.host ?? '').split(':')[0];
    seen.push({
      host,
      path: req.url ?? '/',
      method: req.method ?? 'GET',
      ua: req.headers['user-agent'] ?? '',
      at: Date.now(),
    });
    const n = (inFlight.get(host) ?? 0) + 1;
    inFlight.set(host, n);
    maxInFlight.set(host, Math.max(n, maxInFlight.get(host) ?? 0));
    setTimeout(() => {
      const r = route(host, req.url ?? '/');
      res.writeHead(r.status ?? 200, { 'content-type': r.type ?? 'text/html; charset=utf-8', ...r.headers });
      res.end(req.method === 'HEAD' ? undefined : r.body);
      inFlight.set(host, (inFlight.get(host) ?? 1) - 1);
    }, delayMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    seen,
    maxInFlight,
    port,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const html = (body: string) =>
  `<!doctype html><html lang="fa"><head><meta charset="utf-8"><title>صفحه</title></head><body>${body}</body></html>`;
const starts = (seen: Seen[]) => seen.map((s) => s.at).sort((a, b) => a - b);
const minGap = (times: number[]) => Math.min(...times.slice(1).map((t, i) => t - times[i]));

describe('politeness and scope', () => {
  let srv: Awaited<ReturnType<typeof countingServer>>;
  let dir: string;
  before(async () => {
    srv = await countingServer((host, path) => {
      if (path === '/robots.txt')
        return host === 'slow.test'
          ? { type: 'text/plain', body: 'User-agent: *\nCrawl-delay: 1\n' }
          : { status: 404, type: 'text/plain', body: '' };
      if (path === '/sitemap.xml') return { status: 404, type: 'text/plain', body: '' };
      if (host === 'other.test')
        return { body: html(`<a href="/deeper-${path.length}">بیشتر</a> <a href="/elsewhere">جای دیگر</a>`) };
      if (path === '/')
        return {
          body: html(
            Array.from({ length: 8 }, (_, i) => `<a href="/p${i}">صفحه ${i}</a>`).join(' ') +
              ` <a href="http://other.test:${srv.port}/linked">پیوند بیرونی</a>`,
          ),
        };
      return { body: html('<p>صفحه</p>') };
    });
    dir = mkdtempSync(join(tmpdir(), 'payesh-polite-'));
  });
  after(async () => {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const resolveAll = (hosts: string[]) => new Map(hosts.map((h) => [`${h}:${srv.port}`, '127.0.0.1']));

  test('an audit keeps to --per-host and --host-delay, and names payesh and the contact URL', async () => {
    const host = 'agency.test';
    const before = srv.seen.length;
    const store = new SqliteStore(join(dir, 'polite.db'));
    try {
      const net = buildNetOptions({
        allowPrivate: true,
        resolve: [`${host}:${srv.port}:127.0.0.1`],
        contactUrl: 'https://audit.example.org/contact',
      });
      const r = await runAudit({
        store,
        agencies: [
          {
            id: 'P1',
            nameFa: 'دستگاه مودب',
            portalUrl: `http://${host}:${srv.port}/`,
            services: Array.from({ length: 9 }, (_, i) => ({
              id: `400000000${i}`,
              title: `خدمت ${i}`,
              url: `http://${host}:${srv.port}/s${i}`,
              type: 'G2C' as const,
            })),
          },
        ],
        agenciesFile: 'polite.json',
        outDir: join(dir, 'out'),
        net,
        log: pino({ level: 'silent' }),
        runner: { concurrency: 8, perHost: 2, hostDelayMs: 150, retries: 0 },
        probeSettings: { only: ['http'] },
        progress: false,
      });
      assert.equal(r.summary.done, 10);
    } finally {
      await store.close();
    }
    const seen = srv.seen.slice(before).filter((s) => s.host === host);
    assert.equal(seen.length, 10);
    assert.ok((srv.maxInFlight.get(host) ?? 0) <= 2, `at most 2 at once, saw ${srv.maxInFlight.get(host)}`);
    // Job starts on one host are 150 ms apart, so ten requests span at least nine gaps; one gap of
    // margin covers the variable hop from a job's start to its request on a busy machine.
    const t = starts(seen);
    assert.ok(t[t.length - 1] - t[0] >= 8 * 150, `ten requests spread over ${t[t.length - 1] - t[0]} ms`);
    for (const s of seen) {
      assert.match(s.ua, /payesh\/\d+\.\d+\.\d+/);
      assert.match(s.ua, /https:\/\/audit\.example\.org\/contact/);
    }
  });

  test('the crawl keeps at most two requests per host in flight, one with a Crawl-delay, spaced by it', async () => {
    const before = srv.seen.length;
    const net = defaultNetOptions({
      allowPrivate: true,
      resolve: resolveAll(['crawl.test', 'slow.test', 'other.test']),
    });
    await crawl({ net, startUrls: [`http://crawl.test:${srv.port}/`], useSitemap: false });
    assert.ok((srv.maxInFlight.get('crawl.test') ?? 0) <= 2);
    assert.equal(
      srv.seen.slice(before).filter((s) => s.host === 'crawl.test' && /^\/p\d$/.test(s.path)).length,
      8,
    );

    const mark = srv.seen.length;
    const r = await crawl({
      net,
      startUrls: [`http://slow.test:${srv.port}/`],
      useSitemap: false,
      maxPages: 4,
    });
    assert.equal(r.pages.length, 4);
    assert.equal(srv.maxInFlight.get('slow.test'), 1);
    const pages = srv.seen.slice(mark).filter((s) => s.host === 'slow.test' && s.path !== '/robots.txt');
    assert.ok(
      minGap(starts(pages)) >= 900,
      `Crawl-delay 1 s honoured; smallest gap ${minGap(starts(pages))} ms`,
    );
  });

  test("the crawl never leaves the agency's hosts; another host sees only the link check of linked URLs", async () => {
    const before = srv.seen.length;
    const net = defaultNetOptions({ allowPrivate: true, resolve: resolveAll(['scope.test', 'other.test']) });
    const r = await crawl({ net, startUrls: [`http://scope.test:${srv.port}/`], useSitemap: false });
    assert.ok(r.pages.every((p) => new URL(p.url).hostname === 'scope.test'));
    assert.ok(r.linkSources.has(`http://other.test:${srv.port}/linked`));
    // The crawl itself sent nothing to the other host.
    assert.equal(srv.seen.slice(before).filter((s) => s.host === 'other.test').length, 0);
    const { checkLinks } = await import('../../src/probes/links/check.ts');
    const mark = srv.seen.length;
    await checkLinks(r, { net });
    const other = srv.seen.slice(mark).filter((s) => s.host === 'other.test');
    assert.ok(
      other.length >= 1 && other.every((s) => s.path === '/linked'),
      other.map((s) => `${s.method} ${s.path}`).join(', '),
    );
  });

  test('loopback is refused by name (localhost), by --resolve, and with no request sent', async () => {
    const before = srv.seen.length;
    const net = defaultNetOptions({ resolve: resolveAll(['public.example']), totalTimeoutMs: 3000 });
    const byName = await fetchUrl(`http://localhost:${srv.port}/`, net);
    assert.equal(byName.error?.type, 'blocked-private');
    const byResolve = await fetchUrl(`http://public.example:${srv.port}/`, net);
    assert.equal(byResolve.error?.type, 'blocked-private');
    assert.match(byResolve.error!.message, /127\.0\.0\.1/);
    const literal = await fetchUrl(`http://127.0.0.1:${srv.port}/`, net, {
      dispatcher: createDispatcher(net),
    });
    assert.equal(literal.error?.type, 'blocked-private');
    assert.equal(srv.seen.length, before, 'no request reached the server');
    // Allowed, the same address is reached.
    const allowed = await fetchUrl(`http://public.example:${srv.port}/`, { ...net, allowPrivate: true });
    assert.equal(allowed.status, 200);
  });

  test('a redirect from an allowed host to loopback is refused on the hop', async () => {
    // The first hop stands for a public site: its own dispatcher dials it without the guard. Every
    // other origin goes through payesh's guarded dispatcher, as any redirect target would.
    const redirector = await countingServer(
      () => ({ status: 302, body: '', headers: { location: `http://internal.example:${srv.port}/admin` } }),
      0,
    );
    const net = defaultNetOptions({ resolve: new Map([[`internal.example:${srv.port}`, '127.0.0.1']]) });
    const open = new Agent({ connect: { host: '127.0.0.1' } as never });
    const guarded = createDispatcher(net);
    const publicOrigin = `http://127.0.0.1:${redirector.port}`;
    class Split extends Dispatcher {
      override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
        return (String(opts.origin) === publicOrigin ? open : guarded).dispatch(opts, handler);
      }
    }
    const before = srv.seen.length;
    try {
      const r = await fetchUrl(`${publicOrigin}/`, net, { dispatcher: new Split() });
      assert.equal(r.redirects.length, 1, 'the public hop answered with its redirect');
      assert.equal(r.error?.type, 'blocked-private');
      assert.match(r.error!.message, /internal\.example/);
      assert.equal(srv.seen.length, before, 'the loopback target saw nothing');
    } finally {
      await Promise.all([open.close(), guarded.close(), redirector.close()]);
    }
  });
});
