// FAQ (ITO 15): FAQ pages found by link label, URL or schema.org FAQPage; question-answer pairs counted
// from structure. Indicator 15 is read per service: each service gets its own count (faq.serviceCount,
// ">= 5 Q&A for each main service"); the agency-wide count (faq.count, ">= 10") is the fallback option.
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { normalizeForMatch } from '../../../text/normalize.ts';
import type { Evidence } from '../../types.ts';
import { num, str, type Declaration } from '../declared.ts';
import { urlPattern } from '../phrases.ts';
import type { DetectorResult, PageView, SiteView } from '../site.ts';
import { headingsLabelled, topicPages } from './common.ts';

const QUESTION_END = /[?؟]\s*$/;

function jsonLdQuestions($: CheerioAPI): string[] {
  const out: string[] = [];
  $('script[type="application/ld+json"]').each((_, el) => {
    try {
      const data = JSON.parse($(el).text());
      const nodes = Array.isArray(data) ? data : data['@graph'] ? data['@graph'] : [data];
      for (const n of nodes) {
        const types = ([] as string[]).concat(n?.['@type'] ?? []);
        if (!types.includes('FAQPage')) continue;
        for (const q of [].concat(n.mainEntity ?? [])) {
          const name = (q as { name?: string })?.name;
          if (name) out.push(String(name));
        }
      }
    } catch {
      /* a broken JSON-LD block is just ignored */
    }
  });
  return out;
}

const ACCORDION_ITEMS =
  '.accordion-item, .accordion > .card, .panel-group > .panel, .faq-item, .faq__item, .qa-item, .question-item, .collapse-item, .toggle-item';
const ACCORDION_TOGGLES =
  '[data-toggle="collapse"], [data-bs-toggle="collapse"], .accordion-button, .accordion-header, .accordion-title, .panel-heading, .faq-question, .question';

function textOfEl($: CheerioAPI, el: Element): string {
  return $(el).text().replace(/\s+/g, ' ').trim();
}

/** Question texts within a scope, counted by the structure that gives the most pairs. */
export function countQuestions($: CheerioAPI, scope?: AnyNode[]): string[] {
  const find = (sel: string): Element[] =>
    (scope
      ? [...$(scope).filter(sel).toArray(), ...$(scope).find(sel).toArray()]
      : $(sel).toArray()) as Element[];
  const methods: string[][] = [];
  methods.push(scope ? [] : jsonLdQuestions($));
  methods.push(
    find('details')
      .filter((d) => {
        const s = $(d).children('summary').first();
        return s.length > 0 && textOfEl($, d).length > textOfEl($, s[0]).length + 3;
      })
      .map((d) => textOfEl($, $(d).children('summary')[0])),
  );
  methods.push(
    find('dl > dt')
      .filter((dt) => $(dt).next('dd').text().trim().length > 0)
      .map((dt) => textOfEl($, dt)),
  );
  const items = find(ACCORDION_ITEMS);
  if (items.length)
    methods.push(
      items
        .map((it) =>
          textOfEl($, $(it).find(`${ACCORDION_TOGGLES}, h2, h3, h4, h5, button, strong`).first()[0] ?? it),
        )
        .filter(Boolean),
    );
  else
    methods.push(
      find(ACCORDION_TOGGLES)
        .filter(
          (t) =>
            QUESTION_END.test(textOfEl($, t)) ||
            $(t).attr('aria-controls') ||
            $(t).attr('data-target') ||
            $(t).attr('data-bs-target'),
        )
        .map((t) => textOfEl($, t)),
    );
  // Headings or bold paragraphs that end in a question mark and are followed by an answer.
  methods.push(
    find('h2, h3, h4, h5, h6, p > strong:only-child, p > b:only-child, p.question, .q')
      .filter((el) => {
        const t = textOfEl($, el);
        if (!QUESTION_END.test(t) || t.length < 6) return false;
        const block = el.tagName === 'strong' || el.tagName === 'b' ? $(el).parent() : $(el);
        const next = block.nextAll().first();
        const answer = next.length ? textOfEl($, next[0] as Element) : '';
        return answer.length >= 2 && !QUESTION_END.test(answer);
      })
      .map((el) => textOfEl($, el)),
  );
  return methods.sort((a, b) => b.length - a.length)[0] ?? [];
}

/** The FAQ section of a page: what follows a heading labelled FAQ, up to the next heading of that level. */
function faqSections(page: PageView, topic: string): AnyNode[][] {
  return headingsLabelled(page, topic, 3).map((h) => {
    const level = /^h(\d)$/.exec(h.el.tagName)?.[1];
    const section = page.$(h.el).closest('section, .faq, #faq');
    if (section.length) return [section[0]];
    const stop = level ? Array.from({ length: Number(level) }, (_, i) => `h${i + 1}`).join(', ') : 'h1, h2';
    return page.$(h.el).nextUntil(stop).toArray();
  });
}

/** Per-service sections of an FAQ page: questions under a heading that names the service. */
function perServiceCount(page: PageView, title: string): number {
  const t = normalizeForMatch(title);
  if (t.length < 3) return 0;
  let best = 0;
  page.$('h2, h3, h4, .faq-group-title').each((_, h) => {
    if (!normalizeForMatch(page.$(h).text()).includes(t)) return;
    const tag = h.tagName.toLowerCase();
    const group = page.$(h).closest('section, .faq-group');
    const scope =
      group.length && group.find('h2, h3, h4').length === 1 ? [group[0]] : page.$(h).nextUntil(tag).toArray();
    best = Math.max(best, countQuestions(page.$, scope).length);
  });
  return best;
}

export function faq(site: SiteView, d: Declaration): DetectorResult {
  const evidence: Evidence[] = [];
  const topic = str(d, 'topic');
  const faqPages = topicPages(site, topic, urlPattern(str(d, 'urlTopic')));
  for (const p of site.pages)
    if (!faqPages.some((f) => f.page === p) && jsonLdQuestions(p.$).length)
      faqPages.push({ page: p, how: 'schema.org FAQPage' });
  // Total: questions per page, where a question already counted on another page is not counted again.
  const seen = new Set<string>();
  let total = 0;
  const countPage = (qs: string[]) => {
    const norm = qs.map((q) => normalizeForMatch(q));
    total += norm.filter((q) => !seen.has(q)).length;
    norm.forEach((q) => seen.add(q));
  };
  const perPage = new Map<PageView, number>();
  for (const { page, how } of faqPages) {
    const qs = countQuestions(page.$);
    perPage.set(page, qs.length);
    countPage(qs);
    evidence.push({
      kind: 'count',
      label: `FAQ page (${how}): question-answer pairs`,
      url: page.url,
      count: qs.length,
      ...(qs[0] ? { text: qs[0] } : {}),
    });
  }
  // FAQ sections on other pages (a service page with its own questions).
  for (const page of site.pages) {
    if (perPage.has(page)) continue;
    for (const scope of faqSections(page, topic)) {
      const qs = countQuestions(page.$, scope);
      if (!qs.length) continue;
      perPage.set(page, (perPage.get(page) ?? 0) + qs.length);
      countPage(qs);
      evidence.push({
        kind: 'count',
        label: 'FAQ section on page: question-answer pairs',
        url: page.url,
        count: qs.length,
        text: qs[0],
      });
    }
  }
  const perService: Record<string, number> = {};
  for (const s of site.services) {
    let n = 0;
    const own = site.byUrl(s.url);
    if (own) {
      n = Math.max(n, perPage.get(own) ?? 0);
      for (const l of own.links) {
        const target = site.byUrl(l.url);
        if (target && faqPages.some((f) => f.page === target))
          n = Math.max(
            n,
            target.$('h2, h3, h4').length > 1
              ? perServiceCount(target, s.title) || countQuestions(target.$).length
              : countQuestions(target.$).length,
          );
      }
    }
    for (const { page } of faqPages) n = Math.max(n, perServiceCount(page, s.title));
    perService[s.id] = n;
  }
  const counts = Object.values(perService);
  const perServiceMin = counts.length ? Math.min(...counts) : null;
  const verdict =
    perServiceMin !== null && perServiceMin >= num(d, 'perService')
      ? 'per-service'
      : total >= num(d, 'agency')
        ? 'agency'
        : total > 0
          ? 'few'
          : 'none';
  if (!faqPages.length)
    evidence.push({ kind: 'note', label: 'no FAQ page found (link label, URL, schema.org FAQPage)' });
  const serviceFacts = Object.fromEntries(
    site.services.map((s) => [s.id, { 'faq.serviceCount': perService[s.id] }]),
  );
  return {
    verdict,
    facts: { 'faq.count': total, 'faq.perServiceMin': perServiceMin },
    serviceFacts,
    evidence,
    confidence: total ? 0.9 : faqPages.length ? 0.7 : 0.8,
    details: { faqPages: faqPages.map((f) => f.page.url), perService },
  };
}
