// Generic check "presence": is the topic published? Found where a person would see it, as declared
// in `where`: a link label, a heading, a page title / h1, a page path or link target naming it (urls.yaml),
// a form with the declared fields (a poll: radio buttons). A link to a declared host (setad.ir)
// upgrades the verdict.
import type { Evidence } from '../../types.ts';
import { list, optStr, re, str, type Declaration } from '../declared.ts';
import { hostIn, urlPattern } from '../phrases.ts';
import type { DetectorResult, SiteView } from '../site.ts';
import { linkEvidence } from '../site.ts';
import {
  headingEvidence,
  hostOfSafe,
  labelledAnywhere,
  linkHitEvidence,
  linksToPath,
  pageEvidence,
  topicPages,
  uniqueBy,
} from './common.ts';

export interface PresenceOptions {
  topic: string;
  label: string;
  urlTopic?: string;
  where: string[];
}

export function findPresence(
  site: SiteView,
  spec: PresenceOptions,
): { found: boolean; evidence: Evidence[]; confidence: number } {
  const where = new Set(spec.where);
  const url = spec.urlTopic && where.has('url') ? urlPattern(spec.urlTopic) : undefined;
  const { links: allLinks, headings: allHeadings } = labelledAnywhere(site, spec.topic);
  const links = where.has('link') ? allLinks : [];
  const headings = where.has('heading') ? allHeadings : [];
  const pages = where.has('title') || url ? topicPages(site, spec.topic, url) : [];
  const byUrl = url && !links.length ? linksToPath(site, url) : [];
  const evidence: Evidence[] = [
    ...uniqueBy(links, (h) => h.link.url)
      .slice(0, 3)
      .map((h) => linkHitEvidence(h, `${spec.label}: link`)),
    ...headings.slice(0, 2).map((h) => headingEvidence(h, `${spec.label}: heading`)),
    ...pages.slice(0, 2).map((p) => pageEvidence(p.page, `${spec.label}: page (${p.how})`)),
    ...uniqueBy(byUrl, (h) => h.link.url)
      .slice(0, 2)
      .map((h) => linkHitEvidence(h, `${spec.label}: link to ${h.phrase}`)),
  ];
  const found = links.length > 0 || headings.length > 0 || pages.length > 0 || byUrl.length > 0;
  const confidence = !found ? 0.7 : pages.length ? 0.95 : links.length ? 0.85 : 0.75;
  return { found, evidence, confidence };
}

/** Forms holding at least `min` fields matching `field`, whose class, id, action or text fit `hint`. */
function formsWithField(site: SiteView, d: Declaration): Evidence[] {
  const spec = d.form as { field?: string; min?: number; hint?: string } | undefined;
  if (!spec?.field) return [];
  const hint = spec.hint ? re({ ...d, formHint: spec.hint } as Declaration, 'formHint') : null;
  const out: Evidence[] = [];
  for (const page of site.pages)
    page.$('form').each((_, el) => {
      const f = page.$(el);
      if (f.find(spec.field!).length < (spec.min ?? 1)) return;
      if (
        hint &&
        !hint.test(`${f.attr('class') ?? ''} ${f.attr('id') ?? ''} ${f.attr('action') ?? ''} ${f.text()}`)
      )
        return;
      out.push({
        kind: 'selector',
        label: `${str(d, 'label')} form`,
        url: page.url,
        selector: `form${f.attr('id') ? `#${f.attr('id')}` : ''}`,
        text: f.text().replace(/\s+/g, ' ').trim().slice(0, 150),
      });
    });
  return out;
}

export function presence(site: SiteView, d: Declaration): DetectorResult {
  const where = list(d, 'where');
  const r = findPresence(site, {
    topic: str(d, 'topic'),
    label: str(d, 'label'),
    urlTopic: optStr(d, 'urlTopic'),
    where,
  });
  const forms = where.includes('form') ? formsWithField(site, d) : [];
  const hostsKey = optStr(d, 'hosts');
  const toHosts = hostsKey
    ? site.pages.flatMap((p) =>
        p.links
          .filter((l) => hostIn(hostsKey, hostOfSafe(l.url)))
          .map((l) => linkEvidence(p, l, `link to ${hostIn(hostsKey, hostOfSafe(l.url))}`)),
      )
    : [];
  const found = r.found || forms.length > 0 || toHosts.length > 0;
  const fact = str(d, 'fact');
  const hostsFact = optStr(d, 'hostsFact');
  return {
    verdict: toHosts.length
      ? str(d, 'hostsVerdict')
      : found
        ? d.verdicts[d.verdicts.length - 1]
        : d.negative[0],
    facts: { [fact]: found, ...(hostsFact ? { [hostsFact]: toHosts.length > 0 } : {}) },
    evidence: [...r.evidence, ...forms, ...toHosts.slice(0, 2)],
    confidence: forms.length ? Math.max(r.confidence, 0.85) : found && toHosts.length ? 0.9 : r.confidence,
  };
}
