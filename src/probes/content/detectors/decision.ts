// E-decision-making (ITO 30): at least one case run, with its result published on the portal.
import type { Detector, DetectorResult } from '../site.ts';
import { matchNorm } from '../phrases.ts';
import { mainNorm } from '../site.ts';
import { headingsLabelled, pageEvidence, topicPages } from './common.ts';
import { FIGURES } from './consultation.ts';

export const decision: Detector = {
  id: 'decision',
  negative: ['none'],
  run(site): DetectorResult {
    const pages = topicPages(site, 'decision', /\/(e-?decision|decision)\b|تصمیم/i);
    // A result is published: a results heading, or a "نتیجه" statement with figures in the page's own content.
    const published = pages.find(
      ({ page }) =>
        (headingsLabelled(page, 'results', 4).length > 0 || !!matchNorm(mainNorm(page), 'results')) &&
        FIGURES.test(mainNorm(page)),
    );
    const verdict = published ? 'published' : pages.length ? 'found' : 'none';
    return {
      verdict,
      facts: { 'decision.published': !!published },
      evidence: (published ? [published] : pages.slice(0, 1)).map((p) =>
        pageEvidence(
          p.page,
          published ? 'e-decision case with published result' : `e-decision page without result (${p.how})`,
        ),
      ),
      confidence: verdict === 'none' ? 0.75 : 0.8,
    };
  },
};
