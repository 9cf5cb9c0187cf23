// Responsiveness (ITO indicator 8, ARO "works on portable devices"): at phone, tablet and desktop
// widths, no horizontal overflow, readable text and reachable navigation (checks.ts explains why).
// The viewport tag and overlapping tap targets (phone width) are findings in the evidence.
import { navigate } from '../../browser/navigate.ts';
import type { BrowserPool } from '../../browser/pool.ts';
import {
  browserFailure,
  chromiumTag,
  defineBrowserProbe,
  targetSlug,
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

async function runResponsive(
  target: Target,
  ctx: ProbeContext,
  s: BrowserSettings,
  pool: BrowserPool,
): Promise<Measurement> {
  const startedAt = nowIso();
  const version = () => `payesh-responsive ${chromiumTag(pool)}`;
  const url = new URL(target.url);
  const slug = targetSlug(target);
  const widths: WidthResult[] = [];
  const evidence: Evidence[] = [];
  let metaContent: string | null = null;
  try {
    for (const vp of VIEWPORTS) {
      const phone = vp.width < 600;
      // Each width gets its own load: layouts chosen by scripts at load time would be missed by a resize.
      const { value } = await pool.withPage(
        url,
        async (page) => {
          await navigate(page, url, ctx.net, s);
          const m = (await page.evaluate(MEASURE_PAGE(s.responsive.minTextPx, phone))) as PageMeasure;
          const shot = s.screenshots ? await page.screenshot({ type: 'png', timeout: 15_000 }) : null;
          return { m, shot };
        },
        { viewport: { width: vp.width, height: vp.height }, mobile: vp.mobile },
      );
      const { m, shot } = value;
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
