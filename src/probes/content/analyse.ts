// Run every detector over a site view and gather verdicts, portal facts and per-service facts.
import type { Evidence, Facts } from '../types.ts';
import { DETECTORS } from './detectors/index.ts';
import type { DetectorResult, SiteView } from './site.ts';

export interface ContentAnalysis {
  detectors: Record<string, Omit<DetectorResult, 'serviceFacts'>>;
  facts: Facts;
  serviceFacts: Record<string, Facts>;
  evidence: Evidence[];
}

export function analyseSite(site: SiteView, only?: string[]): ContentAnalysis {
  const out: ContentAnalysis = { detectors: {}, facts: {}, serviceFacts: {}, evidence: [] };
  for (const d of DETECTORS) {
    if (only && !only.includes(d.id)) continue;
    let r: DetectorResult;
    try {
      r = d.run(site);
    } catch (e) {
      // One faulty detector must not sink the others: record it and go on.
      r = {
        verdict: 'error',
        facts: {},
        evidence: [{ kind: 'note', label: `detector ${d.id} failed`, text: (e as Error).message }],
        confidence: 0,
      };
    }
    const { serviceFacts, ...rest } = r;
    out.detectors[d.id] = rest;
    Object.assign(out.facts, r.facts);
    for (const [sid, f] of Object.entries(serviceFacts ?? {}))
      out.serviceFacts[sid] = { ...out.serviceFacts[sid], ...f };
    out.evidence.push(...r.evidence.slice(0, 3).map((e) => ({ ...e, label: `${d.id}: ${e.label ?? ''}` })));
  }
  return out;
}
