// Introduction of services (ARO 1400 item 3): a "معرفی خدمات" item in the main navigation next to home,
// and a services page carrying the Annex A fields for each service row.
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

export const servicesPage: Detector = {
  id: 'servicesPage',
  negative: ['none'],
  run(site): DetectorResult {
    const nav = findNavItem(site, 'servicesIntro', 'serviceDesk');
    const evidence: Evidence[] = [...nav.evidence];
    let coverage = 0;
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
    } else if (nav.url) evidence.push({ kind: 'note', label: 'services page was not crawled', url: nav.url });
    return {
      verdict: !nav.found ? 'none' : nav.inMainNav ? 'main-nav' : 'elsewhere',
      facts: {
        'servicesPage.found': nav.found,
        'servicesPage.inMainNav': nav.inMainNav,
        'servicesPage.nextToHome': nav.nextToHome,
        'servicesPage.fieldCoverage': coverage,
      },
      evidence,
      confidence: nav.found ? (nav.inMainNav ? 0.9 : 0.75) : 0.75,
      details: {
        url: nav.url,
        nextToHome: nav.nextToHome,
        fieldsPresent: present,
        fieldsMissing: ANNEX_A_FIELDS.map((f) => f.name).filter((n) => !present.includes(n)),
      },
    };
  },
};
