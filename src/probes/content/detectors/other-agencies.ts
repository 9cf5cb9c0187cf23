// Links to other agencies (ARO 1397 gauge 5): links to other government hosts (agencies.yaml: the
// government domains, and national bodies outside them such as president.ir), and links to other .ir
// hosts whose label names an agency (phrases: agencyName, or agencyHead followed by a name).
// The agency's own sites are not other agencies (LABELS: "links to the agency's own subdomains and its
// own news or research sites"): its hosts, their subdomains (coc.isiri.gov.ir is the standards
// organisation's own system), the other hosts of the same body (agencies.yaml: sameBody), and a site
// whose label names the agency itself, as the page's title and its own links name it ("پورتال پژوهشگاه
// سازمان ملی استاندارد" on a page whose portal link reads "پورتال سازمان ملی استاندارد ایران").
import { siteHost } from '../../crawl/url.ts';
import { num, str, type Declaration } from '../declared.ts';
import type { DetectorResult, LinkView, SiteView } from '../site.ts';
import { linkEvidence } from '../site.ts';
import { hostOfSafe } from './common.ts';
import { isLabel, matchAt } from '../phrases.ts';
import { normalizeForMatch } from '../../../text/normalize.ts';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const AGENCIES = parse(readFileSync(new URL('../agencies.yaml', import.meta.url), 'utf8')) as {
  suffixes: string[];
  hosts: string[];
  sameBody?: string[][];
  wrapperParams?: string[];
  umbrellas?: string[];
};
const under = (h: string, d: string) => h === d || h.endsWith(`.${d}`);
const isGovernmentHost = (h: string) =>
  AGENCIES.suffixes.some((s) => h.endsWith(`.${s}`)) || AGENCIES.hosts.some((k) => under(h, k));

/** The agency's own domains: its hosts and the other hosts of the same body. */
function ownDomains(site: SiteView): string[] {
  const own = new Set(site.hosts.map((h) => siteHost(h.replace(/:\d+$/, ''))));
  for (const group of AGENCIES.sameBody ?? [])
    if ([...own].some((h) => group.some((g) => under(h, g)))) for (const g of group) own.add(g);
  return [...own];
}

/**
 * Where a link really goes: a link to the site's own page that forwards to an address given in its
 * query ("PageLoad.aspx?url=http://www.msrt.ir") goes to that address, as a visitor who clicks it ends
 * there (agencies.yaml: wrapperParams); any other link goes to its own URL.
 */
function targetHost(url: string, isOwn: (h: string) => boolean): string {
  const h = siteHost(hostOfSafe(url));
  if (!h || !isOwn(h)) return h;
  let query: URLSearchParams;
  try {
    query = new URL(url).searchParams;
  } catch {
    return h;
  }
  for (const p of AGENCIES.wrapperParams ?? []) {
    const v = query.get(p);
    if (v && /^https?:\/\//i.test(v)) return siteHost(hostOfSafe(v)) || h;
  }
  return h;
}

const words = (s: string) => s.split(' ').filter(Boolean);

/**
 * The agency a text names, from its name to the end ("سازمان ملی استاندارد ایران"), or null: a body
 * named in full, or a kind of body with a name after it; a label is a short one (at most `extra` words
 * besides the name).
 */
function agencyIn(text: string, d: Declaration, extra: number): string | null {
  const full = isLabel(text, str(d, 'nameTopic'), extra);
  if (full) return text.slice(text.indexOf(full));
  const head = matchAt(text, str(d, 'headTopic'));
  if (!head) return null;
  const rest = words(text.slice(head.index + head.phrase.length));
  if (!rest.length) return null; // "پورتال خبری سازمان": the organisation's own
  if (words(text).length - words(head.phrase).length > extra) return null;
  return text.slice(head.index);
}

function linkAgency(l: LinkView, d: Declaration, extra: number): string | null {
  return agencyIn(l.norm, d, extra) ?? (l.lead && l.lead !== l.norm ? agencyIn(l.lead, d, extra) : null);
}

/** Two names of one agency: one is the other with more words after it ("... استاندارد" / "... استاندارد ایران"). */
function sameAgency(a: string, b: string): boolean {
  const [x, y] = [words(a), words(b)].sort((p, q) => p.length - q.length);
  return x.length >= 2 && x.every((w, i) => w === y[i]);
}

export function otherAgencies(site: SiteView, d: Declaration): DetectorResult {
  const extra = num(d, 'maxExtraWords');
  const own = ownDomains(site);
  // A government portal whose subdomains are separate agencies (agencies.yaml: umbrellas) owns only its
  // own host: dmv.ca.gov is the Department of Motor Vehicles, not a page of the State's portal ca.gov.
  const umbrellas = new Set(AGENCIES.umbrellas ?? []);
  const isOwn = (h: string) => own.some((o) => (umbrellas.has(o) ? h === o : under(h, o)));
  // The agency's own names: in the home page's title and first heading, and on links to its own sites.
  const ownNames: string[] = [];
  const titles = [site.home.title, ...site.home.title.split(/[|:\-–—]/), site.home.$('h1').first().text()];
  for (const t of titles) {
    const name = agencyIn(normalizeForMatch(t), d, Infinity);
    if (name) ownNames.push(name);
  }
  for (const p of site.pages)
    for (const l of p.links) {
      const h = siteHost(hostOfSafe(l.url));
      const name = h && isOwn(h) ? linkAgency(l, d, extra) : null;
      if (name) ownNames.push(name);
    }
  const hosts = new Map<string, ReturnType<typeof linkEvidence>>();
  for (const p of site.pages)
    for (const l of p.links) {
      const h = targetHost(l.url, isOwn);
      if (!h || isOwn(h) || hosts.has(h)) continue;
      if (isGovernmentHost(h)) {
        hosts.set(h, linkEvidence(p, l, 'link to another agency'));
        continue;
      }
      if (!/\.ir$/.test(h)) continue;
      const name = linkAgency(l, d, extra);
      if (name && !ownNames.some((o) => sameAgency(o, name)))
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
