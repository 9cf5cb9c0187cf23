// Published service statistics (ITO 19): a statistics page whose figures cover requests, production
// (in progress) and delivery.
import type { Detector, DetectorResult } from '../site.ts';
import { matchNorm } from '../phrases.ts';
import { pageEvidence, topicPages } from './common.ts';

export const stats: Detector = {
  id: 'stats',
  negative: ['none'],
  run(site): DetectorResult {
    const pages = topicPages(site, 'stats', /\/(stats|statistics|amar)\b|آمار/i).filter(({ page }) =>
      /\d/.test(page.norm),
    );
    let kind = 'none';
    let where = pages[0]?.page;
    const rank = ['none', 'request', 'request-production', 'request-production-delivery'];
    for (const { page } of pages) {
      const scope = page.$('table, main, article, body').first();
      const norm = page.norm;
      const figures = (scope.text().match(/[\d۰-۹]/g) ?? []).length >= 3;
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
  },
};
