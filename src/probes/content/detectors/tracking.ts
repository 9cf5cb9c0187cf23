// Notification and tracking (ITO 17): a link to the national inbox (my.gov.ir, پنجره ملی, کارپوشه)
// beats a local tracking-code lookup; per service, with the portal-wide picture as the verdict.
import type { Evidence, Facts } from '../../types.ts';
import { isLabel } from '../phrases.ts';
import type { Detector, DetectorResult, PageView, SiteView } from '../site.ts';
import { linkEvidence, selectorOf } from '../site.ts';
import { hostOfSafe } from './common.ts';

type TrackingKind = 'national' | 'local' | 'none';

export function trackingOn(p: PageView): { kind: TrackingKind; evidence: Evidence | null } {
  const nat = p.links.find((l) => /(^|\.)my\.gov\.ir$/.test(hostOfSafe(l.url)) || isLabel(l.norm, 'nationalInbox', 4));
  if (nat) return { kind: 'national', evidence: linkEvidence(p, nat, 'national inbox link') };
  const input = p.$('input').toArray().find((el) => /track|peygiri|rahgiri|رهگیری|پیگیری/i.test(`${p.$(el).attr('name') ?? ''} ${p.$(el).attr('id') ?? ''} ${p.$(el).attr('placeholder') ?? ''}`));
  if (input) return { kind: 'local', evidence: { kind: 'selector', label: 'tracking-code lookup form', url: p.url, selector: selectorOf(p.$, input) } };
  const link = p.links.find((l) => isLabel(l.norm, 'tracking', 3));
  if (link) return { kind: 'local', evidence: linkEvidence(p, link, 'tracking link') };
  return { kind: 'none', evidence: null };
}

const RANK: TrackingKind[] = ['none', 'local', 'national'];

function bestOf(site: SiteView, pages: PageView[]): { kind: TrackingKind; evidence: Evidence | null } {
  let best: { kind: TrackingKind; evidence: Evidence | null } = { kind: 'none', evidence: null };
  for (const p of pages) {
    const t = trackingOn(p);
    if (RANK.indexOf(t.kind) > RANK.indexOf(best.kind)) best = t;
  }
  return best;
}

export const tracking: Detector = {
  id: 'tracking',
  negative: ['none'],
  run(site): DetectorResult {
    const serviceFacts: Record<string, Facts> = {};
    const evidence: Evidence[] = [];
    for (const s of site.services) {
      const own = site.byUrl(s.url);
      if (!own) {
        serviceFacts[s.id] = { 'tracking.kind': null };
        continue;
      }
      const t = bestOf(site, [own, ...own.links.map((l) => site.byUrl(l.url)).filter((p): p is PageView => !!p && p.depth <= own.depth + 1).slice(0, 30)]);
      serviceFacts[s.id] = { 'tracking.kind': t.kind };
    }
    const portal = bestOf(site, site.pages);
    if (portal.evidence) evidence.push(portal.evidence);
    return { verdict: portal.kind, facts: {}, evidence, confidence: 0.8, serviceFacts };
  },
};
