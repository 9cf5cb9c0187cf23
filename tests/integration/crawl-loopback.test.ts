// The agency crawl, link checker and content probe against a small site served on loopback.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import iconv from 'iconv-lite';
import pino from 'pino';
import { defaultNetOptions } from '../../src/net/options.ts';
import { normalizeForMatch } from '../../src/text/normalize.ts';
import { crawl } from '../../src/probes/crawl/crawler.ts';
import { clearCrawlCache } from '../../src/probes/crawl/agency-crawl.ts';
import { checkLinks } from '../../src/probes/links/check.ts';
import { createContentProbe } from '../../src/probes/content/probe.ts';
import { createLinksProbe } from '../../src/probes/links/probe.ts';
import type { ProbeContext, Target } from '../../src/probes/types.ts';

const requests: string[] = [];
let server: Server;
let base = '';

function page(title: string, body: string, lang = 'fa'): string {
  return `<!doctype html><html lang="${lang}" dir="${lang === 'fa' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
}

const NAV = `<header><nav id="main-nav"><ul>
  <li><a href="/">صفحه اصلی</a></li>
  <li><a href="/desk">ميز خدمت الکترونيکي</a></li>
  <li><a href="/services">معرفی خدمات</a></li>
  <li><a href="/faq">پرسش‌های متداول</a></li>
  <li><a href="/en/">English</a></li>
</ul></nav></header>`;

const routes: Record<string, () => { status?: number; type?: string; body: string | Buffer }> = {
  '/robots.txt': () => ({
    type: 'text/plain',
    body: `User-agent: *\nDisallow: /private/\nSitemap: ${base}/sitemap.xml\n`,
  }),
  '/sitemap.xml': () => ({
    type: 'application/xml',
    body: `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${base}/from-sitemap</loc></url></urlset>`,
  }),
  '/': () => ({
    body: page(
      'سازمان نمونه',
      `${NAV}<main><p>آخرین به‌روزرسانی: ۱۴۰۳/۰۵/۱۲</p>
      <a href="/private/secret">محرمانه</a> <a href="/missing">صفحه گمشده</a> <a href="/page?PHPSESSID=abc123&amp;b=2&amp;a=1">صفحه</a>
      <a href="/old">صفحه قدیمی</a> <a href="/calendar/1">تقویم</a> <a href="mailto:info@example.ir">ایمیل</a>
      <a href="http://external.invalid/x">خارجی</a></main><footer>تلفن: ۰۲۱-۸۸۷۷۶۶۵۵</footer>`,
    ),
  }),
  '/desk': () => ({
    body: page(
      'میز خدمت',
      `${NAV}<ul><li><a href="/service/1001176000">صدور مجوز</a></li><li><a href="/s2">تمدید پروانه کسب</a></li></ul>`,
    ),
  }),
  '/services': () => ({
    body: page(
      'معرفی خدمات',
      `${NAV}<table><tr><th>شناسه خدمت</th><th>نحوه ارائه</th><th>راهنما</th></tr><tr><td>1001176000</td><td>الکترونیکی</td><td>راهنما</td></tr></table>`,
    ),
  }),
  '/faq': () => ({
    body: page(
      'سوالات متداول',
      `${NAV}<details><summary>چگونه ثبت نام کنم؟</summary>از طریق سامانه ثبت نام کنید.</details><details><summary>هزینه چقدر است؟</summary>هزینه خدمت رایگان است.</details>`,
    ),
  }),
  '/en/': () => ({
    body: page(
      'Sample Agency',
      `<h1>Sample Agency</h1><p>${'The Sample Agency serves citizens and businesses across the country with licences and permits. '.repeat(4)}</p><h2>Our services</h2><ul><li>Licence issue</li><li>Permit renewal</li><li>Business registration</li></ul>`,
      'en',
    ),
  }),
  '/service/1001176000': () => ({ body: page('صدور مجوز', `${NAV}<h1>صدور مجوز</h1>`) }),
  '/s2': () => ({ body: page('تمدید پروانه کسب', `${NAV}<h1>تمدید پروانه کسب</h1>`) }),
  '/page': () => ({ body: page('صفحه', '<p>صفحه</p>') }),
  '/from-sitemap': () => ({ body: page('از نقشه سایت', '<p>صفحه‌ای که فقط در نقشه سایت است</p>') }),
  '/old': () => ({
    type: 'text/html',
    body: Buffer.concat([
      Buffer.from(
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"><title>',
      ),
      iconv.encode('صفحه قديمي سازمان', 'windows-1256'),
      Buffer.from('</title></head><body>old</body></html>'),
    ]),
  }),
};

before(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    requests.push(req.url ?? '');
    const cal = /^\/calendar\/(\d+)$/.exec(path);
    const r = cal
      ? { body: page(`تقویم ${cal[1]}`, `<a href="/calendar/${Number(cal[1]) + 1}">بعدی</a>`) }
      : routes[path]?.();
    if (!r) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('not found');
      return;
    }
    res.writeHead(r.status ?? 200, { 'content-type': r.type ?? 'text/html; charset=utf-8' });
    res.end(req.method === 'HEAD' ? undefined : r.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((r) => server.close(() => r())));

const net = () => defaultNetOptions({ allowPrivate: true, totalTimeoutMs: 5000 });

test('crawl respects robots.txt, reads the sitemap, strips session ids, caps URL patterns and decodes windows-1256', async () => {
  requests.length = 0;
  const r = await crawl({ net: net(), startUrls: [`${base}/`], maxPerPattern: 5, maxDepth: 10 });
  const urls = r.pages.map((p) => p.url);
  assert.ok(!requests.some((u) => u.startsWith('/private')), 'a robots-disallowed page was requested');
  assert.equal(r.skipped.get(`${base}/private/secret`), 'robots');
  assert.ok(urls.includes(`${base}/from-sitemap`), 'sitemap page not crawled');
  assert.ok(urls.includes(`${base}/page?a=1&b=2`), `session id not stripped: ${urls.join(' ')}`);
  assert.equal(urls.filter((u) => u.includes('/calendar/')).length, 5);
  assert.ok(r.limitsHit.includes('url-pattern'));
  const old = r.pages.find((p) => p.url === `${base}/old`);
  assert.equal(old?.charset, 'windows-1256');
  // windows-1256 has only the Arabic yeh; normalisation makes it match the Persian spelling.
  assert.equal(normalizeForMatch(old?.title ?? ''), normalizeForMatch('صفحه قدیمی سازمان'));
  assert.equal(old?.title, 'صفحه قديمي سازمان');
  assert.ok(!requests.some((u) => u.includes('external')), 'an external link was crawled');
});

test('link check names each broken link and the pages it is on, reusing the crawl fetches', async () => {
  const r = await crawl({ net: net(), startUrls: [`${base}/`], maxPerPattern: 2 });
  requests.length = 0;
  const links = await checkLinks(r, { net: net(), externalLinks: 'skip' });
  assert.equal(links.facts['links.broken'], 1);
  assert.equal(links.broken[0].url, `${base}/missing`);
  assert.equal(links.broken[0].reason, 'HTTP 404');
  assert.deepEqual(links.broken[0].pages, [`${base}/`]);
  const ext = links.links.find((l) => l.url.startsWith('http://external.invalid'));
  assert.equal(ext?.state, 'skipped');
  assert.ok(!requests.includes('/missing'), 'an internal link the crawl fetched was fetched again');
  assert.ok((links.facts['links.checked'] as number) >= 10);
});

test('content and links probes share one crawl and report facts with evidence', async () => {
  clearCrawlCache();
  const target: Target = {
    agencyId: 'sample',
    kind: 'portal',
    url: `${base}/`,
    host: base.slice(7),
    runId: 'r1',
  };
  const ctx: ProbeContext = {
    net: net(),
    log: pino({ level: 'silent' }),
    signal: new AbortController().signal,
    runDir: '.',
    agencyTargets: [
      {
        agencyId: 'sample',
        kind: 'service',
        serviceId: '1001176000',
        url: `${base}/service/1001176000`,
        host: '',
      },
      { agencyId: 'sample', kind: 'service', serviceId: '1001176001', url: `${base}/s2`, host: '' },
      {
        agencyId: 'sample',
        kind: 'service',
        serviceId: '1001176002',
        url: `${base}/s3-not-linked`,
        host: '',
      },
    ],
  };
  requests.length = 0;
  const [content, links] = await Promise.all([
    createContentProbe().run(target, ctx),
    createLinksProbe({ externalLinks: 'skip' }).run(target, ctx),
  ]);
  assert.equal(requests.filter((u) => u === '/').length, 1, 'the home page was fetched twice');
  const f = content.values.facts!;
  assert.equal(f['serviceDesk.inMainNav'], true);
  assert.equal(f['serviceDesk.linkedServices'], 2);
  assert.equal(f['serviceDesk.allServicesLinked'], false);
  assert.equal(f['servicesPage.inMainNav'], true);
  assert.equal(f['secondLanguage.level'], 'services');
  assert.equal(f['updateDate.found'], true);
  assert.equal(f['contacts.found'], true);
  assert.equal(f['faq.count'], 2);
  const desk = (
    content.values as { detectors: Record<string, { details?: { missingServices?: { id: string }[] } }> }
  ).detectors.serviceDesk;
  assert.deepEqual(
    desk.details?.missingServices?.map((s) => s.id),
    ['1001176002'],
  );
  assert.equal(links.values.facts!['links.broken'], 2);
});
