// Introduction of services (ARO 1400 item 3): a "معرفی خدمات" item in the main navigation next to home,
// and a services page carrying the Annex A fields for each service row. ARO 1397 item 3.1 checks a
// different layout, the services-page guide of seed 001 (annex الف): a list of service IDs and titles
// with expandable sub-services, and per service a page with the fields of its table 1.
import { normalizeForMatch } from '../../../text/normalize.ts';
import type { Evidence } from '../../types.ts';
import { optStr, str, type Declaration } from '../declared.ts';
import { hostIn, matchAnywhere, matchNorm, urlPattern } from '../phrases.ts';
import { hostOfSafe } from './common.ts';
import { textOf } from '../../crawl/extract.ts';
import type { DetectorResult, PageView, SiteView } from '../site.ts';
import { findNavItem } from './service-desk.ts';

/** A field of a page, recognised by its label or content (words: phrase lists, found anywhere). */
interface Field {
  name: string;
  test: (norm: string, page: PageView) => boolean;
}

const has = (n: string, topic: string) => !!matchAnywhere(n, topic);
/** A landline written in full, as a services table gives a unit's number. */
const LANDLINE = /(?<!\d)0\d{2,3}[ -]?\d{7,8}(?!\d)/;

/** Annex A fields of the services page, each recognised by its column header / label or its content. */
export const ANNEX_A_FIELDS: Field[] = [
  // A row names the service (or sub-service) with its 10-digit ID.
  { name: 'service title and ID', test: (n) => /(?<!\d)\d{10}(?!\d)/.test(n) || has(n, 'annexServiceId') },
  { name: 'how delivered', test: (n) => has(n, 'annexDelivery') },
  { name: 'user guide', test: (n) => has(n, 'annexGuide') },
  {
    name: 'identity card link',
    test: (n, p) =>
      has(n, 'annexIdentityCard') || p.links.some((l) => !!hostIn('identityCards', hostOfSafe(l.url))),
  },
  { name: 'service receipt link', test: (n) => has(n, 'annexReceipt') },
  { name: 'FAQ', test: (n) => has(n, 'annexFaq') },
  { name: 'SLA', test: (n) => !!matchNorm(n, 'sla') },
  {
    name: 'phone and responsible unit',
    test: (n) => has(n, 'annexUnit') && (has(n, 'annexPhone') || LANDLINE.test(n)),
  },
];

/** Seed 001 guide, figures 1-2: the services list. */
export const GUIDE_LIST_FIELDS: Field[] = [
  {
    name: 'service list with ID and title',
    // The guide's own examples use 9-digit IDs of the time; today's IDs have 10 digits.
    test: (n) => /(?<!\d)\d{9,10}(?!\d)/.test(n) && has(n, 'annexServiceId'),
  },
  {
    name: 'expandable sub-services',
    test: (_n, p) =>
      p.$(
        'details > summary, [aria-expanded], [data-toggle="collapse"], [data-bs-toggle="collapse"], li ul, li ol',
      ).length > 0 || has(normalizeForMatch(p.text), 'subServices'),
  },
];

/** Seed 001 guide, table 1 and figure 3: the fields of each service's page (name → phrase list). */
export const GUIDE_SERVICE_FIELDS: { name: string; topic: string }[] = [
  { name: 'type', topic: 'serviceType' },
  { name: 'description', topic: 'serviceDescription' },
  { name: 'documents', topic: 'serviceDocuments' },
  { name: 'average time', topic: 'serviceTime' },
  { name: 'hours', topic: 'serviceHours' },
  { name: 'in-person visits', topic: 'serviceVisits' },
  { name: 'fee', topic: 'serviceFee' },
  { name: 'channels', topic: 'serviceChannels' },
  { name: 'complaint route', topic: 'serviceComplaint' },
  { name: 'flowchart', topic: 'serviceFlowchart' },
  { name: 'identity-card link', topic: 'serviceCard' },
];

/** The page's main content without menus, with image descriptions (a flowchart is often an image). */
function contentNorm(p: PageView): string {
  const scope = p.$('main, #content, .content, article').first();
  const alts = (scope.length ? scope : p.$('body'))
    .find('img[alt]')
    .toArray()
    .map((el) => p.$(el).attr('alt') ?? '')
    .join(' ');
  return `${scope.length ? normalizeForMatch(textOf(scope.toArray())) : p.norm} ${normalizeForMatch(alts)}`;
}

/** Share of the seed 001 guide's fields present: the list's two, and the mean over service pages of the eleven. */
function guideCoverage(
  site: SiteView,
  page: PageView,
): { coverage: number; list: string[]; perService: Record<string, string[]>; evidence: Evidence } {
  const norm = normalizeForMatch(page.text);
  const list = GUIDE_LIST_FIELDS.filter((f) => f.test(norm, page)).map((f) => f.name);
  const pages = site.services.map((s) => ({ id: s.id, page: site.byUrl(s.url) })).filter((x) => x.page);
  // Sites that describe every service on the services page itself are judged on that page.
  const judged = pages.length ? pages : [{ id: '', page }];
  const perService: Record<string, string[]> = {};
  let sum = 0;
  for (const { id, page: p } of judged) {
    const n = contentNorm(p!);
    const found = GUIDE_SERVICE_FIELDS.filter((f) => has(n, f.topic)).map((f) => f.name);
    perService[id || p!.url] = found;
    sum += found.length / GUIDE_SERVICE_FIELDS.length;
  }
  const total = GUIDE_LIST_FIELDS.length + GUIDE_SERVICE_FIELDS.length;
  const coverage =
    Math.round(((list.length + (sum / judged.length) * GUIDE_SERVICE_FIELDS.length) / total) * 1000) / 1000;
  return {
    coverage,
    list,
    perService,
    evidence: {
      kind: 'count',
      label: `services-page guide (ARO 1397): list ${list.join(', ') || 'no list fields'}; service fields on ${judged.length} page(s), ${Math.round(coverage * 100)} % of all`,
      url: page.url,
      count: Math.round(coverage * total),
    },
  };
}

export function servicesPage(site: SiteView, d: Declaration): DetectorResult {
  const imageTopic = optStr(d, 'headingImageUrlTopic');
  const nav = findNavItem(
    site,
    str(d, 'topic'),
    str(d, 'exclude'),
    optStr(d, 'menuTopic'),
    imageTopic ? urlPattern(imageTopic) : undefined,
  );
  const evidence: Evidence[] = [...nav.evidence];
  let coverage = 0;
  let guide: ReturnType<typeof guideCoverage> | null = null;
  let present: string[] = [];
  const page = nav.url ? site.byUrl(nav.url) : undefined;
  if (page) {
    // Judge the main content: the services table when there is one, else the page without menus.
    const table = page
      .$('table')
      .toArray()
      .sort((a, b) => page.$(b).find('tr').length - page.$(a).find('tr').length)[0];
    const scope = table ? page.$(table) : page.$('main, #content, .content, article, body').first();
    const norm = normalizeForMatch(textOf(scope.toArray()));
    present = ANNEX_A_FIELDS.filter((f) => f.test(norm, page)).map((f) => f.name);
    coverage = Math.round((present.length / ANNEX_A_FIELDS.length) * 1000) / 1000;
    evidence.push({
      kind: 'count',
      label: `Annex A fields on the services page: ${present.join(', ') || 'none'}`,
      url: page.url,
      count: present.length,
    });
    guide = guideCoverage(site, page);
    evidence.push(guide.evidence);
  } else if (nav.url) evidence.push({ kind: 'note', label: 'services page was not crawled', url: nav.url });
  return {
    verdict: !nav.found ? 'none' : nav.inMainNav ? 'main-nav' : 'elsewhere',
    facts: {
      'servicesPage.found': nav.found,
      'servicesPage.inMainNav': nav.inMainNav,
      'servicesPage.nextToHome': nav.nextToHome,
      'servicesPage.fieldCoverage': coverage,
      'servicesPage.guideCoverage': guide?.coverage ?? 0,
    },
    evidence,
    confidence: nav.found ? (nav.inMainNav ? 0.9 : 0.75) : 0.75,
    details: {
      url: nav.url,
      nextToHome: nav.nextToHome,
      fieldsPresent: present,
      fieldsMissing: ANNEX_A_FIELDS.map((f) => f.name).filter((n) => !present.includes(n)),
      guide: guide && { list: guide.list, perService: guide.perService },
    },
  };
}
