// The agency crawl and the content probe against crawler traps, stub redirects, bad charsets, broken
// HTML and files behind page links: every crawl ends within its limits and says which limit it met.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { startHostileWorld, type HostileScenario, type HostileWorld } from '../../fixtures/hostile/world.ts';
import { defaultNetOptions, type NetOptions, parseResolve } from '../../src/net/options.ts';
import { crawl, type CrawlOptions } from '../../src/probes/crawl/crawler.ts';
import { clearCrawlCache } from '../../src/probes/crawl/agency-crawl.ts';
import { createContentProbe } from '../../src/probes/content/probe.ts';
import type { Measurement } from '../../src/probes/types.ts';
import { normalizeForMatch } from '../../src/text/normalize.ts';

const MB = 1024 * 1024;

describe('crawl and content probe on hostile sites', () => {
  let world: HostileWorld;
  let net: NetOptions;
  before(async () => {
    world = await startHostileWorld();
    net = defaultNetOptions({
      allowPrivate: true,
      resolve: new Map(world.resolve.map(parseResolve)),
      connectTimeoutMs: 1000,
      headersTimeoutMs: 1000,
      totalTimeoutMs: 2000,
    });
  });
  after(() => world.close());

  const crawlOf = (s: HostileScenario, o: Partial<CrawlOptions> = {}) =>
    crawl({ net, startUrls: [world.urls[s]], useSitemap: false, ...o });
  const hostOf = (s: HostileScenario) => new URL(world.urls[s]).hostname;
  const requestsTo = (s: HostileScenario) => world.requests.filter((r) => r.host === hostOf(s)).length;

  test('an endless calendar is cut by the per-URL-shape cap', async () => {
    const r = await crawlOf('calendarTrap', { maxPerPattern: 10, maxDepth: 50, maxPages: 500 });
    assert.ok(r.limitsHit.includes('url-pattern'), `limits: ${r.limitsHit}`);
    // Home, then at most ten pages of each of the two shapes (month view, day view).
    assert.ok(r.pages.length <= 21, `${r.pages.length} pages`);
    assert.ok([...r.skipped.values()].includes('pattern'));
    assert.ok(requestsTo('calendarTrap') <= 21 + 1, `${requestsTo('calendarTrap')} requests`);
  });

  test('session ids in URLs do not make new pages', async () => {
    const r = await crawlOf('sessionTrap', { maxDepth: 20 });
    // Home plus four pages, however many fresh session ids the links carry.
    assert.equal(r.pages.length, 5);
    assert.ok(
      r.pages.every((p) => !/sessionid|PHPSESSID|sid=/i.test(p.url)),
      r.pages.map((p) => p.url).join(' '),
    );
    assert.deepEqual(r.limitsHit, []);
  });

  test('ever-deeper paths stop at maxDepth and maxPages', async () => {
    const byDepth = await crawlOf('deepTrap', { maxDepth: 3, maxPages: 1000, maxPerPattern: 1000 });
    assert.ok(byDepth.limitsHit.includes('depth'));
    assert.ok(byDepth.pages.every((p) => p.depth <= 3));
    const byPages = await crawlOf('deepTrap', { maxDepth: 100, maxPages: 30, maxPerPattern: 1000 });
    assert.ok(byPages.limitsHit.includes('pages'));
    assert.equal(byPages.pages.length, 30);
  });

  test('a meta-refresh stub is followed and read where the visitor lands', async () => {
    const r = await crawlOf('metaRefresh');
    const home = r.pages[0];
    assert.equal(home.title, 'سازمان منتقل‌شده');
    assert.match(home.finalUrl, /\/fa\/home$/);
    assert.deepEqual(home.redirectedBy, [world.urls.metaRefresh]);
    assert.ok(r.pages.some((p) => /\/fa\/faq$/.test(p.url)));
  });

  test('a script-redirect stub is followed; a real page with script is not', async () => {
    const r = await crawlOf('jsRedirect');
    assert.equal(r.pages[0].title, 'درگاه با اسکریپت');
    assert.ok(r.pages.some((p) => /\/portal\/faq$/.test(p.url)));
    // The hostile browser pages carry location changes in scripts, but they are not bare stubs.
    const away = await crawl({ net, startUrls: [world.urls.navigatesAway], useSitemap: false, maxPages: 3 });
    assert.equal(away.pages[0].redirectedBy, undefined);
  });

  test('windows-1256 with no charset, and with a false UTF-8 header, both decode to Persian', async () => {
    for (const s of ['charsetMissing1256', 'charsetWrong1256'] as const) {
      const r = await crawlOf(s);
      assert.equal(normalizeForMatch(r.pages[0].title), normalizeForMatch('سازمان قدیمی'), s);
      assert.equal(r.pages[0].charset, 'windows-1256', s);
      assert.ok(normalizeForMatch(r.pages[0].html ?? '').includes(normalizeForMatch('پرسش‌های متداول')), s);
    }
  });

  test('ZIP and PDF files behind page links are fetched once, never parsed, never crawled further', async () => {
    const r = await crawlOf('nonHtmlLinks');
    const zip = r.pages.find((p) => p.url.endsWith('/report.html'))!;
    const pdf = r.pages.find((p) => p.url.endsWith('/guide'))!;
    assert.equal(zip.contentType, 'application/zip');
    assert.equal(pdf.contentType, 'application/pdf');
    assert.equal(zip.html, undefined);
    assert.deepEqual(zip.links, []);
    assert.equal(pdf.html, undefined);
    assert.ok(r.pages.some((p) => p.url.endsWith('/page') && p.title === 'صفحه واقعی'));
  });

  const content = async (s: HostileScenario, crawlOpts = {}): Promise<Measurement> => {
    clearCrawlCache();
    const url = world.urls[s];
    return createContentProbe({ trySearch: false, ...crawlOpts }).run(
      { agencyId: s, kind: 'portal', url, host: new URL(url).host, runId: `hostile-${s}` },
      { net, log: pino({ level: 'silent' }), signal: new AbortController().signal, runDir: '.' },
    );
  };

  test('broken HTML is read as far as it goes: the content probe still produces facts', async () => {
    const m = await content('brokenHtml');
    assert.equal(m.error, undefined);
    assert.ok(Object.keys(m.values.facts ?? {}).length > 5);
  });

  test('a 100 MB home page is cut at the page limit and the crawl says so; memory stays bounded', async () => {
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    const m = await content('hugeBody', { maxPageBytes: 1 * MB });
    const grew = process.memoryUsage().rss - rss0;
    const crawlInfo = m.values.crawl as { limitsHit: string[]; bytes: number };
    assert.ok(crawlInfo.limitsHit.includes('page-bytes'));
    assert.equal(crawlInfo.bytes, 1 * MB);
    assert.ok(grew < 300 * MB, `RSS grew ${Math.round(grew / MB)} MB`);
  });

  test('a home page that never answers gives a failed content measurement with a typed reason', async () => {
    const m = await content('neverAnswers');
    assert.equal(m.error?.type, 'timeout');
  });

  test('a redirect loop home gives a typed failure, not a crash', async () => {
    const m = await content('redirectLoop');
    assert.equal(m.error?.type, 'too-many-redirects');
  });

  test('robots.txt answering 5xx means disallow all (RFC 9309): nothing is crawled, the limit is named', async () => {
    const r = await crawlOf('robotsServerError');
    assert.equal(r.pages.length, 0);
    assert.ok(
      r.limitsHit.some((l) => /robots\.txt answered HTTP 503/.test(l)),
      `limits: ${r.limitsHit}`,
    );
    assert.equal(
      world.requests.filter((q) => q.host === hostOf('robotsServerError') && q.url !== '/robots.txt').length,
      0,
    );
    const ignoring = await crawlOf('robotsServerError', { ignoreRobots: true });
    assert.ok(ignoring.pages.length > 0);
  });
});
