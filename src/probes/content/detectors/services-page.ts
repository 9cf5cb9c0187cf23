// Introduction of services (ARO 1400 item 3): a "معرفی خدمات" item in the main navigation next to home,
// and a services page carrying the Annex A fields for each service row. ARO 1397 item 3.1 checks a
// different layout, the services-page guide of seed 001 (annex الف): a list of service IDs and titles
// with expandable sub-services, and per service a page with the fields of its table 1.
import { normalizeForMatch } from '../../../text/normalize.ts';
import type { Evidence } from '../../types.ts';
import { matchNorm, nre } from '../phrases.ts';
import { textOf } from '../../crawl/extract.ts';
import type { Detector, DetectorResult, PageView } from '../site.ts';
import { findNavItem } from './service-desk.ts';

/** Annex A fields of the services page, each recognised by its column header / label or its content. */
export const ANNEX_A_FIELDS: { name: string; test: (norm: string, page: PageView) => boolean }[] = [
  // A row names the service (or sub-service) with its 10-digit ID.
  {
    name: 'service title and ID',
    test: (n) => /(?<!\d)\d{10}(?!\d)/.test(n) || /شناسه (زیر ?)?خدمت|service id/.test(n),
  },
  {
    name: 'how delivered',
    test: (n) => nre(/نحوه ارائه|شیوه ارائه|روش ارائه|غیر ?حضوری|delivery (channel|method)/).test(n),
  },
  { name: 'user guide', test: (n) => /راهنما|user guide/.test(n) },
  {
    name: 'identity card link',
    test: (n, p) => /شناسنامه خدمت/.test(n) || p.links.some((l) => l.url.includes('khadamat.mardom.ir')),
  },
  {
    name: 'service receipt link',
    test: (n) =>
      /دریافت خدمت|ورود به (خدمت|سامانه)|لینک خدمت|درگاه خدمت|get the service|apply online/.test(n),
  },
  { name: 'FAQ', test: (n) => /سوالات متداول|پرسش های متداول|پرسش و پاسخ|faq/.test(n) },
  { name: 'SLA', test: (n) => !!matchNorm(n, 'sla') },
  {
    name: 'phone and responsible unit',
    test: (n) =>
      nre(/واحد (پاسخگو|مسئول|ارائه ?دهنده)|responsible unit/).test(n) &&
      /تلفن|phone|(?<!\d)0\d{2,3}[ -]?\d{7,8}(?!\d)/.test(n),
  },
];

/** Seed 001 guide, figures 1-2: the services list. */
export const GUIDE_LIST_FIELDS: { name: string; test: (norm: string, page: PageView) => boolean }[] = [
  {
    name: 'service list with ID and title',
    // The guide's own examples use 9-digit IDs of the time; today's IDs have 10 digits.
    test: (n) => /(?<!\d)\d{9,10}(?!\d)/.test(n) && /شناسه (زیر ?)?خدمت|service id/.test(n),
  },
  {
    name: 'expandable sub-services',
    test: (_n, p) =>
      p.$(
        'details > summary, [aria-expanded], [data-toggle="collapse"], [data-bs-toggle="collapse"], li ul, li ol',
      ).length > 0 || nre(/زیر ?خدمت/).test(normalizeForMatch(p.text)),
  },
];

/** Seed 001 guide, table 1 and figure 3: the fields of each service's page. */
export const GUIDE_SERVICE_FIELDS: { name: string; re: RegExp }[] = [
  { name: 'type', re: nre(/نوع خدمت|g2c|g2b|g2g|خدمت به شهروند|خدمت به کسب/) },
  { name: 'description', re: nre(/شرح خدمت|توضیحات? خدمت/) },
  { name: 'documents', re: nre(/مدارک( مورد)? نیاز|مدارک لازم/) },
  { name: 'average time', re: nre(/مدت( زمان)? (ارائه|انجام)|زمان (ارائه|انجام) خدمت/) },
  { name: 'hours', re: nre(/ساعات? (ارائه|کاری|مراجعه|پاسخگویی)/) },
  { name: 'in-person visits', re: nre(/(تعداد )?(دفعات|بار|مرتبه) مراجعه|مراجعه حضوری/) },
  { name: 'fee', re: nre(/هزینه|تعرفه|ریال/) },
  { name: 'channels', re: nre(/نحوه دسترسی به خدمت|بستر ارائه|اینترنتی|دفاتر پیشخوان|تلفن گویا/) },
  { name: 'complaint route', re: nre(/شکایت/) },
  { name: 'flowchart', re: nre(/نمودار (مراحل|گردش)|فلوچارت|فلو چارت|مراحل دریافت خدمت/) },
  { name: 'identity-card link', re: nre(/شناسنامه خدمت|جزئیات خدمت/) },
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
  site: Parameters<Detector['run']>[0],
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
    const found = GUIDE_SERVICE_FIELDS.filter((f) => f.re.test(n)).map((f) => f.name);
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

export const servicesPage: Detector = {
  id: 'servicesPage',
  negative: ['none'],
  run(site): DetectorResult {
    const nav = findNavItem(site, 'servicesIntro', 'serviceDesk');
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
  },
};
