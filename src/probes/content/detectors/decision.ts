// E-decision-making (ITO 30): at least one case run, with its result published on the portal.
import type { Detector, DetectorResult } from '../site.ts';
import { headingsLabelled, pageEvidence, topicPages } from './common.ts';

export const decision: Detector = {
  id: 'decision',
  negative: ['none'],
  run(site): DetectorResult {
    const pages = topicPages(site, 'decision', /\/(e-?decision|decision)\b|تصمیم/i);
    const published = pages.find(({ page }) => headingsLabelled(page, 'results', 4).length > 0 && /\d/.test(page.norm));
    const verdict = published ? 'published' : pages.length ? 'found' : 'none';
    return {
      verdict,
      facts: { 'decision.published': !!published },
      evidence: (published ? [published] : pages.slice(0, 1)).map((p) => pageEvidence(p.page, published ? 'e-decision case with published result' : `e-decision page without result (${p.how})`)),
      confidence: verdict === 'none' ? 0.75 : 0.8,
    };
  },
};
