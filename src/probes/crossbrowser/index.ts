// Cross-browser (ARO "works in all browsers"): load the portal home in Chromium and in Firefox and
// compare: it loads, no script errors beyond Chromium's, the same main navigation. Where no second
// engine can be driven, the result is 'not-available' with the reason and no fact: an evaluator decides.
import { BrowserError } from '../../browser/errors.ts';
import { FirefoxSession, type SharedFirefox } from '../../browser/firefox.ts';
import { inPageCall } from '../../browser/in-page.ts';
import { payeshToken } from '../../browser/launch-args.ts';
import type { BrowserPool } from '../../browser/pool.ts';
import { assertNavigable } from '../../browser/guard.ts';
import {
  browserFailure,
  chromiumTag,
  defineBrowserProbe,
  type PageSource,
} from '../../browser/probe-support.ts';
import type { RenderedPages } from '../../browser/rendered-page.ts';
import type { BrowserSettings } from '../../browser/settings.ts';
import { trustedByPublicRoots } from '../../browser/trust.ts';
import { normalizeForMatch } from '../../text/normalize.ts';
import {
  nowIso,
  type Evidence,
  type Measurement,
  type Probe,
  type ProbeContext,
  type Target,
} from '../types.ts';

/** Share of Chromium's main-navigation labels Firefox must show too. */
export const NAV_MATCH_MIN = 0.8;

interface PageSummary {
  title: string;
  textLength: number;
  nav: string[];
}

const SUMMARY = inPageCall(String.raw`
  const navRoot = document.querySelector('nav, [role=navigation]') || document.querySelector('header') || document.body;
  const nav = [];
  if (navRoot) for (const a of navRoot.querySelectorAll('a[href]')) {
    const t = (a.textContent || '').trim().replace(/\s+/g, ' ');
    if (t && t.length <= 60 && nav.length < 40) nav.push(t);
  }
  return { title: document.title, textLength: (document.body ? document.body.innerText : '').length, nav };
`);

export interface CrossBrowserValues extends Record<string, unknown> {
  ok: boolean;
  engines: { chromium: string; firefox: string };
  chromium: PageSummary & { errors: string[] };
  firefox: PageSummary & { errors: string[] };
  navMatch: number;
  problems: string[];
}

/** Share of a's labels (normalised) found in b; 1 when a is empty. */
export function navOverlap(a: string[], b: string[]): number {
  const bs = new Set(b.map(normalizeForMatch));
  const as = [...new Set(a.map(normalizeForMatch))];
  if (as.length === 0) return 1;
  return as.filter((x) => bs.has(x)).length / as.length;
}

/**
 * The probe: Chromium's side from the target's rendered page, Firefox's from the run's Firefox (a tab
 * per target) when given, else a Firefox started for the check and closed after it.
 */
export function createCrossBrowserProbe(
  settings: Partial<BrowserSettings> = {},
  pool?: BrowserPool,
  pages?: RenderedPages,
  firefox?: SharedFirefox,
): Probe {
  return defineBrowserProbe('crossbrowser', ['portal'], (target, ctx, s, p, src) =>
    runCrossBrowser(target, ctx, s, p, src, firefox),
  )(settings, pool, pages);
}

export const crossBrowserProbe: Probe = createCrossBrowserProbe();

async function runCrossBrowser(
  target: Target,
  ctx: ProbeContext,
  s: BrowserSettings,
  pool: BrowserPool,
  pages: PageSource,
  shared?: SharedFirefox,
): Promise<Measurement> {
  const startedAt = nowIso();
  let ffVersion = '';
  const version = () =>
    `payesh-crossbrowser ${chromiumTag(pool)} firefox${ffVersion ? '/' + ffVersion.split('.')[0] : ''}`;
  const url = new URL(target.url);
  let chromium: CrossBrowserValues['chromium'];
  try {
    chromium = await pages.use(target, ctx.net, async ({ page, loadErrors }) => ({
      ...((await page.evaluate(SUMMARY)) as PageSummary),
      errors: [...loadErrors],
    }));
  } catch (e) {
    return browserFailure('crossbrowser', target.url, version(), startedAt, e, ctx.log);
  }

  let firefox: CrossBrowserValues['firefox'];
  let session: FirefoxSession | null = null;
  try {
    await assertNavigable(url, ctx.net);
    // Firefox keeps its own certificate store: a site only an --extra-ca vouches for cannot load there.
    if (
      url.protocol === 'https:' &&
      ctx.net.extraCa.length > 0 &&
      !(await trustedByPublicRoots(url, ctx.net))
    ) {
      throw new BrowserError(
        'not-available',
        `Firefox cannot be given --extra-ca certificates, and ${url.host} is trusted only through them`,
      );
    }
    session = await (shared
      ? shared.get(ctx.net, s.firefoxPath, payeshToken(ctx.net))
      : FirefoxSession.start(ctx.net, s.firefoxPath, payeshToken(ctx.net)));
    ffVersion = session.version;
    const r = await session.visit<PageSummary>(url.href, SUMMARY, Math.floor(s.pageTimeoutMs * 0.6));
    firefox = { ...r.value, errors: r.errors };
  } catch (e) {
    let err = e instanceof BrowserError ? e : new BrowserError('navigation', (e as Error).message);
    // A run's Firefox that stopped answering is not given the next target.
    if (shared && (err.type === 'hang' || err.type === 'crash')) await shared.drop();
    // Firefox keeps its own certificate store: an extra CA given to payesh does not reach it.
    if (err.type === 'tls' && ctx.net.extraCa.length > 0) {
      err = new BrowserError(
        'not-available',
        `Firefox cannot be given --extra-ca certificates: ${err.message}`,
      );
    }
    // Chromium loaded the page; a Firefox load failure is a cross-browser finding, other faults are not.
    if (
      err.type === 'not-available' ||
      err.type === 'blocked-private' ||
      err.type === 'hang' ||
      err.type === 'crash'
    ) {
      return browserFailure('crossbrowser', target.url, version(), startedAt, err, ctx.log);
    }
    firefox = { title: '', textLength: 0, nav: [], errors: [`${err.type}: ${err.message}`] };
  } finally {
    if (!shared) await session?.close();
  }

  const problems: string[] = [];
  if (firefox.textLength === 0 && chromium.textLength > 0) problems.push('the page shows no text in Firefox');
  const extraErrors = firefox.errors.length - chromium.errors.length;
  if (extraErrors > 0)
    problems.push(
      `${firefox.errors.length} script error(s) in Firefox, ${chromium.errors.length} in Chromium`,
    );
  const navMatch = Math.round(navOverlap(chromium.nav, firefox.nav) * 100) / 100;
  if (navMatch < NAV_MATCH_MIN)
    problems.push(`only ${Math.round(navMatch * 100)}% of the main navigation appears in Firefox`);
  const ok = problems.length === 0;
  const values: CrossBrowserValues = {
    ok,
    engines: { chromium: pool.browserVersion, firefox: ffVersion },
    chromium,
    firefox,
    navMatch,
    problems,
  };
  const evidence: Evidence[] = [
    {
      kind: 'count',
      label: 'main navigation labels in Chromium / Firefox',
      count: chromium.nav.length,
      text: `${chromium.nav.length} / ${firefox.nav.length}`,
      url: url.href,
    },
    ...problems.map((p): Evidence => ({ kind: 'note', label: 'cross-browser problem', text: p })),
    ...firefox.errors
      .slice(0, 5)
      .map((e): Evidence => ({ kind: 'text', label: 'Firefox script error', text: e })),
  ];
  return {
    probe: 'crossbrowser',
    url: target.url,
    values: { ...values, facts: { 'browsers.ok': ok } },
    evidence,
    toolVersion: version(),
    startedAt,
    finishedAt: nowIso(),
  };
}
