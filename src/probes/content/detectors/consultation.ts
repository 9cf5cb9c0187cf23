// E-consultation (ITO 29): a consultation page with its procedure, and published results with figures.
import type { Detector, DetectorResult } from '../site.ts';
import { headingsLabelled, linksLabelled, pageEvidence, topicPages } from './common.ts';

/** Published figures: counts of people, opinions or votes, or percentages. */
export const FIGURES =
  /\d+ ?(%|٪|درصد|نفر|نظر|رای|پاسخ|شهروند|شرکت ?کننده|votes?|participants?|responses?|comments?)/;

export const consultation: Detector = {
  id: 'consultation',
  negative: ['none'],
  run(site): DetectorResult {
    const pages = topicPages(
      site,
      'consultation',
      /\/(consultation|e-?participation|mosharekat)\b|نظرخواهی|مشارکت/i,
    );
    const withResults = pages.find(
      ({ page }) =>
        (headingsLabelled(page, 'results', 4).length > 0 ||
          linksLabelled(site, 'results', { pages: [page], maxExtraWords: 4 }).length > 0) &&
        FIGURES.test(page.norm),
    );
    const kind = withResults ? 'published' : pages.length ? 'procedure' : 'none';
    return {
      verdict: kind,
      facts: { 'consultation.kind': kind },
      evidence: withResults
        ? [pageEvidence(withResults.page, 'consultation with published results')]
        : pages.slice(0, 2).map((p) => pageEvidence(p.page, `consultation page (${p.how})`)),
      confidence: kind === 'none' ? 0.75 : 0.8,
    };
  },
};
