// E-government strategy and policies (ITO 20): a page or document named as the strategy.
import { num, re, str, type Declaration } from '../declared.ts';
import type { DetectorResult, SiteView } from '../site.ts';
import { linkHitEvidence, linksLabelled, pageEvidence, topicPages } from './common.ts';

export function strategy(site: SiteView, d: Declaration): DetectorResult {
  const topic = str(d, 'topic');
  const pages = topicPages(site, topic);
  const links = linksLabelled(site, topic, { maxExtraWords: 6 });
  const doc = re(d, 'documentFile');
  const docs = links.filter((h) => doc.test(new URL(h.link.url, h.page.url).pathname));
  const fullPage = pages.find(({ page }) => page.text.length >= num(d, 'minPageText'));
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
}
