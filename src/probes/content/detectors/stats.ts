// Published service statistics (ITO 19): a statistics page whose figures cover requests, production
// (in progress) and delivery.
import { num, str, type Declaration } from '../declared.ts';
import type { DetectorResult, SiteView } from '../site.ts';
import { matchNorm, urlPattern } from '../phrases.ts';
import { pageEvidence, topicPages } from './common.ts';

export function stats(site: SiteView, d: Declaration): DetectorResult {
  const pages = topicPages(site, str(d, 'topic'), urlPattern(str(d, 'urlTopic'))).filter(({ page }) =>
    /\d/.test(page.norm),
  );
  let kind = 'none';
  let where = pages[0]?.page;
  const rank = ['none', 'request', 'request-production', 'request-production-delivery'];
  for (const { page } of pages) {
    const scope = page.$('table, main, article, body').first();
    const norm = page.norm;
    const figures = (scope.text().match(/[\d۰-۹]/g) ?? []).length >= num(d, 'minFigures');
    if (!figures) continue;
    const req = !!matchNorm(norm, 'statsRequest');
    const prod = !!matchNorm(norm, 'statsProduction');
    const del = !!matchNorm(norm, 'statsDelivery');
    const k =
      req && prod && del
        ? 'request-production-delivery'
        : req && prod
          ? 'request-production'
          : req
            ? 'request'
            : 'none';
    if (rank.indexOf(k) > rank.indexOf(kind)) {
      kind = k;
      where = page;
    }
  }
  return {
    verdict: kind,
    facts: { 'stats.kind': kind },
    evidence: where ? [pageEvidence(where, `service statistics page (${kind})`)] : [],
    confidence: kind === 'none' ? 0.75 : 0.8,
  };
}
