// Domestic social networks (ARO 1397 gauge 5): links to Eitaa, Bale, Soroush, Rubika, iGap, Aparat.
import type { Evidence } from '../../types.ts';
import type { Detector, DetectorResult } from '../site.ts';
import { linkEvidence } from '../site.ts';
import { hostOfSafe } from './common.ts';

const NETWORKS: [RegExp, string][] = [
  [/(^|\.)eitaa\.(com|ir)$/, 'Eitaa'],
  [/(^|\.)ble\.ir$|(^|\.)bale\.ai$/, 'Bale'],
  [/(^|\.)(sapp|splus)\.ir$/, 'Soroush'],
  [/(^|\.)rubika\.ir$/, 'Rubika'],
  [/(^|\.)igap\.net$/, 'iGap'],
  [/(^|\.)aparat\.com$/, 'Aparat'],
  [/(^|\.)virasty\.com$/, 'Virasty'],
];

export const socialNetworks: Detector = {
  id: 'socialNetworks',
  negative: ['none'],
  run(site): DetectorResult {
    const found = new Map<string, Evidence>();
    for (const p of site.pages)
      for (const l of p.links) {
        const h = hostOfSafe(l.url);
        const net = NETWORKS.find(([re]) => re.test(h));
        if (net && !found.has(net[1])) found.set(net[1], linkEvidence(p, l, `${net[1]} link`));
      }
    const ok = found.size > 0;
    return {
      verdict: ok ? 'found' : 'none',
      facts: { 'socialNetworks.domestic': ok },
      evidence: [...found.values()],
      confidence: ok ? 0.95 : 0.85,
      details: { networks: [...found.keys()] },
    };
  },
};
