// The verdicts of ITO 8 (responsiveness), 12 (accessibility) and 22 (links) on both sides of each
// threshold, as the official reading asks (docs/content-checks.md, docs/browser.md).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { a11yLevel, basicAids } from '../../src/probes/axe/verdict.ts';
import { findSkipLink } from '../../src/probes/axe/aids.ts';
import { linksVerdict, type LinkStatus } from '../../src/probes/links/check.ts';
import { checkNav, checkViewportMeta, responsiveVerdict } from '../../src/probes/responsive/checks.ts';

const width = (
  w: number,
  over: Partial<{ overflow: boolean; text: boolean; nav: boolean; tap: boolean }> = {},
) => ({
  width: w,
  overflow: { ok: over.overflow ?? true, scrollWidth: w },
  text: { ok: over.text ?? true },
  nav: { ok: over.nav ?? true },
  ...(w < 600 ? { tapTargets: { ok: over.tap ?? true } } : {}),
});

test('responsiveness: a zoom-limiting viewport tag and overlapping tap targets are findings, not failures', () => {
  const meta = checkViewportMeta('width=device-width, initial-scale=1, maximum-scale=1, user-scalable=no');
  const v = responsiveVerdict(meta, [width(360, { tap: false }), width(768), width(1366)]);
  assert.equal(v.ok, true);
  assert.deepEqual(v.findings, ['viewport-meta', 'tap-targets@360']);
});

test('responsiveness: sideways scrolling, tiny text or unreachable navigation at any width fail', () => {
  const meta = checkViewportMeta('width=device-width, initial-scale=1');
  assert.deepEqual(
    responsiveVerdict(meta, [width(360, { overflow: false }), width(768), width(1366)]).failures,
    ['overflow@360'],
  );
  assert.deepEqual(responsiveVerdict(meta, [width(360), width(768, { text: false }), width(1366)]).failures, [
    'text-size@768',
  ]);
  assert.deepEqual(responsiveVerdict(meta, [width(360, { nav: false }), width(768), width(1366)]).failures, [
    'nav@360',
  ]);
});

test('navigation is reachable through visible menu links or a visible menu button', () => {
  assert.equal(checkNav({ containers: 2, visibleNavLinks: 0, toggle: null, visibleLinks: 4 }).ok, false);
  assert.equal(
    checkNav({ containers: 2, visibleNavLinks: 0, toggle: 'button.navbar-toggler', visibleLinks: 4 }).ok,
    true,
  );
  assert.equal(checkNav({ containers: 1, visibleNavLinks: 6, toggle: null, visibleLinks: 6 }).ok, true);
  // No menu markup at all: plain visible links are the navigation.
  assert.equal(checkNav({ containers: 0, visibleNavLinks: 0, toggle: null, visibleLinks: 12 }).ok, true);
  assert.equal(checkNav({ containers: 0, visibleNavLinks: 0, toggle: null, visibleLinks: 1 }).ok, false);
});

const link = (url: string, state: LinkStatus['state'], internal: boolean, pages: string[]): LinkStatus => ({
  url,
  internal,
  status: state === 'ok' ? 200 : 404,
  state,
  method: 'GET',
  pages,
  pageCount: pages.length,
  text: '',
});

test('links: a large portal with one dead external link and one stale deep page still passes', () => {
  const home = 'https://www.agency.ir/';
  const links: LinkStatus[] = [];
  for (let i = 0; i < 300; i++) links.push(link(`https://www.agency.ir/news/${i}`, 'ok', true, [home]));
  links.push(
    link('https://www.agency.ir/news/archive/1395/old', 'broken', true, ['https://www.agency.ir/news/7']),
  );
  links.push(link('https://dead.example.com/', 'broken', false, [home]));
  const v = linksVerdict(links, [home]);
  assert.equal(v.navBroken, 0);
  assert.equal(v.internalBroken, 1);
  assert.equal(v.externalBroken, 1);
  assert.ok(v.internalBrokenShare <= 0.02, String(v.internalBrokenShare));
});

test('links: a page linked from the home page answering 404/5xx counts, and so does a dead service page', () => {
  const home = 'https://www.agency.ir/';
  const links = [
    link('https://www.agency.ir/about', 'ok', true, [home]),
    link('https://www.agency.ir/desk', 'broken', true, [home]),
  ];
  assert.equal(linksVerdict(links, [home]).navBroken, 1);
  const service = { ...link('https://www.agency.ir/services/1210010001', 'broken', true, []), pageCount: 0 };
  assert.equal(linksVerdict([service], [home, service.url]).navBroken, 1);
  // Many stale deep pages: above the share, even with the navigation intact.
  const deep = Array.from({ length: 40 }, (_, i) =>
    link(`https://www.agency.ir/n/${i}`, i < 5 ? 'broken' : 'ok', true, ['https://www.agency.ir/n']),
  );
  assert.ok(linksVerdict(deep, [home]).internalBrokenShare > 0.02);
});

const t = { fullMaxViolations: 0, partialMinPassRatio: 0.75, partialMinAids: 1 };

test('accessibility: full only when the level passes; partial needs most rules passing and a basic aid', () => {
  const aids = (over: Partial<ReturnType<typeof basicAids>> = {}) => ({
    lang: true,
    imageAlt: false,
    formLabels: false,
    skipLink: false,
    adjustTools: false,
    ...over,
  });
  assert.equal(a11yLevel(0, 20, t, aids()), 'full');
  // Two faults among 18 rules, language declared: real effort.
  assert.equal(a11yLevel(2, 16, t, aids()), 'partial');
  // Half the rules pass (any page with text does): not effort.
  assert.equal(a11yLevel(10, 10, t, aids({ imageAlt: true, formLabels: true })), 'none');
  // Most rules pass but no basic aid at all (no lang, images and fields unlabelled, no tools).
  assert.equal(a11yLevel(3, 17, t, aids({ lang: false })), 'none');
  assert.equal(a11yLevel(3, 17, t, aids({ lang: false, skipLink: true })), 'partial');
});

test('basic aids are read from axe rule results and the page', () => {
  const b = basicAids(['image-alt', 'color-contrast'], ['html-has-lang', 'label'], {
    skipLink: true,
    adjustTools: false,
  });
  assert.deepEqual(b, { lang: true, imageAlt: false, formLabels: true, skipLink: true, adjustTools: false });
  assert.equal(
    basicAids(['html-lang-valid'], ['html-has-lang'], { skipLink: false, adjustTools: false }).lang,
    false,
  );
  assert.equal(
    findSkipLink([{ text: 'پرش به محتوای اصلی', selector: 'a.sr-only', hints: '#content' }])?.selector,
    'a.sr-only',
  );
  assert.equal(findSkipLink([{ text: '', selector: 'a', hints: '#skip-link' }])?.selector, 'a');
  assert.equal(findSkipLink([{ text: 'بالا', selector: 'a', hints: '#top' }]), null);
});
