// E-government strategy and policies (ITO 20): a page or document named as the strategy.
import type { Detector, DetectorResult } from '../site.ts';
import { linkHitEvidence, linksLabelled, pageEvidence, topicPages } from './common.ts';

export const strategy: Detector = {
  id: 'strategy',
  negative: ['none'],
  run(site): DetectorResult {
    const pages = topicPages(site, 'strategy');
    const links = linksLabelled(site, 'strategy', { maxExtraWords: 6 });
    const docs = links.filter((h) => /\.(pdf|docx?)$/i.test(new URL(h.link.url, h.page.url).pathname));
    const fullPage = pages.find(({ page }) => page.text.length >= 600);
    const kind = fullPage || docs.length ? 'published' : pages.length || links.length ? 'partial' : 'none';
    return {
      verdict: kind,
      facts: { 'strategy.kind': kind },
      evidence: [
        ...(fullPage
          ? [pageEvidence(fullPage.page, 'strategy page')]
          : pages.slice(0, 1).map((p) => pageEvidence(p.page, 'strategy page (short)'))),
        ...docs.slice(0, 2).map((h) => linkHitEvidence(h, 'strategy document')),
        ...links.slice(0, 1).map((h) => linkHitEvidence(h, 'strategy link')),
      ],
      confidence: kind === 'none' ? 0.75 : 0.8,
    };
  },
};
