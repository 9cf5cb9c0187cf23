// Second language (ITO 10, ARO item 5): language switcher, hreflang, lang/dir, /en/ paths; the pages in
// the other language must really be in it (script ratio) and introduce the services.
import { normalizeForMatch, persianScriptRatio } from '../../../text/normalize.ts';
import type { Evidence } from '../../types.ts';
import { isLabel } from '../phrases.ts';
import type { Detector, DetectorResult, PageView, SiteView } from '../site.ts';
import { linkEvidence } from '../site.ts';
import { headingsLabelled } from './common.ts';

const SWITCH_LABELS = /^(english|en|eng|انگلیسی|نسخه انگلیسی|english version)$/;
const EN_PATH = /^\/(en|eng|english)(\/|$)|[?&](lang|language|culture|locale)=en/i;

/** URLs on the home page that lead to the English version: switcher, hreflang, /en/ links. */
export function languageCandidates(home: PageView): { url: string; how: string; evidence?: Evidence }[] {
  const out: { url: string; how: string; evidence?: Evidence }[] = [];
  home.$('link[rel="alternate"][hreflang], a[hreflang]').each((_, el) => {
    const lang = (home.$(el).attr('hreflang') ?? '').toLowerCase();
    const href = home.$(el).attr('href');
    if (!href || lang.startsWith('fa') || lang === 'x-default') return;
    try {
      out.push({ url: new URL(href, home.url).href, how: `hreflang=${lang}` });
    } catch {
      /* unparsable href */
    }
  });
  for (const l of home.links) {
    const u = safeUrl(l.url);
    if (!u) continue;
    if (SWITCH_LABELS.test(l.norm) || EN_PATH.test(u.pathname + u.search) || /^en\./.test(u.hostname))
      out.push({
        url: l.url,
        how: SWITCH_LABELS.test(l.norm) ? `switcher "${l.text}"` : 'English path',
        evidence: linkEvidence(home, l, 'language switcher'),
      });
  }
  return out;
}

function safeUrl(s: string): URL | null {
  try {
    return new URL(s);
  } catch {
    return null;
  }
}

function isEnglishPage(p: PageView): { ok: boolean; ratio: number | null } {
  const ratio = persianScriptRatio(p.text);
  const letters = (p.text.match(/[A-Za-z]/g) ?? []).length;
  return { ok: ratio !== null && ratio < 0.3 && letters >= 150, ratio };
}

/** The English pages introduce services: a services page, or a services section listing several items. */
function introducesServices(site: SiteView, pages: PageView[]): Evidence | null {
  for (const p of pages) {
    const titled = isLabel(normalizeForMatch(p.$('h1').first().text() || p.title), 'servicesIntro', 3);
    const items = p.$(
      'main li, main tr, .services li, #services li, ul.services li, table tr, article li, section li',
    ).length;
    if (titled && items >= 3)
      return { kind: 'url', label: `English services page (${items} items)`, url: p.url, text: p.title };
    for (const h of headingsLabelled(p, 'servicesIntro', 2)) {
      const list = p.$(h.el).nextAll('ul, ol, table, div').first();
      const n = list.find('li, tr, .service, .card').length;
      if (n >= 3)
        return { kind: 'text', label: `English services section (${n} items)`, url: p.url, text: h.text };
    }
    const ids = site.services.filter((s) => p.text.includes(s.id));
    if (site.services.length && ids.length >= Math.ceil(site.services.length / 2))
      return {
        kind: 'count',
        label: 'service IDs of the agency list on an English page',
        url: p.url,
        count: ids.length,
      };
  }
  return null;
}

export const secondLanguage: Detector = {
  id: 'secondLanguage',
  negative: ['none'],
  run(site): DetectorResult {
    const cands = languageCandidates(site.home);
    const evidence: Evidence[] = cands
      .flatMap((c) =>
        c.evidence
          ? [c.evidence]
          : [{ kind: 'url' as const, label: `second-language link (${c.how})`, url: c.url }],
      )
      .slice(0, 4);
    const candKeys = new Set(cands.map((c) => site.byUrl(c.url)?.url).filter(Boolean));
    const enPages: PageView[] = [];
    const notEnglish: PageView[] = [];
    for (const p of site.pages) {
      const u = new URL(p.url);
      const declared = (p.lang ?? '').startsWith('en');
      const onPath = EN_PATH.test(u.pathname + u.search) || /^en\./.test(u.hostname);
      if (!declared && !onPath && !candKeys.has(p.url)) continue;
      if (isEnglishPage(p).ok) enPages.push(p);
      else if (candKeys.has(p.url) || onPath) notEnglish.push(p);
    }
    if (!enPages.length) {
      for (const p of notEnglish.slice(0, 2))
        evidence.push({
          kind: 'text',
          label: `linked as English but mostly Persian (Persian script ratio ${persianScriptRatio(p.text)?.toFixed(2)})`,
          url: p.url,
          text: p.title,
        });
      return {
        verdict: 'none',
        facts: { 'secondLanguage.level': 'none' },
        evidence,
        confidence: cands.length ? 0.85 : 0.8,
        details: { candidates: cands.map((c) => c.url) },
      };
    }
    for (const p of enPages.slice(0, 3))
      evidence.push({
        kind: 'text',
        label: `English page (Persian script ratio ${persianScriptRatio(p.text)?.toFixed(2)})`,
        url: p.url,
        text: p.title,
      });
    const services = introducesServices(site, enPages);
    if (services) evidence.push(services);
    const level = services ? 'services' : 'general';
    return {
      verdict: level,
      facts: { 'secondLanguage.level': level },
      evidence,
      confidence: services ? 0.85 : 0.8,
      details: { englishPages: enPages.map((p) => p.url), candidates: cands.map((c) => c.url) },
    };
  },
};
