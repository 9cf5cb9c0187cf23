// Pure parts of the browser measurements: settings, scheduler, launch flags, verdict rules, matching.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { classifyBrowserError } from '../../src/browser/errors.ts';
import {
  browserUserAgent,
  chromiumArgs,
  hostResolverRules,
  payeshToken,
} from '../../src/browser/launch-args.ts';
import { BrowserScheduler } from '../../src/browser/scheduler.ts';
import { browserSettings, wcagTags } from '../../src/browser/settings.ts';
import { spkiHashesOfPem } from '../../src/browser/trust.ts';
import { defaultNetOptions } from '../../src/net/options.ts';
import { findAids } from '../../src/probes/axe/aids.ts';
import { a11yLevel } from '../../src/probes/axe/verdict.ts';
import { errorTypeOfLighthouseCode, medianIndex, metricsOf } from '../../src/probes/lighthouse/metrics.ts';
import { checkViewportMeta } from '../../src/probes/responsive/checks.ts';
import { testTls } from '../../fixtures/browser/servers.ts';

describe('browser settings', () => {
  test('defaults, overrides and range errors naming the field', () => {
    const s = browserSettings({ runs: 1, a11y: { fullMaxViolations: 2, partialMinPassRatio: 0.5 } });
    assert.equal(s.runs, 1);
    assert.equal(s.preset, 'desktop');
    assert.equal(s.recycleAfter, 50);
    assert.equal(s.a11y.fullMaxViolations, 2);
    assert.equal(s.responsive.minTextPx, 12);
    assert.throws(() => browserSettings({ runs: 0 }), /runs: expected 1-15, got 0/);
    assert.throws(() => browserSettings({ preset: 'tablet' as never }), /preset/);
    assert.throws(
      () => browserSettings({ a11y: { fullMaxViolations: 0, partialMinPassRatio: 2 } }),
      /a11y\.partialMinPassRatio/,
    );
  });
  test('WCAG tags per level', () => {
    assert.deepEqual(wcagTags('A'), ['wcag2a', 'wcag21a']);
    assert.deepEqual(wcagTags('AA'), ['wcag2a', 'wcag21a', 'wcag2aa', 'wcag21aa']);
  });
});

describe('scheduler', () => {
  test('an exclusive run waits for shared work and holds later work back', async () => {
    const s = new BrowserScheduler();
    const log: string[] = [];
    let releaseA!: () => void;
    const a = s.runShared(async () => {
      log.push('a+');
      await new Promise<void>((r) => (releaseA = r));
      log.push('a-');
    });
    const x = s.runExclusive(async () => {
      log.push('x+');
      await Promise.resolve();
      log.push('x-');
    });
    const b = s.runShared(async () => {
      log.push('b');
    });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(log, ['a+']);
    assert.deepEqual(s.busy, { shared: 1, exclusive: false, waiting: 2 });
    releaseA();
    await Promise.all([a, x, b]);
    assert.deepEqual(log, ['a+', 'a-', 'x+', 'x-', 'b']);
  });
  test('shared runs overlap; a failing run releases its slot', async () => {
    const s = new BrowserScheduler();
    let inside = 0;
    let most = 0;
    const work = () =>
      s.runShared(async () => {
        inside++;
        most = Math.max(most, inside);
        await new Promise((r) => setImmediate(r));
        inside--;
      });
    await Promise.all([work(), work(), work()]);
    assert.equal(most, 3);
    await assert.rejects(
      s.runExclusive(async () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await s.runExclusive(async () => 7), 7);
  });
});

describe('Chromium flags', () => {
  test('--resolve becomes host-resolver MAP rules with ports, IPv6 bracketed', () => {
    const net = defaultNetOptions({
      resolve: new Map([
        ['www.portal.test:8443', '127.0.0.1'],
        ['v6.portal.test:443', '::1'],
      ]),
    });
    assert.equal(
      hostResolverRules(net),
      'MAP www.portal.test:8443 127.0.0.1:8443, MAP v6.portal.test:443 [::1]:443',
    );
    assert.equal(hostResolverRules(defaultNetOptions()), null);
  });
  test('the flags of the brief, the debugging port and the SPKI list', () => {
    const args = chromiumArgs(defaultNetOptions(), { debuggingPort: 9333, spkiHashes: ['abc=', 'def='] });
    for (const f of [
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--remote-debugging-port=9333',
    ]) {
      assert.ok(args.includes(f), f);
    }
    assert.ok(args.includes('--ignore-certificate-errors-spki-list=abc=,def='));
    assert.equal(args.includes('--no-sandbox'), process.getuid?.() === 0);
  });
  test('User-Agent: Chrome token without Headless, then payesh and its contact', () => {
    const net = defaultNetOptions();
    const ua = browserUserAgent('156.0.8078.79', net);
    assert.match(
      ua,
      /^Mozilla\/5\.0 \(X11; Linux x86_64\) AppleWebKit\/537\.36 \(KHTML, like Gecko\) Chrome\/156\.0\.0\.0 Safari\/537\.36 payesh\/\S+ \(\+https?:\/\/\S+\)$/,
    );
    assert.equal(payeshToken(defaultNetOptions({ userAgent: 'custom-agent/1' })), 'custom-agent/1');
  });
  test('SPKI hash of the test CA matches openssl-style base64 sha256', () => {
    const [h] = spkiHashesOfPem(readFileSync(testTls.caFile, 'utf8'));
    assert.match(h, /^[A-Za-z0-9+/]{43}=$/);
    assert.equal(spkiHashesOfPem(testTls.ca + testTls.cert).length, 2);
  });
  test('Playwright/Chromium errors map to typed reasons', () => {
    assert.equal(
      classifyBrowserError(new Error('page.goto: net::ERR_CERT_AUTHORITY_INVALID at https://x/')).type,
      'tls',
    );
    assert.equal(classifyBrowserError(new Error('page.goto: net::ERR_NAME_NOT_RESOLVED')).type, 'dns');
    assert.equal(classifyBrowserError(new Error('page.goto: net::ERR_CONNECTION_REFUSED')).type, 'refused');
    assert.equal(classifyBrowserError(new Error('page.goto: Timeout 3000ms exceeded.')).type, 'timeout');
    assert.equal(
      classifyBrowserError(new Error('Target page, context or browser has been closed')).type,
      'crash',
    );
    assert.equal(classifyBrowserError(new Error('something else')).type, 'navigation');
  });
});

describe('verdict rules', () => {
  const t = { fullMaxViolations: 0, partialMinPassRatio: 0.5 };
  test('a11y level: full / partial / none', () => {
    assert.equal(a11yLevel(0, 20, t), 'full');
    assert.equal(a11yLevel(3, 20, t), 'partial');
    assert.equal(a11yLevel(12, 8, t), 'none');
    assert.equal(a11yLevel(0, 0, t), 'full');
    assert.equal(a11yLevel(2, 20, { ...t, fullMaxViolations: 2 }), 'full');
  });
  test('viewport meta', () => {
    assert.deepEqual(checkViewportMeta('width=device-width, initial-scale=1'), {
      ok: true,
      content: 'width=device-width, initial-scale=1',
      problems: [],
    });
    assert.equal(checkViewportMeta(null).ok, false);
    assert.equal(checkViewportMeta('width=1024').problems.length, 1);
    assert.equal(checkViewportMeta('width=device-width, user-scalable=0').problems.length, 1);
    assert.equal(checkViewportMeta('width=device-width, maximum-scale=1.5').problems.length, 1);
    assert.equal(checkViewportMeta('width=device-width, maximum-scale=3').ok, true);
  });
  test('median run and its metrics', () => {
    assert.equal(medianIndex([70, 90, 80]), 2);
    assert.equal(medianIndex([50, 60]), 0);
    assert.equal(medianIndex([88]), 0);
    const m = metricsOf({
      categories: { performance: { score: 0.874 } },
      audits: {
        'first-contentful-paint': { numericValue: 812.34567 },
        'server-response-time': { numericValue: 12 },
        'network-requests': { details: { items: [1, 2, 3] } },
        'total-byte-weight': { numericValue: 20480 },
      },
    });
    assert.equal(m?.score, 87);
    assert.equal(m?.fcpMs, 812.346);
    assert.equal(m?.requests, 3);
    assert.equal(m?.lcpMs, null);
    assert.equal(metricsOf({ categories: { performance: { score: null } }, audits: {} }), null);
    assert.equal(errorTypeOfLighthouseCode('INSECURE_DOCUMENT_REQUEST'), 'tls');
    assert.equal(
      errorTypeOfLighthouseCode('FAILED_DOCUMENT_REQUEST', 'net::ERR_CONNECTION_REFUSED'),
      'refused',
    );
  });
});

describe('accessibility aids', () => {
  test('Persian labels with Arabic letters and ZWNJ variants, Latin hints, widget scripts', () => {
    const aids = findAids([
      { text: 'افزايش اندازه قلم', selector: '#a', hints: '' },
      { text: 'کنتراست', selector: '#b', hints: '' },
      { text: '', selector: 'div.x', hints: 'ابزار دسترسي پذيري' },
      { text: 'A+', selector: '#c', hints: '' },
      {
        text: '',
        selector: 'script[src="https://cdn.userway.org/widget.js"]',
        hints: 'script https://cdn.userway.org/widget.js',
      },
      { text: 'Data-', selector: '#not', hints: '' },
      { text: 'رنگارنگ', selector: '#not2', hints: '' },
      // A Liferay theme script on razi.ac.ir (real page): its colorSchemeId is no colour control.
      {
        text: '',
        selector: '#not3',
        hints: 'script http://razi.ac.ir/html/js/barebone.jsp?browserId=other&themeId=t&colorSchemeId=01',
      },
    ]);
    const sel = (kind: string) => aids.filter((a) => a.kind === kind).map((a) => a.selector);
    assert.deepEqual(sel('font-size'), ['#a', '#c']);
    assert.deepEqual(sel('contrast'), ['#b']);
    assert.deepEqual(sel('toolbar'), ['div.x', 'script[src="https://cdn.userway.org/widget.js"]']);
    assert.ok(!aids.some((a) => a.selector.startsWith('#not')));
  });
});
