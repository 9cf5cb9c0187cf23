// Links to service identity cards on the national services site (khadamat.mardom.ir).
import type { Detector, DetectorResult } from '../site.ts';
import { linkEvidence } from '../site.ts';
import { hostOfSafe } from './common.ts';

export const identityCards: Detector = {
  id: 'identityCards',
  negative: ['none'],
  run(site): DetectorResult {
    const hits = site.pages.flatMap((p) =>
      p.links.filter((l) => /(^|\.)khadamat\.mardom\.ir$/.test(hostOfSafe(l.url))).map((l) => ({ p, l })),
    );
    const found = hits.length > 0;
    return {
      verdict: found ? 'found' : 'none',
      facts: { 'identityCards.found': found },
      evidence: hits.slice(0, 5).map(({ p, l }) => linkEvidence(p, l, 'service identity card link')),
      confidence: found ? 0.95 : 0.8,
      details: { links: hits.length },
    };
  },
};
