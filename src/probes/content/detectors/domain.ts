// Standard domain name (ARO 1397 gauge 4): the portal lives under .gov.ir or .ir.
import type { Declaration } from '../declared.ts';
import type { DetectorResult, SiteView } from '../site.ts';
import { hostOfSafe } from './common.ts';

export function domain(site: SiteView, _d: Declaration): DetectorResult {
  const host = hostOfSafe(site.home.url);
  const kind = /\.gov\.ir$/.test(host) ? 'gov-ir' : /\.ir$/.test(host) ? 'ir' : 'none';
  return {
    verdict: kind,
    facts: { 'domain.standard': kind !== 'none' },
    evidence: [{ kind: 'url', label: `portal host ${host}`, url: site.home.url }],
    confidence: 1,
  };
}
