// The accessibility verdict of one page (ITO indicator 12). Thresholds are checklist settings.
import type { A11yThresholds } from '../../browser/settings.ts';

export type A11yLevel = 'full' | 'partial' | 'none';

/**
 * full    — violated rules of the selected level <= fullMaxViolations (default 0: none at all);
 * partial — otherwise, when at least partialMinPassRatio of the level's applicable rules pass;
 * none    — otherwise. "Needs review" results count neither way.
 */
export function a11yLevel(violatedRules: number, passedRules: number, t: A11yThresholds): A11yLevel {
  if (violatedRules <= t.fullMaxViolations) return 'full';
  const applicable = violatedRules + passedRules;
  return applicable > 0 && passedRules / applicable >= t.partialMinPassRatio ? 'partial' : 'none';
}
