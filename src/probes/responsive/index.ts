// Responsiveness (ITO indicator 8, ARO "works on portable devices"): at phone, tablet and desktop
// widths, no horizontal overflow, readable text and reachable navigation (checks.ts explains why).
// The viewport tag and overlapping tap targets (phone width) are findings in the evidence.
import type { Page } from 'playwright-core';
import type { BrowserPool } from '../../browser/pool.ts';
import {
  browserFailure,
  chromiumTag,
  defineBrowserProbe,
  targetSlug,
  type PageSource,
  writeEvidence,
} from '../../browser/probe-support.ts';
import type { BrowserSettings } from '../../browser/settings.ts';
import {
  nowIso,
  type Evidence,
  type Measurement,
  type Probe,
  type ProbeContext,
  type Target,
} from '../types.ts';
import {
  MEASURE_PAGE,
  VIEWPORTS,
  checkNav,
  checkViewportMeta,
  responsiveVerdict,
  type NavCheck,
  type OverflowCheck,
  type PageMeasure,
  type TapTargetCheck,
  type TextSizeCheck,
  type Viewport,
  type ViewportMetaCheck,
} from './checks.ts';

export interface WidthResult {
  width: number;
  height: number;
  ok: boolean;
  overflow: OverflowCheck;
  text: TextSizeCheck;
  nav: NavCheck;
  /** Only at the phone width. */
  tapTargets?: TapTargetCheck;
  screenshot?: string;
}

export interface ResponsiveValues extends Record<string, unknown> {
  ok: boolean;
  viewportMeta: ViewportMetaCheck;
  widths: WidthResult[];
  /** "check@width" for every failure, e.g. "overflow@360". */
  failures: string[];
  /** Shown but not failing: "viewport-meta", "tap-targets@360". */
  findings: string[];
}

export const createResponsiveProbe = defineBrowserProbe('responsive', ['portal', 'service'], runResponsive);

export const responsiveProbe: Probe = createResponsiveProbe();

interface WidthMeasure {
  vp: Viewport;
  m: PageMeasure;
  shot: Buffer | null;
}

/**
 * Emulates each width on the loaded page (a touch device with its viewport tag below 600 px and at
 * tablet size, as a phone would load it), measures and takes the screenshot, then gives the page back
 * at the desktop size the other probes read it at.
 */
async function measureWidths(page: Page, s: BrowserSettings): Promise<WidthMeasure[]> {
  const cdp = await page.context().newCDPSession(page);
  const out: WidthMeasure[] = [];
  try {
    for (const vp of VIEWPORTS) {
      await cdp.send('Emulation.setDeviceMetricsOverride', {
        width: vp.width,
        height: vp.height,
        deviceScaleFactor: 1,
        mobile: vp.mobile,
        screenWidth: vp.width,
        screenHeight: vp.height,
        screenOrientation: vp.mobile
          ? { type: 'portraitPrimary', angle: 0 }
          : { type: 'landscapePrimary', angle: 90 },
      });
      await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: vp.mobile, maxTouchPoints: 1 });
      // Resize handlers run on the next frames; media queries apply at the next layout.
      await page.evaluate(AFTER_RESIZE);
      if (s.settleMs > 0) await page.waitForTimeout(Math.min(s.settleMs, 300));
      const m = (await page.evaluate(MEASURE_PAGE(s.responsive.minTextPx, vp.width < 600))) as PageMeasure;
      const shot = s.screenshots
        ? Buffer.from((await cdp.send('Page.captureScreenshot', { format: 'png' })).data, 'base64')
        : null;
      out.push({ vp, m, shot });
    }
  } finally {
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false }).catch(() => undefined);
    await cdp.detach().catch(() => undefined);
    await page.setViewportSize(DESKTOP).catch(() => undefined);
  }
  return out;
}

const DESKTOP = { width: 1366, height: 768 };

/** Back to the top, then two animation frames (bounded, in case frames are throttled). */
const AFTER_RESIZE = `new Promise((resolve) => {
  window.scrollTo(0, 0);
  const t = setTimeout(resolve, 500);
  requestAnimationFrame(() => requestAnimationFrame(() => { clearTimeout(t); resolve(null); }));
})`;

async function runResponsive(
  target: Target,
  ctx: ProbeContext,
  s: BrowserSettings,
  pool: BrowserPool,
  pages: PageSource,
): Promise<Measurement> {
  const startedAt = nowIso();
  const version = () => `payesh-responsive ${chromiumTag(pool)}`;
  const url = new URL(target.url);
  const slug = targetSlug(target);
  const widths: WidthResult[] = [];
  const evidence: Evidence[] = [];
  let metaContent: string | null = null;
  try {
    // All widths on the target's one rendered page: the viewport changes, the page is not loaded again.
    const measured = await pages.use(
      target,
      ctx.net,
      ({ page }) => measureWidths(page, s),
      // Three widths with a screenshot each: more than one measurement's share of the watchdog.
      s.pageTimeoutMs * 2,
    );
    for (const { vp, m, shot } of measured) {
      const phone = vp.width < 600;
      metaContent = m.viewportMeta;
      const fits = m.overflow.scrollWidth <= m.overflow.viewportWidth + 1;
      // Off-screen elements of a page that does not scroll sideways (skip links) are not evidence.
      const overflow: OverflowCheck = { ok: fits, ...m.overflow, elements: fits ? [] : m.overflow.elements };
      const smallShare = m.text.chars > 0 ? m.text.smallChars / m.text.chars : 0;
      const text: TextSizeCheck = {
        ok: smallShare <= s.responsive.smallTextMaxShare,
        chars: m.text.chars,
        smallShare: Math.round(smallShare * 1000) / 1000,
        minPx: s.responsive.minTextPx,
        samples: m.text.samples,
      };
      const tapTargets: TapTargetCheck | undefined = phone
        ? { ok: m.tapTargets.length === 0, targets: m.tapTargetCount, overlaps: m.tapTargets }
        : undefined;
      const screenshot = shot
        ? await writeEvidence(ctx.runDir, 'screenshots', `${slug}-${vp.width}x${vp.height}.png`, shot)
        : undefined;
      if (screenshot)
        evidence.push({
          kind: 'screenshot',
          label: `${vp.width}×${vp.height}`,
          path: screenshot,
          url: url.href,
        });
      const nav = checkNav(m.nav);
      widths.push({
        width: vp.width,
        height: vp.height,
        ok: overflow.ok && text.ok && nav.ok,
        overflow,
        text,
        nav,
        tapTargets,
        screenshot,
      });
    }
  } catch (e) {
    return browserFailure('responsive', target.url, version(), startedAt, e, ctx.log, evidence);
  }

  const viewportMeta = checkViewportMeta(metaContent);
  const { ok, failures, findings } = responsiveVerdict(viewportMeta, widths);
  for (const w of widths) {
    if (!w.overflow.ok) {
      evidence.push({
        kind: 'selector',
        label: `horizontal overflow at ${w.width}px (page ${w.overflow.scrollWidth}px wide)`,
        selector: w.overflow.elements[0]?.selector,
      });
    }
    if (!w.text.ok) {
      const e = w.text.samples[0];
      evidence.push({
        kind: 'selector',
        label: `${Math.round(w.text.smallShare * 100)}% of text below ${w.text.minPx}px at ${w.width}px`,
        selector: e?.selector,
        text: e ? `${e.px}px: ${e.text}` : undefined,
      });
    }
    if (!w.nav.ok)
      evidence.push({
        kind: 'count',
        label: `no navigation reachable at ${w.width}px (no visible menu links or menu button; ${w.nav.containers} menu container(s) hidden)`,
        count: w.nav.visibleNavLinks,
      });
    if (w.tapTargets && !w.tapTargets.ok) {
      const o = w.tapTargets.overlaps[0];
      evidence.push({
        kind: 'selector',
        label: `finding (accessibility, not failing): ${w.tapTargets.overlaps.length} overlapping tap target pair(s) at ${w.width}px`,
        selector: o ? `${o.a} | ${o.b}` : undefined,
      });
    }
  }
  if (!viewportMeta.ok)
    evidence.push({
      kind: 'text',
      label: 'finding (accessibility, not failing): viewport meta tag',
      text: `${viewportMeta.content ?? '(none)'}: ${viewportMeta.problems.join('; ')}`,
    });
  const values: ResponsiveValues = { ok, viewportMeta, widths, failures, findings };
  return {
    probe: 'responsive',
    url: target.url,
    values: { ...values, facts: { 'responsive.ok': ok } },
    evidence,
    toolVersion: version(),
    startedAt,
    finishedAt: nowIso(),
  };
}
