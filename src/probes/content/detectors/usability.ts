// Special usability features (ITO 11, ARO 1397 gauge 1): site search (and that its results page
// answers), sign-in / personalisation, visitor statistics, maps or GIS, showing the user's IP.
import type { CheerioAPI } from 'cheerio';
import type { Element, Text } from 'domhandler';
import type { Evidence } from '../../types.ts';
import { declarationOf, num, re, str, type Declaration } from '../declared.ts';
import { isLabel, isLinkLabel, matchNorm, urlPattern } from '../phrases.ts';
import { normalizeForMatch } from '../../../text/normalize.ts';
import { pageIsAbout, switchedOff } from './common.ts';
import type { DetectorResult, PageView, SiteView } from '../site.ts';
import { linkEvidence, mainContent, selectorOf } from '../site.ts';
import { textOf } from '../../crawl/extract.ts';

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
import { IPV4 } from './patterns.ts';

/** A site-search form on the page: a search input, role=search, or a form posting to /search. */
export function findSearchForm(
  $: CheerioAPI,
  d: Declaration = declarationOf('usability'),
): { form: Element; input: string; action: string; method: string } | null {
  const names = re(d, 'searchInputNames');
  const hint = re(d, 'searchHint');
  for (const form of $('form, [role="search"]').toArray()) {
    const f = $(form);
    const input = f.find('input[type="search"]').first().length
      ? f.find('input[type="search"]').first()
      : f
          .find('input[type="text"], input:not([type])')
          .filter((_, el) => names.test($(el).attr('name') ?? '') || hint.test(hintText($, el)))
          .first();
    const formEl = form.tagName === 'form' ? f : f.find('form').first();
    const action = formEl.attr('action') ?? '';
    if (input.length && input.attr('name'))
      return {
        form,
        input: input.attr('name')!,
        action,
        method: (formEl.attr('method') ?? 'get').toLowerCase(),
      };
    // A box in a form submitted by script (no name to send): a visitor can still search.
    if (input.length && !hint.test(action)) return { form, input: '', action, method: 'script' };
    if (hint.test(action) && input.length)
      return {
        form,
        input: input.attr('name') ?? 'q',
        action,
        method: (formEl.attr('method') ?? 'get').toLowerCase(),
      };
  }
  // A search box outside any form, submitted by the page's script: a visitor can still search.
  const box = $('input[type="search"], input[type="text"], input:not([type])')
    .toArray()
    .find((el) => !$(el).closest('form').length && hint.test(hintText($, el)));
  if (box) return { form: box, input: $(box).attr('name') ?? '', action: '', method: 'script' };
  return null;
}

/** What a text box says about itself: placeholder (also misspelt), default value, id, class, title. */
function hintText($: CheerioAPI, el: Element): string {
  const a = (k: string) => $(el).attr(k) ?? '';
  return ['placeholder', 'placholder', 'value', 'id', 'class', 'title', 'aria-label'].map(a).join(' ');
}

/**
 * Is a counter label shown? Not when every element holding it sits in a box its own markup hides
 * (inline display:none) that nothing on the page opens (LABELS.md: hidden counters do not count). A
 * label split over several elements is given the benefit of the doubt.
 */
function labelShown(p: PageView, label: string): boolean {
  const holders = p
    .$('body *')
    .toArray()
    .filter((el) =>
      (el as Element).children.some(
        (c) => c.type === 'text' && normalizeForMatch((c as Text).data).includes(label),
      ),
    ) as Element[];
  return !holders.length || holders.some((el) => !switchedOff(p, el));
}

function hasMap(p: PageView, d: Declaration): Evidence | null {
  const mapTopic = str(d, 'mapTopic');
  const siteMap = (norm: string) => !!matchNorm(norm, str(d, 'notMapTopic'));
  const frame = p
    .$('iframe[src]')
    .toArray()
    .find((el) => re(d, 'mapFrame').test(p.$(el).attr('src') ?? ''));
  if (frame)
    return {
      kind: 'selector',
      label: 'embedded map',
      url: p.url,
      selector: selectorOf(p.$, frame),
      text: p.$(frame).attr('src'),
    };
  const script = p
    .$('script[src], link[href]')
    .toArray()
    .find((el) => re(d, 'mapScript').test(p.$(el).attr('src') ?? p.$(el).attr('href') ?? ''));
  if (script)
    return {
      kind: 'selector',
      label: 'map library',
      url: p.url,
      selector: selectorOf(p.$, script),
      text: p.$(script).attr('src') ?? p.$(script).attr('href'),
    };
  const link = p.links.find((l) => isLinkLabel(l, mapTopic, 4) && !siteMap(l.norm));
  if (link) return linkEvidence(p, link, 'map / GIS link');
  // A page about a map that shows one (an image, SVG or canvas).
  const about = pageIsAbout(p, mapTopic, 5);
  if (
    about &&
    !siteMap(normalizeForMatch(p.title)) &&
    mainContent(p).find('svg, canvas, img, iframe, object').length
  )
    return { kind: 'url', label: 'map / GIS page', url: p.url, text: p.title };
  return null;
}

export function usability(site: SiteView, d: Declaration): DetectorResult {
  const home = site.home;
  const pages = [home, ...site.pages.filter((p) => p !== home && p.depth <= 1)];
  const evidence: Evidence[] = [];
  const search = findSearchForm(home.$, d);
  if (search)
    evidence.push({
      kind: 'selector',
      label: `search form (input "${search.input}")`,
      url: home.url,
      selector: selectorOf(home.$, search.form),
    });
  const sr = site.extras.searchResult;
  if (sr)
    evidence.push({
      kind: 'url',
      label: `search results page: HTTP ${sr.status}, results ${sr.hasResults}, echoes the query ${sr.echoesQuery}`,
      url: sr.url,
    });
  const searchWorks = !!search && (!sr || (sr.status !== null && sr.status < 400));

  const password = home.$('input[type="password"]').first();
  // A sign-in to the site: a short "ورود" label (not "ورود به سامانه ..." of another system), or a
  // link to a sign-in path with a short sign-in label or only an image.
  const maxWords = num(d, 'loginMaxExtraWords');
  const loginLink = home.links.find(
    (l) =>
      isLinkLabel(l, str(d, 'loginTopic'), maxWords) ||
      (!!l.norm && isLabel(l.norm, str(d, 'signUpTopic'), 0) === l.norm) ||
      (urlPattern(str(d, 'loginUrlTopic')).test(safePath(l.url)) &&
        ((re(d, 'loginWords').test(l.norm) && (l.lead || l.norm).split(' ').length <= maxWords + 2) ||
          (!textOf([l.el]).trim() &&
            home.$(l.el).find('img').length > 0 &&
            (!l.norm || re(d, 'loginWords').test(l.norm))))),
  );
  // A sign-in form without a password field (a customer number submitted by script): the form or
  // its box says it is a sign-in.
  const loginForm = password.length
    ? undefined
    : home
        .$('form')
        .toArray()
        .find((f) => {
          const $f = home.$(f);
          if (!$f.find('input[type="text"], input:not([type])').length) return false;
          const around = [f, ...$f.parents().slice(0, 2).toArray()]
            .map(
              (e) =>
                `${home.$(e).attr('id') ?? ''} ${home.$(e).attr('class') ?? ''} ${home.$(e).attr('name') ?? ''}`,
            )
            .join(' ');
          return re(d, 'loginForm').test(`${around} ${$f.attr('action') ?? ''}`);
        });
  const personalisation = password.length > 0 || !!loginLink || !!loginForm;
  if (password.length)
    evidence.push({
      kind: 'selector',
      label: 'sign-in form',
      url: home.url,
      selector: selectorOf(home.$, password[0]),
    });
  else if (loginLink) evidence.push(linkEvidence(home, loginLink, 'sign-in link'));
  else if (loginForm)
    evidence.push({
      kind: 'selector',
      label: 'sign-in form',
      url: home.url,
      selector: selectorOf(home.$, loginForm),
    });

  let visitorStats = false;
  const window = num(d, 'visitorStatsWindow');
  // Every place a counter label appears: the first may be a poll question, the counter comes later.
  for (const p of pages) {
    for (let from = 0; !visitorStats;) {
      const m = matchNorm(p.norm.slice(from), str(d, 'visitorStatsTopic'));
      if (!m) break;
      const i = p.norm.indexOf(m, from);
      const near = p.norm.slice(i, i + m.length + window);
      if (/\d/.test(near) && labelShown(p, m)) {
        visitorStats = true;
        evidence.push({ kind: 'text', label: 'visitor statistics', url: p.url, text: near });
      }
      from = i + m.length;
    }
    if (visitorStats) break;
  }
  let map: Evidence | null = null;
  for (const p of pages) if ((map = hasMap(p, d))) break;
  if (map) evidence.push(map);

  let showsIp = false;
  for (const p of pages) {
    const m = matchNorm(p.norm, str(d, 'showsIpTopic'));
    if (!m) continue;
    const i = p.norm.indexOf(m);
    const near = p.norm.slice(i, i + m.length + num(d, 'showsIpWindow'));
    if (IPV4.test(near) || p.$('#ip, .ip, .user-ip, #user-ip, #your-ip').length) {
      showsIp = true;
      evidence.push({ kind: 'text', label: "shows the user's IP", url: p.url, text: near });
      break;
    }
  }
  const others = [searchWorks, visitorStats, !!map, showsIp].filter(Boolean).length;
  const verdict =
    personalisation && others > 0 ? 'personalised' : personalisation || others > 0 ? 'features' : 'none';
  return {
    verdict,
    facts: {
      'usability.personalisation': personalisation,
      'usability.search': searchWorks,
      'usability.visitorStats': visitorStats,
      'usability.map': !!map,
      'usability.showsIp': showsIp,
    },
    evidence,
    confidence: 0.8,
    details: {
      search: search ? { input: search.input, action: search.action, method: search.method } : null,
    },
  };
}
