// The view detectors work on: parsed pages with their text, links and main navigation, plus the
// agency's service list. Built once per crawl; detectors are pure functions over it.
import * as cheerio from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { Service } from '../../agencies/model.ts';
import { normalizeForMatch } from '../../text/normalize.ts';
import type { Evidence, Facts } from '../types.ts';
import { textOf, visibleText } from '../crawl/extract.ts';
import { canonicalUrl, hostOf, siteHost } from '../crawl/url.ts';
import { isLabel } from './phrases.ts';

export interface LinkView {
  url: string;
  /** Link text, or its title / aria-label / image alt when it has no text. */
  text: string;
  norm: string;
  /** The label part of a long link text: a bold lead, or the text before ":" / "(" / " - ". */
  lead: string;
  selector: string;
  inNav: boolean;
  inMainNav: boolean;
  inFooter: boolean;
  el: Element;
}

export interface NavItem {
  text: string;
  norm: string;
  url: string | null;
  selector: string;
  /** Found in markup, or in menu data inside a script (menus built by script). */
  source: 'markup' | 'script';
  /** A top-level item of the main menu (not inside a submenu). */
  topLevel: boolean;
}

/**
 * A menu heading that is not itself a link (`href="#"`, `javascript:`, a span or button) but opens a
 * sub-menu of real links: a visitor reads "خدمات" in the menu and finds the services under it.
 */
export interface MenuHeading {
  text: string;
  norm: string;
  selector: string;
  inNav: boolean;
  inMainNav: boolean;
  inFooter: boolean;
  /** Real links in its sub-menu. */
  links: number;
  /** The first of them (where a visitor lands from this section). */
  firstUrl: string;
  el: Element;
}

export interface PageView {
  url: string;
  depth: number;
  title: string;
  $: CheerioAPI;
  text: string;
  norm: string;
  lang: string | null;
  dir: string | null;
  links: LinkView[];
  /** Items of the main navigation (for the home page; other pages get theirs too). */
  mainNav: NavItem[];
  mainNavSelector: string | null;
  /** Menu headings that open sub-menus of real links (see MenuHeading). */
  menuHeadings: MenuHeading[];
  isHome: boolean;
}

/** Results of extra requests the probe made for a detector (search results, language pages). */
export interface SiteExtras {
  searchResult?: { url: string; status: number | null; hasResults: boolean; echoesQuery: boolean };
}

export interface SiteView {
  home: PageView;
  pages: PageView[];
  services: Service[];
  /** Hosts of the agency (host[:port]). */
  hosts: string[];
  extras: SiteExtras;
  byUrl: (url: string) => PageView | undefined;
}

export interface DetectorResult {
  verdict: string;
  facts: Facts;
  evidence: Evidence[];
  confidence: number;
  /** Facts per service ID for service-level facts. */
  serviceFacts?: Record<string, Facts>;
  details?: Record<string, unknown>;
}

export interface Detector {
  id: string;
  /** The verdicts meaning "not found"; the corpus test treats the others as positive. */
  negative: string[];
  run(site: SiteView): DetectorResult;
}

/** A short CSS selector for an element: nearest id, then tag.class:nth-of-type steps. */
export function selectorOf($: CheerioAPI, el: Element): string {
  const parts: string[] = [];
  let cur: Element | null = el;
  while (cur && cur.type === 'tag' && parts.length < 6) {
    const id = cur.attribs?.id;
    if (id && /^[A-Za-z][\w-]*$/.test(id)) {
      parts.unshift(`${cur.name}#${id}`);
      return parts.join(' > ');
    }
    const cls = (cur.attribs?.class ?? '').split(/\s+/).filter((c) => /^[A-Za-z][\w-]*$/.test(c))[0];
    const parent: Element | null = cur.parent && cur.parent.type === 'tag' ? (cur.parent as Element) : null;
    let step = cur.name + (cls ? `.${cls}` : '');
    if (parent) {
      const same = parent.children.filter((c) => c.type === 'tag' && (c as Element).name === cur!.name);
      if (same.length > 1) step += `:nth-of-type(${same.indexOf(cur) + 1})`;
    }
    parts.unshift(step);
    cur = parent;
  }
  return parts.join(' > ');
}

const NAV_CANDIDATES =
  'nav, [role="navigation"], header ul, #menu, #mainmenu, #main-menu, #nav, #navbar, .menu, .main-menu, .mainmenu, .navbar, .nav, .navigation, .mega-menu, .megamenu, .topmenu, .top-menu, #header ul, div[class^="menu"], div[id^="menu"]';

/** Elements matching a selector, for ancestor tests without re-parsing the selector per element. */
function containerSet($: CheerioAPI, selector: string): Set<AnyNode> {
  return new Set($(selector).toArray());
}

function within(el: AnyNode, set: Set<AnyNode>, stop?: AnyNode | null): boolean {
  for (let cur: AnyNode | null = el; cur; cur = cur.parent) {
    if (set.has(cur)) return true;
    if (cur === stop) return false;
  }
  return false;
}

function inside($: CheerioAPI, el: Element, selector: string): boolean {
  return $(el).closest(selector).length > 0;
}

const OUTSIDE_NAV =
  'footer, aside, .footer, #footer, .sidebar, [role="contentinfo"], .breadcrumb, .breadcrumbs';
/** Blocks named as a menu by id or class, in any case ("myTopMenu", "RightMenu"). */
const MENU_NAMED = '[id*="menu" i], [class*="menu" i]';

/** Main navigation: nav-like containers outside footers/sidebars; the one holding "home" wins. */
function findMainNav($: CheerioAPI): Element | null {
  const cands = $(NAV_CANDIDATES)
    .toArray()
    .filter((el) => !inside($, el, OUTSIDE_NAV))
    .filter((el) => $(el).find('a').length >= 2);
  const hasHome = (el: Element) =>
    $(el)
      .find('a')
      .toArray()
      .some((a) => !!isLabel(normalizeForMatch(linkText($, a)), 'home', 1));
  // No container the usual names mark: a block whose id or class names it a menu ("myTopMenu") and
  // that opens with the home link is the menu bar a visitor sees, whatever the template called it.
  if (!cands.length) return fallbackMenuBar($, hasHome);
  // Prefer the outermost container that has a home item, so a mega-menu's panels count as part of it.
  const withHome = cands.filter(hasHome);
  const pool = withHome.length ? withHome : cands;
  const outer = pool.filter((el) => !pool.some((o) => o !== el && $(o).find(el).length > 0));
  return outer[0] ?? pool[0];
}

function fallbackMenuBar($: CheerioAPI, hasHome: (el: Element) => boolean): Element | null {
  const bars = $(MENU_NAMED)
    .toArray()
    .filter((el) => !inside($, el, OUTSIDE_NAV) && $(el).find('a').length >= 2 && hasHome(el));
  return bars.find((el) => !bars.some((o) => o !== el && $(o).find(el).length > 0)) ?? null;
}

function siblingBars($: CheerioAPI, el: Element): Element[] {
  const cls = (el.attribs?.class ?? '').split(/\s+/).filter(Boolean)[0];
  return $(el)
    .siblings(cls ? `${el.name}.${cls.replace(/[^\w-]/g, '')}` : el.name)
    .toArray()
    .filter((s) => $(s).is(NAV_CANDIDATES) && $(s).find('a').length >= 2) as Element[];
}

export function linkText($: CheerioAPI, a: Element): string {
  const t = textOf([a]).replace(/\s+/g, ' ').trim();
  if (t) return t;
  const $a = $(a);
  return ($a.attr('title') ?? $a.attr('aria-label') ?? $a.find('img[alt]').attr('alt') ?? '').trim();
}

/** The label of a link whose text goes on after it ("میز خدمت: دسترسی به ..."). */
function leadOf($: CheerioAPI, a: Element, norm: string): string {
  const bold = $(a).children('strong, b').first().text();
  if (bold.trim()) return normalizeForMatch(bold);
  return norm.split(/\s*[:：(|]\s*|\s+[-–—]\s+/)[0].trim();
}

/** The page's own content: <main> (or an obvious content block), else the body without header, menus and footer. */
export function mainContent(page: PageView): ReturnType<CheerioAPI> {
  const $ = page.$;
  const main = $('main, [role="main"], #main-content, #content, .main-content, article').first();
  if (main.length) return main as unknown as ReturnType<CheerioAPI>;
  const body = $('body').clone();
  // find() searches from its set's children; wrapped, that is one element (body), not every child of
  // body: cheerio's subset pruning is quadratic in that count (seconds on a page of 40,000 paragraphs).
  $('<div></div>')
    .append(body)
    .find(
      'header, nav, footer, aside, [role="navigation"], [role="contentinfo"], .footer, #footer, .header, #header, .menu, .sidebar',
    )
    .remove();
  return body as unknown as ReturnType<CheerioAPI>;
}

/** Normalised visible text of the page's own content (see mainContent). */
export function mainNorm(page: PageView): string {
  const cached = mainNormCache.get(page);
  if (cached !== undefined) return cached;
  const v = normalizeForMatch(textOf(mainContent(page).toArray()));
  mainNormCache.set(page, v);
  return v;
}
const mainNormCache = new WeakMap<PageView, string>();

/** Menu entries kept as data in inline scripts ({title:'..', url:'..'}), for menus built by script. */
function scriptMenuItems($: CheerioAPI, base: string): NavItem[] {
  const items: NavItem[] = [];
  $('script:not([src])').each((i, el) => {
    const code = $(el).text();
    if (!/menu|nav/i.test(code)) return;
    const re =
      /["']?(?:title|text|label|name)["']?\s*:\s*["']([^"']{1,80})["']\s*,\s*["']?(?:url|href|link)["']?\s*:\s*["']([^"']{1,300})["']/g;
    for (let m = re.exec(code); m; m = re.exec(code)) {
      const text = decodeJsString(m[1]);
      items.push({
        text,
        norm: normalizeForMatch(text),
        url: canonicalUrl(m[2], base),
        selector: `script:nth-of-type(${i + 1})`,
        source: 'script',
        topLevel: true,
      });
    }
  });
  return items;
}

function decodeJsString(s: string): string {
  return s.replace(/\\u([0-9a-fA-F]{4})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

/** Headings of drop-down and mega-menu panels: an item holding a sub-list of real links whose own label
 *  is not a link (href="#", javascript:, none) or is a span, button or bold text. In a menu bar, an item
 *  labelled by its own bare text ("<div>خدمات الکترونیک<div><ul>…") is a heading too: the visitor reads
 *  the same words on the bar and hovers them to open the panel. */
function findMenuHeadings(
  $: CheerioAPI,
  base: string,
  sets: { navSet: Set<AnyNode>; mainNavSet: Set<AnyNode>; footerSet: Set<AnyNode> },
): MenuHeading[] {
  const out: MenuHeading[] = [];
  const barItems = [...sets.navSet, ...sets.mainNavSet].flatMap(
    (bar) =>
      $(bar as Element)
        .children('div, span')
        .toArray() as Element[],
  );
  for (const li of [...new Set([...($('li').toArray() as Element[]), ...barItems])]) {
    const kids = $(li).children().toArray() as Element[];
    const headEl = kids.find((k) => /^(a|span|button|strong|b|div|h[2-6])$/.test(k.name));
    const bare = li.children
      .filter((n) => n.type === 'text')
      .map((n) => (n as unknown as { data: string }).data)
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (bare) {
      // The label is the item's own text; the panel is its first child holding real links.
      const sub = kids.find((k) => /^(ul|ol|div)$/.test(k.name) && $(k).find('a[href]').length);
      if (sub) addHeading(out, $, base, sets, li, li, bare, sub);
      continue;
    }
    if (li.name !== 'li') continue;
    const sub = kids.find((k) => k !== headEl && /^(ul|ol|div)$/.test(k.name));
    if (!headEl || !sub || $(headEl).find('ul, ol, li').length) continue;
    if (headEl.name === 'a' && canonicalUrl($(headEl).attr('href') ?? '', base)) continue;
    addHeading(out, $, base, sets, li, headEl, textOf([headEl]).replace(/\s+/g, ' ').trim(), sub);
  }
  return out;
}

function addHeading(
  out: MenuHeading[],
  $: CheerioAPI,
  base: string,
  sets: { navSet: Set<AnyNode>; mainNavSet: Set<AnyNode>; footerSet: Set<AnyNode> },
  item: Element,
  headEl: Element,
  text: string,
  sub: Element,
): void {
  const real = $(sub)
    .find('a[href]')
    .toArray()
    .map((a) => canonicalUrl($(a).attr('href') ?? '', base))
    .filter((u): u is string => !!u);
  if (!real.length || !text || text.split(' ').length > 6) return;
  out.push({
    text,
    norm: normalizeForMatch(text),
    selector: selectorOf($, headEl),
    inNav: within(item, sets.navSet),
    inMainNav: within(item, sets.mainNavSet),
    inFooter: within(item, sets.footerSet),
    links: real.length,
    firstUrl: real[0],
    el: headEl,
  });
}

export function buildPage(url: string, html: string, depth: number, isHome: boolean): PageView {
  const $ = cheerio.load(html);
  const text = visibleText($);
  const mainNavEl = findMainNav($);
  const links: LinkView[] = [];
  const baseHref = $('base[href]').attr('href');
  const base = (baseHref && canonicalUrl(baseHref, url)) || url;
  const navSet = containerSet($, NAV_CANDIDATES);
  const footerSet = containerSet($, 'footer, .footer, #footer, [role="contentinfo"]');
  // A header often carries two bars (the main menu and a quick-access bar): sibling bars of the main
  // navigation of the same kind are part of it.
  const mainNavSet = new Set<AnyNode>(mainNavEl ? [mainNavEl, ...siblingBars($, mainNavEl)] : []);
  $('a[href], area[href]').each((_, el) => {
    const abs = canonicalUrl($(el).attr('href') ?? '', base);
    if (!abs) {
      // Keep mailto:/tel: links as they are: contacts and support read them.
      const raw = ($(el).attr('href') ?? '').trim();
      if (!/^(mailto|tel):/i.test(raw)) return;
      const t = linkText($, el);
      links.push({
        url: raw,
        text: t,
        norm: normalizeForMatch(t),
        lead: leadOf($, el, normalizeForMatch(t)),
        selector: '',
        inNav: false,
        inMainNav: false,
        inFooter: within(el, footerSet),
        el,
      });
      return;
    }
    const t = linkText($, el);
    const norm = normalizeForMatch(t);
    links.push({
      url: abs,
      text: t,
      norm,
      lead: leadOf($, el, norm),
      selector: '',
      inNav: within(el, navSet),
      inMainNav: within(el, mainNavSet),
      inFooter: within(el, footerSet),
      el,
    });
  });
  // Selectors are computed lazily by evidence helpers; store them for nav links now (cheap, few).
  const mainNav: NavItem[] = [];
  if (mainNavEl) {
    const subMenus = containerSet($, '.dropdown-menu, .sub-menu, .submenu, .mega-panel, .megamenu-panel');
    for (const l of links.filter((x) => x.inMainNav)) {
      l.selector = selectorOf($, l.el);
      const topLevel =
        $(l.el).parentsUntil(mainNavEl, 'ul, ol').length <= 1 && !within(l.el, subMenus, mainNavEl);
      mainNav.push({
        text: l.text,
        norm: l.norm,
        url: l.url,
        selector: l.selector,
        source: 'markup',
        topLevel,
      });
    }
  }
  const menuHeadings = findMenuHeadings($, base, { navSet, mainNavSet, footerSet });
  const scripted = scriptMenuItems($, base);
  if (scripted.length) mainNav.push(...scripted);
  const html$ = $('html');
  return {
    url,
    depth,
    title: $('title').first().text().replace(/\s+/g, ' ').trim(),
    $,
    text,
    norm: normalizeForMatch(text),
    lang: (html$.attr('lang') ?? html$.attr('xml:lang') ?? null)?.toLowerCase() ?? null,
    dir: html$.attr('dir')?.toLowerCase() ?? null,
    links,
    mainNav,
    mainNavSelector: mainNavEl ? selectorOf($, mainNavEl) : null,
    menuHeadings,
    isHome,
  };
}

export function buildSite(
  pages: PageView[],
  services: Service[],
  hosts: string[],
  extras: SiteExtras = {},
): SiteView {
  const index = new Map<string, PageView>();
  for (const p of pages) index.set(sameUrlKey(p.url), p);
  const home = pages.find((p) => p.isHome) ?? pages[0];
  return { home, pages, services, hosts, extras, byUrl: (u) => index.get(sameUrlKey(u)) };
}

/** Compare URLs loosely: scheme, "www." and a trailing slash do not make two pages different. */
export function sameUrlKey(url: string): string {
  try {
    const u = new URL(url);
    const path = u.pathname.replace(/\/(index\.(html?|php|aspx?))?$/i, '') || '';
    return `${siteHost(u.host)}${decodeURIComponentSafe(path)}${u.search}`;
  } catch {
    return url;
  }
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function isInternal(site: SiteView, url: string): boolean {
  const h = siteHost(hostOf(url));
  return site.hosts.some((x) => siteHost(x) === h);
}

/** Evidence for a link: where it points, its text and where it sits. */
export function linkEvidence(page: PageView, l: LinkView, label: string): Evidence {
  if (!l.selector) l.selector = selectorOf(page.$, l.el);
  return {
    kind: 'selector',
    label: `${label} (on ${page.url})`,
    url: l.url,
    selector: l.selector,
    text: l.text,
  };
}

export function textEvidence(page: PageView, label: string, text: string, selector?: string): Evidence {
  return { kind: 'text', label, url: page.url, text: text.slice(0, 300), ...(selector ? { selector } : {}) };
}
