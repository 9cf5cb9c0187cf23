// Second language (ITO 10, ARO item 5): language switcher, hreflang, lang/dir, /en/ or /ar/ paths. Any
// language other than Persian counts (seed 003, indicator 10: "به زبانی غیر از فارسی"), and a page counts
// only when its visible text is in that language by character statistics, not because a link says so.
// The indicator is the main portal's support for several languages (seed 003, table 3-6: "قابلیت
// پشتیبانی درگاه اصلی از چند زبان", option 0 "نبود بخش زبان دوم"). Persian is the portal's first
// language when its home page is in Persian or links a Persian version (an Iranian portal that opens on
// its English pages); otherwise the home page's own language is, so a foreign portal whose home page is
// in English or Arabic has a second language only when a page in yet another language is found.
import { guessLanguage, LANGUAGE_NAMES, type TextLanguage } from '../../../text/language.ts';
import { normalizeForMatch, persianScriptRatio } from '../../../text/normalize.ts';
import type { Evidence } from '../../types.ts';
import { declarationOf, num, str, type Declaration } from '../declared.ts';
import { isLabel, urlWords } from '../phrases.ts';
import type { DetectorResult, PageView, SiteView } from '../site.ts';
import { linkEvidence, selectorOf } from '../site.ts';
import { headingsLabelled } from './common.ts';

/** A language version's path (/en/, ?lang=en) and host (en.example.ir), from the declared URL words. */
function languageShapes(d: Declaration): { path: RegExp; host: RegExp; switchTopic: string } {
  const codes = urlWords(str(d, 'urlTopic')).join('|');
  return {
    path: new RegExp(`^\\/(${codes})(\\/|$)|[?&](lang|language|culture|locale)=(${codes})\\b`, 'i'),
    host: new RegExp(`^(${codes})\\.`, 'i'),
    switchTopic: str(d, 'switchTopic'),
  };
}

/** URLs on the home page that lead to a version in another language: switcher, hreflang, /en/ links. */
export function languageCandidates(
  home: PageView,
  d: Declaration = declarationOf('secondLanguage'),
): { url: string; how: string; evidence?: Evidence }[] {
  const { path: EN_PATH, host: LANG_HOST, switchTopic } = languageShapes(d);
  // The whole label is a language name ("English", "عربی"), not a sentence naming one.
  const isSwitch = (norm: string) => isLabel(norm, switchTopic, 0) === norm;
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
    if (isSwitch(l.norm) || EN_PATH.test(u.pathname + u.search) || LANG_HOST.test(u.hostname))
      out.push({
        url: l.url,
        how: isSwitch(l.norm) ? `switcher "${l.text}"` : 'language path',
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

/** A link from the home page to its Persian version: hreflang="fa", or a label that is a Persian name. */
function persianVersionLink(home: PageView, d: Declaration): Evidence | null {
  const hreflang = home
    .$('link[rel="alternate"][hreflang], a[hreflang]')
    .toArray()
    .find((el) => /^(fa|per)/i.test(home.$(el).attr('hreflang') ?? ''));
  if (hreflang)
    return {
      kind: 'selector',
      label: 'Persian version (hreflang)',
      url: home.url,
      selector: selectorOf(home.$, hreflang),
      text: home.$(hreflang).attr('href'),
    };
  const topic = str(d, 'persianTopic');
  const link = home.links.find((l) => !!l.norm && isLabel(l.norm, topic, 0) === l.norm);
  return link ? linkEvidence(home, link, 'Persian version') : null;
}

/**
 * The portal's first language and the home page's own: Persian when the home page is in Persian or
 * links a Persian version, else the home page's language by its text (Persian when it says too little).
 */
export function ownLanguageOf(
  home: PageView,
  d: Declaration = declarationOf('secondLanguage'),
): { own: TextLanguage; home: TextLanguage | null; persianLink: Evidence | null } {
  const lang = guessLanguage(home.text).lang;
  const persianLink = lang && lang !== 'fa' ? persianVersionLink(home, d) : null;
  return { own: persianLink ? 'fa' : (lang ?? 'fa'), home: lang, persianLink };
}

/** The page's language when its visible text is clearly in one language other than `own`. */
export function otherLanguageOf(p: PageView, own: TextLanguage = 'fa'): TextLanguage | null {
  const g = guessLanguage(p.text);
  return g.lang && g.lang !== own ? g.lang : null;
}

/** The English pages introduce services: a services page, or a services section listing several items. */
function introducesServices(site: SiteView, pages: PageView[], d: Declaration): Evidence | null {
  const topic = str(d, 'servicesTopic');
  const min = num(d, 'minServiceItems');
  for (const p of pages) {
    const titled = isLabel(normalizeForMatch(p.$('h1').first().text() || p.title), topic, 3);
    const items = p.$(
      'main li, main tr, .services li, #services li, ul.services li, table tr, article li, section li',
    ).length;
    if (titled && items >= min)
      return {
        kind: 'url',
        label: `services page in another language (${items} items)`,
        url: p.url,
        text: p.title,
      };
    for (const h of headingsLabelled(p, topic, 2)) {
      const list = p.$(h.el).nextAll('ul, ol, table, div').first();
      const n = list.find('li, tr, .service, .card').length;
      if (n >= min)
        return {
          kind: 'text',
          label: `services section in another language (${n} items)`,
          url: p.url,
          text: h.text,
        };
    }
    const ids = site.services.filter((s) => p.text.includes(s.id));
    if (site.services.length && ids.length >= Math.ceil(site.services.length / 2))
      return {
        kind: 'count',
        label: 'service IDs of the agency list on a page in another language',
        url: p.url,
        count: ids.length,
      };
  }
  return null;
}

export function secondLanguage(site: SiteView, d: Declaration): DetectorResult {
  const { path: EN_PATH, host: LANG_HOST } = languageShapes(d);
  const cands = languageCandidates(site.home, d);
  const evidence: Evidence[] = cands
    .flatMap((c) =>
      c.evidence
        ? [c.evidence]
        : [{ kind: 'url' as const, label: `second-language link (${c.how})`, url: c.url }],
    )
    .slice(0, 4);
  const candKeys = new Set(cands.map((c) => site.byUrl(c.url)?.url).filter(Boolean));
  const enPages: PageView[] = [];
  const langs = new Map<PageView, TextLanguage>();
  const notEnglish: PageView[] = [];
  const { own, home: homeLang, persianLink } = ownLanguageOf(site.home, d);
  if (persianLink) evidence.push(persianLink);
  for (const p of site.pages) {
    const u = new URL(p.url);
    const lang = (p.lang ?? '').toLowerCase();
    const declared =
      lang !== '' &&
      (own === 'fa' ? !lang.startsWith('fa') && !lang.startsWith('per') : !lang.startsWith(own));
    const onPath = EN_PATH.test(u.pathname + u.search) || LANG_HOST.test(u.hostname);
    // The home page itself in another language than the portal's first (its English pages first).
    const homeOther = p === site.home && homeLang !== null && homeLang !== own;
    if (!declared && !onPath && !homeOther && !candKeys.has(p.url)) continue;
    const other = otherLanguageOf(p, own);
    if (other) {
      enPages.push(p);
      langs.set(p, other);
    } else if (candKeys.has(p.url) || onPath) notEnglish.push(p);
  }
  if (!enPages.length) {
    if (own !== 'fa')
      evidence.push({
        kind: 'text',
        label: `the home page itself is in ${LANGUAGE_NAMES[own].en} (${LANGUAGE_NAMES[own].fa}), the portal's first language; no page in another language was read`,
        url: site.home.url,
        text: site.home.title,
      });
    for (const p of notEnglish.filter((x) => x !== site.home).slice(0, 2))
      evidence.push({
        kind: 'text',
        label: `linked as another language but its text is in the home page's language or too short (Persian script ratio ${persianScriptRatio(p.text)?.toFixed(2)})`,
        url: p.url,
        text: p.title,
      });
    return {
      verdict: 'none',
      facts: { 'secondLanguage.level': 'none', 'secondLanguage.languages': null },
      evidence,
      confidence: cands.length ? 0.85 : 0.8,
      details: { candidates: cands.map((c) => c.url) },
    };
  }
  for (const p of enPages.slice(0, 3))
    evidence.push({
      kind: 'text',
      label: `page in ${LANGUAGE_NAMES[langs.get(p)!].en} (${LANGUAGE_NAMES[langs.get(p)!].fa}), by its text (Persian script ratio ${persianScriptRatio(p.text)?.toFixed(2)})`,
      url: p.url,
      text: p.title,
    });
  const services = introducesServices(site, enPages, d);
  if (services) evidence.push(services);
  const level = services ? 'services' : 'general';
  const languages = [...new Set(langs.values())].sort().join(',');
  return {
    verdict: level,
    facts: { 'secondLanguage.level': level, 'secondLanguage.languages': languages },
    evidence,
    confidence: services ? 0.85 : 0.8,
    details: {
      otherLanguagePages: enPages.map((p) => ({ url: p.url, language: langs.get(p) })),
      candidates: cands.map((c) => c.url),
    },
  };
}
