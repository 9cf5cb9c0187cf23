// Helpers shared by the detectors: find a topic where a person would look for it (a link label, a
// heading, a page title), never as a word buried in running text.
import type { Element } from 'domhandler';
import { normalizeForMatch } from '../../../text/normalize.ts';
import type { Evidence } from '../../types.ts';
import { isLabel, isLinkLabel, matchNorm } from '../phrases.ts';
import {
  linkEvidence,
  sameUrlKey,
  selectorOf,
  type LinkView,
  type PageView,
  type SiteView,
} from '../site.ts';

export interface LinkHit {
  page: PageView;
  link: LinkView;
  phrase: string;
}

export interface HeadingHit {
  page: PageView;
  el: Element;
  text: string;
  phrase: string;
}

/** Links whose label is the topic (a short label, not a sentence mentioning it). */
export function linksLabelled(
  site: SiteView,
  topic: string,
  opts: { pages?: PageView[]; maxExtraWords?: number } = {},
): LinkHit[] {
  const hits: LinkHit[] = [];
  for (const page of opts.pages ?? site.pages)
    for (const link of page.links) {
      const phrase = isLinkLabel(link, topic, opts.maxExtraWords ?? 3);
      if (phrase) hits.push({ page, link, phrase });
    }
  return hits;
}

// Box titles include a panel's or card's header bar (Bootstrap's .panel-heading / .card-header): portals
// often write the title there as plain text, with no heading tag.
// A box's title cell named by its class ("header1", "box-header", "block_heading") holding no link is a
// box title too: table-built portals head their boxes this way ("News and Events" in td.header1).
const HEADINGS =
  'h1, h2, h3, h4, h5, h6, legend, caption, .title, .panel-title, .card-title, .section-title, .widget-title, .box-title, .panel-heading, .card-header, [class*="header" i]:not(:has(a)), [class*="heading" i]:not(:has(a))';

// Detectors ask the same pages about many topics: headings and titles are read once per page.
const headingCache = new WeakMap<PageView, { el: Element; text: string; norm: string }[]>();
const titleCache = new WeakMap<PageView, string[]>();

function headingsOf(page: PageView): { el: Element; text: string; norm: string }[] {
  let list = headingCache.get(page);
  if (!list) {
    const controls = scriptControls(page)
      .filter((c) => c.own)
      .map((c) => c.el);
    list = [...new Set([...page.$(HEADINGS).toArray(), ...tabLabels(page), ...controls])].map((el) => {
      const text = page.$(el).text().replace(/\s+/g, ' ').trim();
      return { el: el as Element, text, norm: normalizeForMatch(text) };
    });
    headingCache.set(page, list);
  }
  return list;
}

/**
 * Tab labels: `role="tab"` elements, and in-page anchors (`href="#panel"`) whose target is a panel of the
 * same page holding text. A visitor clicks "مزایده" in a tab strip and reads the auctions panel: the tab
 * label titles a section as a heading does. `href="#"` alone, or a fragment with no panel, titles nothing.
 */
function tabLabels(page: PageView): Element[] {
  const $ = page.$;
  const anchors = $('a[href^="#"]')
    .toArray()
    .filter((a) => ($(a).attr('href') ?? '').length > 1) as Element[];
  const out = $('[role="tab"]').toArray() as Element[];
  if (!anchors.length) return out;
  const byId = new Map<string, Element>();
  for (const el of $('[id]').toArray() as Element[]) byId.set(el.attribs.id, el);
  for (const a of anchors) {
    let id = ($(a).attr('href') ?? '').slice(1);
    try {
      id = decodeURIComponent(id);
    } catch {
      // keep it as written
    }
    const panel = byId.get(id);
    if (panel && panel !== a && !$(panel).find(a).length && $(panel).text().trim() && !out.includes(a))
      out.push(a);
  }
  return out;
}

export interface ScriptControl {
  el: Element;
  /** What a visitor reads on it: its text, or else the tooltip of its title or aria-label. */
  label: string;
  /** The label is the control's own text (not a tooltip). */
  own: boolean;
}

const controlCache = new WeakMap<PageView, ScriptControl[]>();

/**
 * Buttons the page's scripts open: a `<button>`, `role="button"` or `.btn` element with text, or a
 * text-less element named by a `title` or `aria-label` tooltip (a header icon), that carries its own
 * `on…` handler or whose id or a class a script, handler or control names. A visitor clicks "اطلاعیه ها"
 * and reads the panel it opens, as with a tab label. A form's submit button, or a named element nothing
 * opens, is not such a control.
 */
export function scriptControls(page: PageView): ScriptControl[] {
  let out = controlCache.get(page);
  if (out) return out;
  out = [];
  const $ = page.$;
  const openers = openersOf(page);
  const cands = $('button, [role="button"], .btn, [title], [aria-label]').toArray() as Element[];
  for (const el of cands) {
    if (el.name === 'a' || el.name === 'input' || el.name === 'img' || el.name === 'iframe') continue;
    if ((el.attribs.type ?? '').toLowerCase() === 'submit' || $(el).closest('form').length) continue;
    const text = $(el).text().replace(/\s+/g, ' ').trim();
    const tip = (el.attribs.title ?? el.attribs['aria-label'] ?? '').replace(/\s+/g, ' ').trim();
    const own = !!text && $(el).is('button, [role="button"], .btn') && !$(el).find('a[href]').length;
    if (!own && (text || !tip)) continue;
    const handled = Object.keys(el.attribs).some((n) => /^on/i.test(n));
    const names = [
      ...(el.attribs.id ? [`#${el.attribs.id}`] : []),
      ...(el.attribs.class ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((c) => `.${c}`),
    ];
    if (handled || names.some((n) => new RegExp(`${escapeRe(n)}(?![\\w-])`).test(openers)))
      out.push({ el, label: own ? text : tip, own });
  }
  controlCache.set(page, out);
  return out;
}

/** Headings (and page titles) labelled with the topic. */
export function headingsLabelled(page: PageView, topic: string, maxExtraWords = 4): HeadingHit[] {
  const hits: HeadingHit[] = [];
  for (const h of headingsOf(page)) {
    const phrase = isLabel(h.norm, topic, maxExtraWords);
    if (phrase) hits.push({ page, el: h.el, text: h.text, phrase });
  }
  return hits;
}

/** The page's own title or first h1 names the topic. */
export function pageIsAbout(page: PageView, topic: string, maxExtraWords = 5): string | null {
  let titles = titleCache.get(page);
  if (!titles) {
    const h1 = page.$('h1').first().text();
    titles = [h1, page.title.split(/[|\-–—:]/)[0], page.title].map((t) => normalizeForMatch(t ?? ''));
    titleCache.set(page, titles);
  }
  for (const t of titles) {
    const m = isLabel(t, topic, maxExtraWords);
    if (m) return m;
  }
  return null;
}

/** Pages about the topic: by title/h1, or reached through a link labelled with the topic. */
export function topicPages(
  site: SiteView,
  topic: string,
  urlPattern?: RegExp,
): { page: PageView; how: string }[] {
  const out = new Map<string, { page: PageView; how: string }>();
  for (const p of site.pages) {
    const m = pageIsAbout(p, topic);
    if (m) out.set(p.url, { page: p, how: `title "${m}"` });
    else if (urlPattern && urlPattern.test(decodeSafe(new URL(p.url).pathname)))
      out.set(p.url, { page: p, how: 'URL' });
  }
  for (const hit of linksLabelled(site, topic)) {
    const target = site.byUrl(hit.link.url);
    if (target && !out.has(target.url))
      out.set(target.url, { page: target, how: `link "${hit.link.text}" on ${hit.page.url}` });
  }
  return [...out.values()];
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function headingEvidence(h: HeadingHit, label: string): Evidence {
  return {
    kind: 'selector',
    label,
    url: h.page.url,
    selector: selectorOf(h.page.$, h.el),
    text: h.text.slice(0, 200),
  };
}

export function linkHitEvidence(h: LinkHit, label: string): Evidence {
  return linkEvidence(h.page, h.link, label);
}

export function pageEvidence(page: PageView, label: string): Evidence {
  return { kind: 'url', label, url: page.url, text: page.title };
}

/** Where a topic shows up on a page as a label (link or heading), for simple found/not-found checks. */
export function labelledAnywhere(
  site: SiteView,
  topic: string,
  pages?: PageView[],
): { links: LinkHit[]; headings: HeadingHit[] } {
  const ps = pages ?? site.pages;
  return {
    links: linksLabelled(site, topic, { pages: ps }),
    headings: ps.flatMap((p) => headingsLabelled(p, topic)),
  };
}

/** A phrase anywhere in the page's normalised text (used only for supporting evidence). */
export function mentions(page: PageView, topic: string): string | null {
  return matchNorm(page.norm, topic);
}

export function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function sameUrl(a: string, b: string): boolean {
  return sameUrlKey(a) === sameUrlKey(b);
}

export function hostOfSafe(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/** Links whose target URL names the topic (path such as /tender or /fa/org-chart, or a host such as
 *  tender.example.ir): image-only buttons with empty alt text carry their meaning only there. */
export function linksToPath(site: SiteView, pattern: RegExp, pages?: PageView[]): LinkHit[] {
  const hits: LinkHit[] = [];
  for (const page of pages ?? site.pages)
    for (const link of page.links) {
      let target: URL;
      try {
        target = new URL(link.url);
      } catch {
        continue;
      }
      if (!/^https?:$/.test(target.protocol)) continue;
      const where = `${target.hostname.split('.')[0]} ${decodeSafe(target.pathname)}`;
      if (pattern.test(where) || pattern.test(decodeSafe(target.pathname)))
        hits.push({ page, link, phrase: target.pathname });
    }
  return hits;
}

// What on a page can open a hidden block: scripts, event handlers, and the targets controls name.
const openerCache = new WeakMap<PageView, string>();

function openersOf(page: PageView): string {
  let text = openerCache.get(page);
  if (text === undefined) {
    const $ = page.$;
    const parts: string[] = $('script')
      .toArray()
      .map((s) => $(s).text());
    $('*').each((_, el) => {
      for (const [name, value] of Object.entries((el as Element).attribs ?? {}))
        if (/^on/i.test(name) || /^(data-(bs-)?target|aria-controls|data-toggle)$/i.test(name))
          parts.push(value);
        else if (name === 'href' && value.startsWith('#')) parts.push(value);
    });
    text = parts.join('\n');
    openerCache.set(page, text);
  }
  return text;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Inside a block its own markup hides (inline `display:none`) that nothing on the page opens: no script,
 * event handler or control names its id or one of its classes, and it is no part of a widget that shows
 * its parts in turn (`shownBy`: carousel slides, tabs, drop-down menus). A visitor never sees it (a poll
 * switched off); a hidden panel a button toggles, or a carousel's next slide, is shown to the visitor.
 */
export function switchedOff(page: PageView, el: Element, shownBy?: RegExp): boolean {
  const $ = page.$;
  const chain = [el, ...$(el).parents().toArray()] as Element[];
  for (let i = 0; i < chain.length; i++) {
    const block = chain[i];
    if (!/display\s*:\s*none/i.test(block.attribs?.style ?? '')) continue;
    if (
      shownBy &&
      chain.slice(i).some((b) => shownBy.test(`${b.attribs?.id ?? ''} ${b.attribs?.class ?? ''}`))
    )
      continue;
    const openers = openersOf(page);
    const id = block.attribs.id;
    const names = [
      ...(id ? [`#${id}`, `'${id}'`, `"${id}"`] : []),
      ...(block.attribs.class ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((c) => `.${c}`),
    ];
    if (!names.some((n) => new RegExp(`${escapeRe(n)}(?![\\w-])`).test(openers))) return true;
  }
  return false;
}
