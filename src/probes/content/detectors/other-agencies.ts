// Links to other agencies (ARO 1397 gauge 5): links to other government hosts (agencies.yaml: the
// government domains, and national bodies outside them such as president.ir), and links to other .ir
// hosts whose label names an agency (phrases: agencyName).
import { siteHost } from '../../crawl/url.ts';
import { num, str, type Declaration } from '../declared.ts';
import type { DetectorResult, SiteView } from '../site.ts';
import { linkEvidence } from '../site.ts';
import { hostOfSafe } from './common.ts';
import { isLinkLabel } from '../phrases.ts';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const AGENCIES = parse(readFileSync(new URL('../agencies.yaml', import.meta.url), 'utf8')) as {
  suffixes: string[];
  hosts: string[];
};
const isGovernmentHost = (h: string) =>
  AGENCIES.suffixes.some((s) => h.endsWith(`.${s}`)) ||
  AGENCIES.hosts.some((k) => h === k || h.endsWith(`.${k}`));

export function otherAgencies(site: SiteView, d: Declaration): DetectorResult {
  const names = str(d, 'nameTopic');
  const extra = num(d, 'maxExtraWords');
  const own = new Set(site.hosts.map((h) => siteHost(h.replace(/:\d+$/, ''))));
  const hosts = new Map<string, ReturnType<typeof linkEvidence>>();
  for (const p of site.pages)
    for (const l of p.links) {
      const h = siteHost(hostOfSafe(l.url));
      if (own.has(h) || hosts.has(h) || !h) continue;
      if (isGovernmentHost(h)) hosts.set(h, linkEvidence(p, l, 'link to another agency'));
      else if (/\.ir$/.test(h) && isLinkLabel(l, names, extra))
        hosts.set(h, linkEvidence(p, l, 'link to another agency (named in the label)'));
    }
  const found = hosts.size > 0;
  return {
    verdict: found ? 'found' : 'none',
    facts: { 'otherAgencyLinks.found': found },
    evidence: [...hosts.values()].slice(0, 5),
    confidence: found ? 0.9 : 0.8,
    details: { hosts: [...hosts.keys()] },
  };
}
