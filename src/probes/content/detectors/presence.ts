// Generic check "presence": is the topic published? Found where a person would see it, as declared
// in `where`: a link label, a heading, a page title / h1, a page path or link target naming it (urls.yaml),
// a form with the declared fields (a poll: radio buttons, in a form or posted by script). A link to a
// declared host (setad.ir) upgrades the verdict. With `openedBy` (the class words of widgets that show
// hidden parts in turn), what sits in a block the page hides and never opens (switchedOff) does not count.
import { textOf } from '../../crawl/extract.ts';
import type { Evidence } from '../../types.ts';
import { list, num, optStr, re, str, type Declaration } from '../declared.ts';
import { hostIn, isLinkLabel, urlPattern } from '../phrases.ts';
import type { Element } from 'domhandler';
import type { DetectorResult, PageView, SiteView } from '../site.ts';
import { linkEvidence, selectorOf } from '../site.ts';
import {
  headingEvidence,
  hostOfSafe,
  labelledAnywhere,
  linkHitEvidence,
  linksToPath,
  pageEvidence,
  switchedOff,
  topicPages,
  uniqueBy,
} from './common.ts';

export interface PresenceOptions {
  topic: string;
  label: string;
  urlTopic?: string;
  where: string[];
  /** Only what a visitor can see: nothing inside a block hidden for good (see switchedOff). */
  openedBy?: RegExp;
}

export function findPresence(
  site: SiteView,
  spec: PresenceOptions,
): { found: boolean; evidence: Evidence[]; confidence: number } {
  const where = new Set(spec.where);
  const url = spec.urlTopic && where.has('url') ? urlPattern(spec.urlTopic) : undefined;
  const shown = <T extends { page: PageView; el?: Element; link?: { el: Element } }>(hits: T[]) =>
    spec.openedBy ? hits.filter((h) => !switchedOff(h.page, (h.link?.el ?? h.el)!, spec.openedBy)) : hits;
  const { links: allLinks, headings: allHeadings } = labelledAnywhere(site, spec.topic);
  const links = where.has('link') ? shown(allLinks) : [];
  const headings = where.has('heading') ? shown(allHeadings) : [];
  const pages = where.has('title') || url ? topicPages(site, spec.topic, url) : [];
  const byUrl = url && !links.length ? shown(linksToPath(site, url)) : [];
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

/**
 * Forms holding at least `min` fields matching `field`, whose class, id, action or text fit `hint`; and
 * groups of such fields outside any form (a poll sent by script: radio buttons named "vote" in a
 * "votediv" box), whose name, id or the id/class of a box around them fit `hint`.
 */
function formsWithField(site: SiteView, d: Declaration, openedBy?: RegExp): Evidence[] {
  const spec = d.form as { field?: string; min?: number; hint?: string } | undefined;
  if (!spec?.field) return [];
  const hint = spec.hint ? re({ ...d, formHint: spec.hint } as Declaration, 'formHint') : null;
  const min = spec.min ?? 1;
  const out: Evidence[] = [];
  const evidence = (page: PageView, el: Element, text: string): Evidence => ({
    kind: 'selector',
    label: `${str(d, 'label')} form`,
    url: page.url,
    selector: selectorOf(page.$, el),
    text: text.replace(/\s+/g, ' ').trim().slice(0, 150),
  });
  for (const page of site.pages) {
    const $ = page.$;
    $('form').each((_, el) => {
      const f = $(el);
      if (f.find(spec.field!).length < min) return;
      if (
        hint &&
        !hint.test(`${f.attr('class') ?? ''} ${f.attr('id') ?? ''} ${f.attr('action') ?? ''} ${f.text()}`)
      )
        return;
      if (openedBy && switchedOff(page, el, openedBy)) return;
      out.push(evidence(page, el, textOf([el])));
    });
    const groups = new Map<string, Element[]>();
    for (const el of $(spec.field).toArray() as Element[]) {
      if ($(el).closest('form').length) continue;
      const name = el.attribs.name ?? '';
      groups.set(name, [...(groups.get(name) ?? []), el]);
    }
    for (const [name, fields] of groups) {
      if (fields.length < min) continue;
      const first = fields[0];
      const boxes = $(first).parents().toArray() as Element[];
      const names = [
        name,
        first.attribs.id ?? '',
        ...boxes.map((b) => `${b.attribs.id ?? ''} ${b.attribs.class ?? ''}`),
      ];
      if (hint && !hint.test(names.join(' '))) continue;
      if (openedBy && switchedOff(page, first, openedBy)) continue;
      // The box holding the whole group: the nearest one with an id reads best in the evidence.
      const holding = boxes.filter((b) => $(b).find(spec.field!).length >= fields.length);
      const box = holding.slice(0, 8).find((b) => b.attribs.id) ?? holding[0] ?? first;
      out.push(evidence(page, box, textOf([box])));
    }
  }
  return out;
}

/**
 * Links to a document (PDF, Word ...) whose label holds the topic with up to `documentMaxExtraWords`
 * more words: a document's label is its title, and report titles run long ("کتاب گزارش عملکرد صد روزه
 * دولت دوازدهم"), while a news headline of that length links a page, not a document.
 */
function documentsLabelled(site: SiteView, d: Declaration): Evidence[] {
  if (d.documentFile === undefined) return [];
  const file = re(d, 'documentFile');
  const extra = num(d, 'documentMaxExtraWords');
  const topic = str(d, 'topic');
  const out: Evidence[] = [];
  for (const page of site.pages)
    for (const l of page.links) {
      let path: string;
      try {
        path = new URL(l.url).pathname;
      } catch {
        continue;
      }
      if (file.test(path) && isLinkLabel(l, topic, extra))
        out.push(linkEvidence(page, l, `${str(d, 'label')}: document`));
    }
  return out;
}

export function presence(site: SiteView, d: Declaration): DetectorResult {
  const where = list(d, 'where');
  const openedBy = d.openedBy === undefined ? undefined : re(d, 'openedBy');
  const r = findPresence(site, {
    topic: str(d, 'topic'),
    label: str(d, 'label'),
    urlTopic: optStr(d, 'urlTopic'),
    where,
    openedBy,
  });
  const forms = where.includes('form') ? formsWithField(site, d, openedBy) : [];
  const documents = r.found ? [] : documentsLabelled(site, d);
  const hostsKey = optStr(d, 'hosts');
  const toHosts = hostsKey
    ? site.pages.flatMap((p) =>
        p.links
          .filter((l) => hostIn(hostsKey, hostOfSafe(l.url)))
          .map((l) => linkEvidence(p, l, `link to ${hostIn(hostsKey, hostOfSafe(l.url))}`)),
      )
    : [];
  const found = r.found || forms.length > 0 || documents.length > 0 || toHosts.length > 0;
  const fact = str(d, 'fact');
  const hostsFact = optStr(d, 'hostsFact');
  return {
    verdict: toHosts.length
      ? str(d, 'hostsVerdict')
      : found
        ? d.verdicts[d.verdicts.length - 1]
        : d.negative[0],
    facts: { [fact]: found, ...(hostsFact ? { [hostsFact]: toHosts.length > 0 } : {}) },
    evidence: [...r.evidence, ...forms, ...documents.slice(0, 2), ...toHosts.slice(0, 2)],
    confidence:
      forms.length || documents.length
        ? Math.max(r.confidence, 0.85)
        : found && toHosts.length
          ? 0.9
          : r.confidence,
  };
}
