// User feedback at delivery (ITO 18): a satisfaction rating right at the service with published
// results ("immediate") versus periodic questionnaires; per service, with a portal-wide verdict.
import type { Evidence, Facts } from '../../types.ts';
import { isLinkLabel, matchNorm } from '../phrases.ts';
import type { Detector, DetectorResult, PageView } from '../site.ts';
import { mainNorm, selectorOf } from '../site.ts';

type FeedbackKind = 'immediate' | 'periodic' | 'none';

export function feedbackOn(p: PageView): { kind: FeedbackKind; evidence: Evidence | null } {
  const own = mainNorm(p);
  const rating = p.$('.rating, .star-rating, .stars, [data-rating], .rate-service, .satisfaction').first();
  const immediatePhrase = matchNorm(own, 'feedbackImmediate');
  const results = matchNorm(own, 'feedbackResults');
  if ((rating.length || immediatePhrase) && results)
    return {
      kind: 'immediate',
      evidence: rating.length
        ? {
            kind: 'selector',
            label: 'satisfaction rating with published results',
            url: p.url,
            selector: selectorOf(p.$, rating[0]),
          }
        : {
            kind: 'text',
            label: 'satisfaction survey at delivery with published results',
            url: p.url,
            text: `${immediatePhrase} … ${results}`,
          },
    };
  // A questionnaire or survey mentioned in the page's own content (not the site-wide menu or footer).
  const survey = p.links.find((l) => !l.inNav && !l.inFooter && isLinkLabel(l, 'survey', 3));
  const mention = matchNorm(own, 'survey');
  if (rating.length || immediatePhrase || survey || mention)
    return {
      kind: 'periodic',
      evidence: {
        kind: 'text',
        label: 'satisfaction survey or questionnaire',
        url: survey?.url ?? p.url,
        text: survey?.text ?? mention ?? immediatePhrase ?? '',
      },
    };
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
    return {
      verdict: best.kind,
      facts: {},
      evidence: best.evidence ? [best.evidence] : [],
      confidence: 0.7,
      serviceFacts,
    };
  },
};
