// The accessibility verdict of one page (ITO indicator 12). Thresholds are checklist settings.
import type { A11yThresholds } from '../../browser/settings.ts';

export type A11yLevel = 'full' | 'partial' | 'none';

/** The basic aids a reader of the period-7 report looks for (seed 003, indicator 12 analysis). */
export interface BasicAids {
  /** The page declares its language (axe html-has-lang passes, html-lang-valid does not fail). */
  lang: boolean;
  /** No image without a text alternative (axe image-alt does not fail). */
  imageAlt: boolean;
  /** No form field without a label (axe label, select-name do not fail). */
  formLabels: boolean;
  /** A "skip to content" link. */
  skipLink: boolean;
  /** Controls to adjust text size, typeface, colours or background (aids.ts). */
  adjustTools: boolean;
}

export const BASIC_AIDS: (keyof BasicAids)[] = ['lang', 'imageAlt', 'formLabels', 'skipLink', 'adjustTools'];

/** Basic aids from the axe rule ids that failed and passed, plus the in-page findings. */
export function basicAids(
  violated: string[],
  passed: string[],
  found: { skipLink: boolean; adjustTools: boolean },
): BasicAids {
  const bad = new Set(violated);
  return {
    lang: passed.includes('html-has-lang') && !bad.has('html-has-lang') && !bad.has('html-lang-valid'),
    imageAlt: !bad.has('image-alt') && !bad.has('input-image-alt') && !bad.has('role-img-alt'),
    formLabels: !bad.has('label') && !bad.has('select-name'),
    skipLink: found.skipLink,
    adjustTools: found.adjustTools,
  };
}

/**
 * full    — violated rules of the selected level <= fullMaxViolations (default 0: the page passes the
 *           checklist's WCAG level, as "full implementation of the checklist" reads);
 * partial — real effort shown: at least partialMinPassRatio of the level's applicable rules pass AND at
 *           least partialMinAids of the basic aids are present (without the aids, only the ratio);
 * none    — otherwise. "Needs review" results count neither way.
 * Period 7 put 65 of 162 agencies at "none": a page that merely renders text passes half of axe's
 * level-A rules, so half is no sign of effort.
 */
export function a11yLevel(
  violatedRules: number,
  passedRules: number,
  t: A11yThresholds,
  aids?: BasicAids,
): A11yLevel {
  if (violatedRules <= t.fullMaxViolations) return 'full';
  const applicable = violatedRules + passedRules;
  const ratioOk = applicable > 0 && passedRules / applicable >= t.partialMinPassRatio;
  const aidsOk = !aids || BASIC_AIDS.filter((k) => aids[k]).length >= (t.partialMinAids ?? 1);
  return ratioOk && aidsOk ? 'partial' : 'none';
}
