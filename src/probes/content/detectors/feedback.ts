// User feedback at delivery (ITO 18): a satisfaction rating right at the service with published
// results ("immediate") versus periodic questionnaires; per service, with a portal-wide verdict.
import type { Evidence, Facts } from '../../types.ts';
import { isLabel, matchNorm } from '../phrases.ts';
import type { Detector, DetectorResult, PageView } from '../site.ts';
import { selectorOf } from '../site.ts';

type FeedbackKind = 'immediate' | 'periodic' | 'none';

export function feedbackOn(p: PageView): { kind: FeedbackKind; evidence: Evidence | null } {
  const rating = p.$('.rating, .star-rating, .stars, [data-rating], .rate-service, .satisfaction').first();
  const immediate = rating.length > 0 || !!matchNorm(p.norm, 'feedbackImmediate');
  const results = !!matchNorm(p.norm, 'feedbackResults');
  if (immediate && results)
    return { kind: 'immediate', evidence: rating.length ? { kind: 'selector', label: 'satisfaction rating with published results', url: p.url, selector: selectorOf(p.$, rating[0]) } : { kind: 'text', label: 'satisfaction rating with published results', url: p.url, text: matchNorm(p.norm, 'feedbackImmediate') ?? '' } };
  const survey = p.links.find((l) => isLabel(l.norm, 'survey', 3));
  if (immediate || survey) return { kind: 'periodic', evidence: { kind: 'text', label: 'satisfaction survey or questionnaire', url: survey?.url ?? p.url, text: survey?.text ?? '' } };
  return { kind: 'none', evidence: null };
}

const RANK: FeedbackKind[] = ['none', 'periodic', 'immediate'];

export const feedback: Detector = {
  id: 'feedback',
  negative: ['none'],
  run(site): DetectorResult {
    const serviceFacts: Record<string, Facts> = {};
    for (const s of site.services) {
      const own = site.byUrl(s.url);
      serviceFacts[s.id] = { 'feedback.kind': own ? feedbackOn(own).kind : null };
    }
    let best: { kind: FeedbackKind; evidence: Evidence | null } = { kind: 'none', evidence: null };
    for (const p of site.pages) {
      const f = feedbackOn(p);
      if (RANK.indexOf(f.kind) > RANK.indexOf(best.kind)) best = f;
    }
    return { verdict: best.kind, facts: {}, evidence: best.evidence ? [best.evidence] : [], confidence: 0.7, serviceFacts };
  },
};
