// Standard domain name (ARO 1397 gauge 4): the portal lives under .gov.ir or .ir.
import type { Detector, DetectorResult } from '../site.ts';
import { hostOfSafe } from './common.ts';

export const domain: Detector = {
  id: 'domain',
  negative: ['none'],
  run(site): DetectorResult {
    const host = hostOfSafe(site.home.url);
    const kind = /\.gov\.ir$/.test(host) ? 'gov-ir' : /\.ir$/.test(host) ? 'ir' : 'none';
    return {
      verdict: kind,
      facts: { 'domain.standard': kind !== 'none' },
      evidence: [{ kind: 'url', label: `portal host ${host}`, url: site.home.url }],
      confidence: 1,
    };
  },
};
