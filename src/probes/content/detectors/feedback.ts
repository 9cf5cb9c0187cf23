// User feedback at delivery (ITO 18): a satisfaction rating right at the service with published
// results ("immediate") versus periodic questionnaires; per service, with a portal-wide verdict.
import type { Element } from 'domhandler';
import type { Evidence, Facts } from '../../types.ts';
import { isLinkLabel, matchNorm } from '../phrases.ts';
import { str, type Declaration } from '../declared.ts';
import type { DetectorResult, PageView, SiteView } from '../site.ts';
import { mainNorm, selectorOf } from '../site.ts';

type FeedbackKind = 'immediate' | 'periodic' | 'none';

export function feedbackOn(p: PageView, d: Declaration): { kind: FeedbackKind; evidence: Evidence | null } {
  const own = mainNorm(p);
  const rating = p.$(str(d, 'ratingWidget')).first();
  const immediatePhrase = matchNorm(own, str(d, 'immediateTopic'));
  const results = matchNorm(own, str(d, 'resultsTopic'));
  const surveyTopic = str(d, 'surveyTopic');
  if ((rating.length || immediatePhrase) && results)
    return {
      kind: 'immediate',
      evidence: rating.length
        ? {
            kind: 'selector',
            label: 'satisfaction rating with published results',
            url: p.url,
            selector: selectorOf(p.$, rating[0] as Element),
          }
        : {
            kind: 'text',
            label: 'satisfaction survey at delivery with published results',
            url: p.url,
            text: `${immediatePhrase} … ${results}`,
          },
    };
  // A questionnaire or survey mentioned in the page's own content (not the site-wide menu or footer).
  const survey = p.links.find((l) => !l.inNav && !l.inFooter && isLinkLabel(l, surveyTopic, 3));
  const mention = matchNorm(own, surveyTopic);
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

export function feedback(site: SiteView, d: Declaration): DetectorResult {
  const serviceFacts: Record<string, Facts> = {};
  for (const s of site.services) {
    const own = site.byUrl(s.url);
    serviceFacts[s.id] = { 'feedback.kind': own ? feedbackOn(own, d).kind : null };
  }
  let best: { kind: FeedbackKind; evidence: Evidence | null } = { kind: 'none', evidence: null };
  for (const p of site.pages) {
    const f = feedbackOn(p, d);
    if (RANK.indexOf(f.kind) > RANK.indexOf(best.kind)) best = f;
  }
  return {
    verdict: best.kind,
    facts: {},
    evidence: best.evidence ? [best.evidence] : [],
    confidence: 0.7,
    serviceFacts,
  };
}
