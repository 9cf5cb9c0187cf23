// Tenders and auctions news with a link to the national e-procurement system setad.ir (ARO items).
import type { Detector, DetectorResult } from '../site.ts';
import { linkEvidence } from '../site.ts';
import { hostOfSafe } from './common.ts';
import { findPresence } from './presence.ts';

export const tenders: Detector = {
  id: 'tenders',
  negative: ['none'],
  run(site): DetectorResult {
    const r = findPresence(site, {
      id: 'tenders',
      topic: 'tenders',
      fact: 'tenders.found',
      label: 'tenders',
      urlPattern: /(^|\/)(tenders?|auctions?|monaghese|mozayede)\b|مناقصه|مزایده/i,
    });
    const setad = site.pages.flatMap((p) =>
      p.links
        .filter((l) => /(^|\.)(setad|setadiran)\.ir$/.test(hostOfSafe(l.url)))
        .map((l) => linkEvidence(p, l, 'link to setad.ir')),
    );
    const found = r.found || setad.length > 0;
    return {
      verdict: setad.length ? 'with-setad' : found ? 'found' : 'none',
      facts: { 'tenders.found': found, 'tenders.setadLink': setad.length > 0 },
      evidence: [...r.evidence, ...setad.slice(0, 2)],
      confidence: found ? 0.9 : 0.75,
    };
  },
};
