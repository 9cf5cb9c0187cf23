// Settings of the browser measurements, with their defaults in one place.
// The audit command passes a partial object; everything missing falls back to these.

export type LighthousePreset = 'desktop' | 'mobile';
export type WcagLevel = 'A' | 'AA' | 'AAA';

export interface BrowserSettings {
  /** Lighthouse runs per page; the median score is kept and the spread stored. */
  runs: number;
  preset: LighthousePreset;
  /** WCAG level the axe rules are selected for (checklist setting: A for ITO period 7). */
  wcagLevel: WcagLevel;
  /** Whether font-size / contrast / colour controls are looked for (checklist setting countsAdjustTools). */
  countsAdjustTools: boolean;
  /** Hard limit for one page's work (navigation plus measurement); past it the page counts as hung. */
  pageTimeoutMs: number;
  /** Hard limit for one Lighthouse run. */
  lighthouseTimeoutMs: number;
  /** Restart the browser after this many pages, to bound memory growth. */
  recycleAfter: number;
  /** Allow Lighthouse runs alongside other browser work (faster, but contention skews scores). */
  parallelPerf: boolean;
  /** Save screenshots (responsive widths) as evidence. */
  screenshots: boolean;
  /** Quiet time after the load event before measuring, so late scripts settle. */
  settleMs: number;
  /** Pages with more elements than this are not measured in the page (axe, responsive): 'dom-too-large'. */
  maxDomNodes: number;
  /** Accessibility verdict thresholds (see docs/browser.md). */
  a11y: A11yThresholds;
  responsive: ResponsiveThresholds;
  /** Chromium executable. */
  chromePath: string;
  /** Firefox executable for the cross-browser check. */
  firefoxPath: string;
}

export interface ResponsiveThresholds {
  /** Body text below this size (CSS px times the page's zoom) counts as unreadable. */
  minTextPx: number;
  /** The text check fails when more than this share (0-1) of visible characters is below minTextPx. */
  smallTextMaxShare: number;
}

export interface A11yThresholds {
  /** 'full' when violated rules of the selected level are at most this (0 = none allowed). */
  fullMaxViolations: number;
  /** 'partial' needs at least this share (0-1) of applicable rules of the level to pass ... */
  partialMinPassRatio: number;
  /** ... and at least this many basic aids (lang, image alternatives, labels, skip link, adjusting tools). */
  partialMinAids?: number;
}

export const DEFAULT_BROWSER_SETTINGS: BrowserSettings = {
  runs: 3,
  preset: 'desktop',
  wcagLevel: 'A',
  countsAdjustTools: true,
  pageTimeoutMs: 60_000,
  lighthouseTimeoutMs: 90_000,
  recycleAfter: 50,
  parallelPerf: false,
  screenshots: true,
  settleMs: 500,
  maxDomNodes: 50_000,
  a11y: { fullMaxViolations: 0, partialMinPassRatio: 0.75, partialMinAids: 1 },
  responsive: { minTextPx: 12, smallTextMaxShare: 0.2 },
  chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  firefoxPath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
};

/** Fill missing settings with the defaults and check the ranges. */
export function browserSettings(over: Partial<BrowserSettings> = {}): BrowserSettings {
  const s: BrowserSettings = {
    ...DEFAULT_BROWSER_SETTINGS,
    ...over,
    a11y: { ...DEFAULT_BROWSER_SETTINGS.a11y, ...(over.a11y ?? {}) },
    responsive: { ...DEFAULT_BROWSER_SETTINGS.responsive, ...(over.responsive ?? {}) },
  };
  const bad = (field: string, why: string): never => {
    throw new RangeError(`browser setting ${field}: ${why}`);
  };
  if (!Number.isInteger(s.runs) || s.runs < 1 || s.runs > 15) bad('runs', `expected 1-15, got ${s.runs}`);
  if (s.preset !== 'desktop' && s.preset !== 'mobile')
    bad('preset', `expected desktop or mobile, got ${s.preset}`);
  if (!['A', 'AA', 'AAA'].includes(s.wcagLevel))
    bad('wcagLevel', `expected A, AA or AAA, got ${s.wcagLevel}`);
  if (!(s.pageTimeoutMs >= 1000)) bad('pageTimeoutMs', `expected >= 1000, got ${s.pageTimeoutMs}`);
  if (!(s.lighthouseTimeoutMs >= 5000))
    bad('lighthouseTimeoutMs', `expected >= 5000, got ${s.lighthouseTimeoutMs}`);
  if (!Number.isInteger(s.maxDomNodes) || s.maxDomNodes < 1)
    bad('maxDomNodes', `expected a whole number >= 1, got ${s.maxDomNodes}`);
  if (!Number.isInteger(s.recycleAfter) || s.recycleAfter < 1)
    bad('recycleAfter', `expected >= 1, got ${s.recycleAfter}`);
  if (s.a11y.partialMinPassRatio < 0 || s.a11y.partialMinPassRatio > 1)
    bad('a11y.partialMinPassRatio', 'expected 0-1');
  if (s.a11y.fullMaxViolations < 0) bad('a11y.fullMaxViolations', 'expected >= 0');
  if (!(s.responsive.minTextPx > 0)) bad('responsive.minTextPx', 'expected > 0');
  if (s.responsive.smallTextMaxShare < 0 || s.responsive.smallTextMaxShare > 1)
    bad('responsive.smallTextMaxShare', 'expected 0-1');
  return s;
}

/** axe-core tags for a WCAG level (each level includes the ones below it). */
export function wcagTags(level: WcagLevel): string[] {
  const a = ['wcag2a', 'wcag21a'];
  const aa = [...a, 'wcag2aa', 'wcag21aa'];
  return level === 'A' ? a : level === 'AA' ? aa : [...aa, 'wcag2aaa'];
}
