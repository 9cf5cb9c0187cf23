// Bounds of the crawl and the link check on loopback: links kept per page (the rest counted), a
// sitemap of 200,000 entries behind nested indexes read as a stream and given up early, and link
// checks of several agencies that share one outside host keeping two requests at a time on it.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { defaultNetOptions } from '../../src/net/options.ts';
import { crawl, type CrawlResult } from '../../src/probes/crawl/crawler.ts';
import { checkLinks } from '../../src/probes/links/check.ts';
import { SitemapReader } from '../../src/probes/crawl/sitemap.ts';

const BIG_SITEMAP = 200_000;
const seen: string[] = [];
let sitemapBytesSent = 0;
let sitemapBytesTotal = 0;
let extInFlight = 0;
let extMaxInFlight = 0;
let extRequests = 0;
let server: Server;
let port = 0;

before(async () => {
  server = createServer((req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    const path = req.url ?? '/';
    if (host === 'ext.test') {
      // The outside site every agency links to: slow enough for checks to overlap.
      extRequests++;
      extInFlight++;
      extMaxInFlight = Math.max(extMaxInFlight, extInFlight);
      setTimeout(() => {
        extInFlight--;
        res.writeHead(200, { 'content-type': 'text/html' }).end('<p>ok</p>');
      }, 60);
      return;
    }
    seen.push(`${host}${path}`);
    const base = `http://${host}:${port}`;
    if (path === '/robots.txt')
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end(`Sitemap: ${base}/index-0.xml\n`);
    const index = /^\/index-(\d+)\.xml$/.exec(path);
    if (index) {
      // Each index names the next one (ever deeper) and the big urlset.
      const n = Number(index[1]);
      return void res
        .writeHead(200, { 'content-type': 'application/xml' })
        .end(
          `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${host === 'deep.test' ? '' : `<sitemap><loc>${base}/big.xml</loc></sitemap>`}<sitemap><loc>${base}/index-${n + 1}.xml</loc></sitemap></sitemapindex>`,
        );
    }
    if (path === '/big.xml') {
      res.writeHead(200, { 'content-type': 'application/xml' });
      const head = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">';
      const entry = (i: number) => `<url><loc>${base}/s/${i}</loc></url>`;
      sitemapBytesTotal = head.length + BIG_SITEMAP * entry(100_000).length + 9;
      // Generated as it is read: the test counts how much the crawler pulled before it stopped.
      const body = Readable.from(
        (function* () {
          yield head;
          for (let i = 0; i < BIG_SITEMAP; i += 1000) {
            let chunk = '';
            for (let k = i; k < i + 1000; k++) chunk += entry(k);
            sitemapBytesSent += chunk.length;
            yield chunk;
          }
          yield '</urlset>';
        })(),
      );
      body.pipe(res);
      res.on('close', () => body.destroy());
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    if (path === '/' && host === 'links.test') {
      const links = Array.from({ length: 80 }, (_, i) => `<a href="/l/${i}">پیوند ${i}</a>`).join('');
      return void res.end(`<html lang="fa"><title>پیوندهای بسیار</title><body>${links}</body></html>`);
    }
    res.end('<html lang="fa"><title>صفحه</title><body><p>متن</p></body></html>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const netFor = (...hosts: string[]) =>
  defaultNetOptions({
    allowPrivate: true,
    resolve: new Map(hosts.map((h) => [`${h}:${port}`, '127.0.0.1'])),
  });

describe('crawl and link-check bounds', { timeout: 180_000 }, () => {
  test('links kept per page are capped; the dropped ones are counted, not fetched', async () => {
    const r = await crawl({
      net: netFor('links.test'),
      startUrls: [`http://links.test:${port}/`],
      maxLinksPerPage: 50,
      useSitemap: false,
      ignoreRobots: true,
    });
    const home = r.pages[0];
    assert.equal(home.links.length, 50);
    assert.equal(home.linksDropped, 30);
    assert.equal(r.linksDropped, 30);
    assert.ok(r.limitsHit.includes('links-per-page'));
    assert.ok(!r.linkSources.has(`http://links.test:${port}/l/79`), 'a dropped link is not recorded');
    assert.ok(!seen.includes(`links.test/l/79`), 'a dropped link is not fetched');
    assert.ok(seen.includes(`links.test/l/0`));
  });

  test('a 200,000-entry sitemap behind ever-deeper indexes is streamed and left once the page limit is met', async () => {
    const heap0 = process.memoryUsage().heapUsed;
    const r = await crawl({
      net: netFor('maps.test'),
      startUrls: [`http://maps.test:${port}/`],
      maxPages: 40,
    });
    const fromSitemap = r.pages.filter((p) => p.via === 'sitemap').length;
    assert.ok(
      fromSitemap > 0 && r.pages.length <= 40,
      `${r.pages.length} pages, ${fromSitemap} from the sitemap`,
    );
    assert.ok(r.limitsHit.includes('pages'), r.limitsHit.join(', '));
    // The big urlset was not read to its end, and only a few index levels were followed.
    assert.ok(
      sitemapBytesSent < sitemapBytesTotal / 2,
      `${sitemapBytesSent} of ${sitemapBytesTotal} bytes sent`,
    );
    const indexes = seen.filter((s) => /^maps\.test\/index-\d+\.xml$/.test(s)).length;
    assert.ok(indexes <= 3, `${indexes} index levels read`);
    assert.ok(r.skipped.size < 1000, `${r.skipped.size} skipped URLs held`);
    const grown = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
    assert.ok(grown < 100, `heap grew ${grown} MB`);
  });

  test('nested indexes stop at the depth limit; a file stops at its entry cap', async () => {
    const r = await crawl({ net: netFor('deep.test'), startUrls: [`http://deep.test:${port}/`] });
    assert.ok(r.limitsHit.includes('sitemap-depth'), r.limitsHit.join(', '));
    const indexes = seen.filter((s) => /^deep\.test\/index-\d+\.xml$/.test(s)).length;
    assert.equal(indexes, 3);
    const pages: string[] = [];
    const reader = new SitemapReader({
      onPage: (u) => void pages.push(u),
      onSitemap: () => {},
      maxEntries: 10,
    });
    const xml = `<urlset>${Array.from({ length: 100 }, (_, i) => `<url><loc>https://h.test/${i}</loc></url>`).join('')}</urlset>`;
    assert.equal(reader.write(Buffer.from(xml)), false);
    reader.end();
    assert.equal(pages.length, 10);
    assert.ok(reader.capped);
  });

  test('link checks of two agencies share two requests at a time on a common outside host', async () => {
    const net = netFor('ext.test');
    const fake = (agency: string): CrawlResult => {
      const linkSources = new Map(
        Array.from({ length: 12 }, (_, i) => [
          `http://ext.test:${port}/${agency}/${i}`,
          { pages: [`http://${agency}.test/`], count: 1, text: 'بیرونی' },
        ]),
      );
      return {
        pages: [],
        linkSources,
        fetched: new Map(),
        robots: new Map(),
        skipped: new Map(),
        hosts: [`${agency}.test`],
        limitsHit: [],
        linksDropped: 0,
        bytes: 0,
        durationMs: 0,
      };
    };
    extMaxInFlight = 0;
    extRequests = 0;
    const [a, b] = await Promise.all([checkLinks(fake('a'), { net }), checkLinks(fake('b'), { net })]);
    assert.equal(a.facts['links.checked'], 12);
    assert.equal(b.facts['links.checked'], 12);
    assert.equal(extRequests, 24, 'one HEAD per link');
    assert.ok(extMaxInFlight <= 2, `${extMaxInFlight} requests at once on the outside host`);
  });
});
