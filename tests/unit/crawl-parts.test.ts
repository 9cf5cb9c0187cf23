// URL canonicalisation, robots.txt rules, sitemap parsing and legacy charset decoding.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { decodeHtml } from '../../src/probes/crawl/charset.ts';
import { isAllowed, parseRobots } from '../../src/probes/crawl/robots.ts';
import { parseSitemap } from '../../src/probes/crawl/sitemap.ts';
import { canonicalUrl, looksLikeFile, pathPattern } from '../../src/probes/crawl/url.ts';

test('canonicalUrl drops fragments and session ids, sorts the query and skips non-web schemes', () => {
  assert.equal(
    canonicalUrl('/a/b?z=1&PHPSESSID=x&a=2#top', 'https://Www.Site.ir/'),
    'https://www.site.ir/a/b?a=2&z=1',
  );
  assert.equal(canonicalUrl('/p;jsessionid=ABC123?x=1', 'http://h.test/'), 'http://h.test/p?x=1');
  assert.equal(canonicalUrl('https://h.test:443/x?sid=1'), 'https://h.test/x');
  assert.equal(canonicalUrl('mailto:a@b.ir'), null);
  assert.equal(canonicalUrl('javascript:void(0)'), null);
  assert.equal(canonicalUrl('#'), null);
});

test('pathPattern groups calendar and pagination URLs by shape', () => {
  assert.equal(
    pathPattern('https://h.test/calendar/1403/05/12'),
    pathPattern('https://h.test/calendar/1402/01/01'),
  );
  assert.equal(pathPattern('https://h.test/news?page=2'), pathPattern('https://h.test/news?page=3'));
  assert.notEqual(pathPattern('https://h.test/news/1'), pathPattern('https://h.test/faq'));
  assert.ok(looksLikeFile('https://h.test/files/guide.PDF'));
  assert.ok(!looksLikeFile('https://h.test/page.aspx'));
});

test('robots.txt: our group over *, longest match wins, Allow wins a tie, wildcards and $', () => {
  const r = parseRobots(
    'User-agent: *\nDisallow: /\n\nUser-agent: payesh\nUser-agent: other\nDisallow: /admin\nAllow: /admin/public\nDisallow: /*.pdf$\nCrawl-delay: 2\nSitemap: https://h.test/sm.xml\n',
    'payesh',
  );
  assert.equal(r.crawlDelay, 2);
  assert.deepEqual(r.sitemaps, ['https://h.test/sm.xml']);
  assert.ok(isAllowed(r, 'https://h.test/'));
  assert.ok(!isAllowed(r, 'https://h.test/admin/x'));
  assert.ok(isAllowed(r, 'https://h.test/admin/public/y'));
  assert.ok(!isAllowed(r, 'https://h.test/docs/a.pdf'));
  assert.ok(isAllowed(r, 'https://h.test/docs/a.pdf?x=1'));
  const star = parseRobots('User-agent: *\nDisallow: /private/\n', 'payesh');
  assert.ok(!isAllowed(star, 'https://h.test/private/a'));
  assert.ok(isAllowed(parseRobots('', 'payesh'), 'https://h.test/anything'));
});

test('sitemap index and urlset are both read', () => {
  const idx = parseSitemap(
    '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://h.test/s1.xml</loc></sitemap></sitemapindex>',
  );
  assert.deepEqual(idx.sitemaps, ['https://h.test/s1.xml']);
  const set = parseSitemap(
    '<urlset><url><loc> https://h.test/a </loc></url><url><loc>https://h.test/b</loc></url></urlset>',
  );
  assert.deepEqual(set.pages, ['https://h.test/a', 'https://h.test/b']);
});

test('charset: header, then <meta>, then sniffing windows-1256 from invalid UTF-8', () => {
  const fa = 'سازمان ثبت اسناد و املاک كشور';
  const legacy = iconv.encode(fa, 'windows-1256');
  assert.equal(decodeHtml(legacy, 'text/html; charset=windows-1256').text, fa);
  const withMeta = Buffer.concat([Buffer.from('<meta charset="windows-1256"><p>'), legacy]);
  const m = decodeHtml(withMeta, 'text/html');
  assert.equal(m.source, 'meta');
  assert.ok(m.text.includes(fa));
  const sniffed = decodeHtml(Buffer.concat([Buffer.from('<p>'), legacy]), null);
  assert.equal(sniffed.source, 'sniff');
  assert.equal(sniffed.charset, 'windows-1256');
  assert.ok(sniffed.text.includes(fa));
  assert.equal(decodeHtml(Buffer.from(`<p>${fa}</p>`), null).charset, 'utf-8');
  assert.equal(
    decodeHtml(Buffer.from(`\ufeff<p>${fa}</p>`), 'text/html; charset=windows-1256').source,
    'bom',
  );
});
