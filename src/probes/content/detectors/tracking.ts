// Notification and tracking (ITO 17): a link to the national inbox (my.gov.ir, پنجره ملی, کارپوشه)
// beats a local tracking-code lookup; per service, with the portal-wide picture as the verdict.
import type { Evidence, Facts } from '../../types.ts';
import { hostIn, isLinkLabel, matchNorm } from '../phrases.ts';
import { re, str, type Declaration } from '../declared.ts';
import type { DetectorResult, LinkView, PageView, SiteView } from '../site.ts';
import { linkEvidence, mainNorm, selectorOf } from '../site.ts';
import { hostOfSafe } from './common.ts';

type TrackingKind = 'national' | 'local' | 'none';

/**
 * A link a visitor follows to track: named for tracking (topic) or for a status lookup (statusTopic:
 * "refund status", "استعلام وضعیت"). A status phrase counts only as such a label, never as words in
 * running text or inside a longer title, where it only mentions a status; a tracking code named
 * anywhere in the page's own content shows the agency issues one.
 */
function isTrackingLink(l: LinkView, d: Declaration): boolean {
  return !!(isLinkLabel(l, str(d, 'topic'), 3) ?? isLinkLabel(l, str(d, 'statusTopic'), 3));
}

/**
 * Tracking on one page, judged on the page's own content: a site-wide footer link to the national window
 * says nothing about how this service is tracked.
 */
export function trackingOn(p: PageView, d: Declaration): { kind: TrackingKind; evidence: Evidence | null } {
  const topic = str(d, 'topic');
  const national = str(d, 'nationalTopic');
  const own = p.links.filter((l) => !l.inNav && !l.inFooter);
  const nat = own.find(
    (l) =>
      !!hostIn(str(d, 'nationalHosts'), hostOfSafe(l.url)) &&
      (isLinkLabel(l, national, 4) || isLinkLabel(l, topic, 4)),
  );
  if (nat) return { kind: 'national', evidence: linkEvidence(p, nat, 'national inbox link') };
  const text = mainNorm(p);
  const natText = matchNorm(text, national);
  if (natText)
    return {
      kind: 'national',
      evidence: { kind: 'text', label: 'results sent to the national inbox', url: p.url, text: natText },
    };
  const input = p
    .$('input')
    .toArray()
    .find((el) =>
      re(d, 'trackingInput').test(
        `${p.$(el).attr('name') ?? ''} ${p.$(el).attr('id') ?? ''} ${p.$(el).attr('placeholder') ?? ''}`,
      ),
    );
  if (input)
    return {
      kind: 'local',
      evidence: {
        kind: 'selector',
        label: 'tracking-code lookup form',
        url: p.url,
        selector: selectorOf(p.$, input),
      },
    };
  const link = own.find((l) => isTrackingLink(l, d));
  if (link) return { kind: 'local', evidence: linkEvidence(p, link, 'tracking link') };
  const local = matchNorm(text, topic);
  if (local)
    return {
      kind: 'local',
      evidence: { kind: 'text', label: 'tracking code described', url: p.url, text: local },
    };
  return { kind: 'none', evidence: null };
}

const RANK: TrackingKind[] = ['none', 'local', 'national'];

function bestOf(d: Declaration, pages: PageView[]): { kind: TrackingKind; evidence: Evidence | null } {
  let best: { kind: TrackingKind; evidence: Evidence | null } = { kind: 'none', evidence: null };
  for (const p of pages) {
    const t = trackingOn(p, d);
    if (RANK.indexOf(t.kind) > RANK.indexOf(best.kind)) best = t;
  }
  return best;
}

export function tracking(site: SiteView, d: Declaration): DetectorResult {
  const serviceFacts: Record<string, Facts> = {};
  const evidence: Evidence[] = [];
  for (const s of site.services) {
    const own = site.byUrl(s.url);
    if (!own) {
      serviceFacts[s.id] = { 'tracking.kind': null };
      continue;
    }
    const linkedTracking = own.links
      .filter((l) => !l.inNav && !l.inFooter && isTrackingLink(l, d))
      .map((l) => site.byUrl(l.url))
      .filter((p): p is PageView => !!p);
    const t = bestOf(d, [own, ...linkedTracking]);
    serviceFacts[s.id] = { 'tracking.kind': t.kind };
  }
  const portal = bestOf(d, site.pages);
  if (portal.evidence) evidence.push(portal.evidence);
  return { verdict: portal.kind, facts: {}, evidence, confidence: 0.8, serviceFacts };
}
