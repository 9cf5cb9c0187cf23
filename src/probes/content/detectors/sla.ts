// SLA statement (ARO 1397 gauge 7, Annex A): توافق‌نامه سطح خدمت on the services page or service pages.
// Seed 001 asks for one «برای هر یک از خدمات دستگاه»: sla.serviceShare is the share of the listed
// services that have their own (on their page, or in their row of a services table).
import { num, str, type Declaration } from '../declared.ts';
import type { DetectorResult, SiteView } from '../site.ts';
import { matchText } from '../phrases.ts';
import { headingEvidence, headingsLabelled, linkHitEvidence, linksLabelled, pageEvidence } from './common.ts';

export function sla(site: SiteView, d: Declaration): DetectorResult {
  const topic = str(d, 'topic');
  const extra = num(d, 'maxExtraWords');
  const cellWord = str(d, 'cellWord');
  const links = linksLabelled(site, topic, { maxExtraWords: extra });
  const headings = site.pages.flatMap((p) => headingsLabelled(p, topic, extra));
  // The Persian phrase is specific enough to count in a table cell or a field label.
  const cells = site.pages.filter((p) =>
    p
      .$('th, td, dt, label, strong, b')
      .toArray()
      .some((el) => p.$(el).text().includes(cellWord) && !!matchText(p.$(el).text(), topic)),
  );
  const found = links.length + headings.length + cells.length > 0;
  const withSla = new Set([
    ...links.map((h) => h.page.url),
    ...headings.map((h) => h.page.url),
    ...cells.map((p) => p.url),
  ]);
  const inRow = (id: string) =>
    site.pages.some((p) =>
      p
        .$('tr, li')
        .toArray()
        .some((el) => {
          const t = p.$(el).text();
          return (
            t.includes(id) &&
            (!!matchText(t, topic) ||
              p
                .$(el)
                .find('a')
                .toArray()
                .some((a) => !!matchText(p.$(a).text(), topic)))
          );
        }),
    );
  const services = site.services
    .filter((s) => [...withSla].some((u) => site.byUrl(u) && site.byUrl(s.url)?.url === u) || inRow(s.id))
    .map((s) => s.id);
  const share = site.services.length ? services.length / site.services.length : null;
  return {
    verdict: found ? d.verdicts[0] : d.negative[0],
    facts: { 'sla.found': found, 'sla.serviceShare': share },
    evidence: [
      ...(share !== null
        ? [
            {
              kind: 'count' as const,
              label: `listed services with their own SLA: ${services.length} of ${site.services.length}`,
              count: services.length,
            },
          ]
        : []),
      ...links.slice(0, 3).map((h) => linkHitEvidence(h, 'SLA link')),
      ...headings.slice(0, 2).map((h) => headingEvidence(h, 'SLA heading')),
      ...cells.slice(0, 2).map((p) => pageEvidence(p, 'SLA field on page')),
    ],
    confidence: found ? 0.9 : 0.75,
    details: { servicesWithSla: services },
  };
}
