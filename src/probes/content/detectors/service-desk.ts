// Service desk (ITO 13, ARO 1400 gauge 7): a "میز خدمت" item in the home page's main navigation, and a
// desk page that links every service of the agency list (by service ID, URL or normalised title).
import type { Service } from '../../../agencies/model.ts';
import { normalizeForMatch } from '../../../text/normalize.ts';
import type { Evidence } from '../../types.ts';
import { isLabel, isLinkLabel } from '../phrases.ts';
import { optStr, str, type Declaration } from '../declared.ts';
import type { Element } from 'domhandler';
import type { DetectorResult, LinkView, PageView, SiteView } from '../site.ts';
import { linkEvidence, selectorOf } from '../site.ts';
import { hostOf } from '../../crawl/url.ts';
import { sameUrl, scriptControls, type ScriptControl } from './common.ts';

export interface NavFinding {
  inMainNav: boolean;
  nextToHome: boolean;
  url: string | null;
  evidence: Evidence[];
  found: boolean;
}

/** Find a topic item on the home page, preferring its main navigation. */
export function findNavItem(
  site: SiteView,
  topic: string,
  exclude?: string,
  /** Short menu words ("خدمات") that count only as the whole label of a drop-down heading. */
  menuTopic?: string,
  /** Words that name the topic in the file name of a heading drawn as an image (urls.yaml). */
  headingImage?: RegExp,
): NavFinding {
  const home = site.home;
  const evidence: Evidence[] = [];
  const ok = (l: { norm: string; lead?: string }, extra: number) => {
    const link = { norm: l.norm, lead: l.lead ?? '' };
    return !!isLinkLabel(link, topic, extra) && !(exclude && isLinkLabel(link, exclude, 2));
  };
  // A drop-down heading (href="#", javascript:) over a panel of real links is a menu item too; a
  // short word ("خدمات") counts there as the whole heading, since the panel shows what it holds.
  const okHeading = (h: { norm: string }, extra: number) =>
    ok(h, extra) || (!!menuTopic && isLabel(h.norm, menuTopic, 0) === h.norm);
  // A top-level item of the main navigation whose whole label is a qualified menu phrase ("خدمات بانکی",
  // "خدمات کاربران") is that section's entry, as a drop-down heading is: the bar lists the site's
  // sections, not headlines. The bare word "خدمات" as a plain link stays a heading-only word.
  const navHit =
    home.mainNav.find((n) => ok(n, 1)) ??
    home.mainNav.find(
      (n) =>
        n.topLevel &&
        !!menuTopic &&
        n.norm.includes(' ') &&
        isLabel(n.norm, menuTopic, 0) === n.norm &&
        !(exclude && isLinkLabel({ norm: n.norm, lead: '' }, exclude, 2)),
    );
  const heading = navHit ? undefined : home.menuHeadings.find((h) => h.inMainNav && okHeading(h, 1));
  if (heading) {
    const hasHome = home.mainNav.some((n) => isLabel(n.norm, 'home', 1));
    evidence.push({
      kind: 'selector',
      label: `main navigation heading over ${heading.links} link(s)${home.mainNavSelector ? ` in ${home.mainNavSelector}` : ''}`,
      url: heading.firstUrl,
      selector: heading.selector,
      text: heading.text,
    });
    return { found: true, inMainNav: true, nextToHome: hasHome, url: null, evidence };
  }
  const tool = navHit ? undefined : headerTool(home, (label) => ok({ norm: label }, 1));
  if (tool) {
    evidence.push({
      kind: 'selector',
      label: `header control beside the main navigation, named "${tool.label}"${tool.own ? '' : ' by its tooltip'}`,
      url: home.url,
      selector: selectorOf(home.$, tool.el),
      text: tool.label,
    });
    return { found: true, inMainNav: true, nextToHome: false, url: null, evidence };
  }
  if (navHit) {
    const hasHome = home.mainNav.some((n) => isLabel(n.norm, 'home', 1));
    evidence.push({
      kind: 'selector',
      label: `main navigation item${navHit.source === 'script' ? ' (menu built by script)' : ''}${home.mainNavSelector ? ` in ${home.mainNavSelector}` : ''}`,
      url: navHit.url ?? home.url,
      selector: navHit.selector,
      text: navHit.text,
    });
    return { found: true, inMainNav: true, nextToHome: hasHome, url: navHit.url, evidence };
  }
  // Outside the main navigation, only the agency's own pages (its host and sub-domains): a link to the
  // national portal's services is not this agency's services page.
  const own = home.url ? new URL(home.url).hostname.replace(/^www\./, '') : '';
  const ownLink = (u: string) => {
    const h = hostOf(u).replace(/:\d+$/, '');
    return h === own || h.endsWith(`.${own}`);
  };
  const anyLink = home.links.find((l) => ok(l, 2) && ownLink(l.url));
  if (anyLink) {
    evidence.push(
      linkEvidence(
        home,
        anyLink,
        `link on the home page, not in the main navigation${anyLink.inFooter ? ' (footer)' : ''}`,
      ),
    );
    return { found: true, inMainNav: false, nextToHome: false, url: anyLink.url, evidence };
  }
  // A control the scripts open, named for the topic by its text or tooltip, outside the header.
  const control = scriptControls(home).find((c) => ok({ norm: normalizeForMatch(c.label) }, 2));
  if (control) {
    evidence.push({
      kind: 'selector',
      label: `control on the home page, not in the main navigation, named "${control.label}"`,
      url: home.url,
      selector: selectorOf(home.$, control.el),
      text: control.label,
    });
    return { found: true, inMainNav: false, nextToHome: false, url: null, evidence };
  }
  const otherHeading = home.menuHeadings.find((h) => okHeading(h, 2));
  if (otherHeading) {
    evidence.push({
      kind: 'selector',
      label: `menu heading over ${otherHeading.links} link(s), not in the main navigation`,
      url: otherHeading.firstUrl,
      selector: otherHeading.selector,
      text: otherHeading.text,
    });
    return { found: true, inMainNav: false, nextToHome: false, url: null, evidence };
  }
  // A tab or block heading over the services (tab labels are anchors without a target).
  if (menuTopic) {
    const tab = home
      .$(
        'a:not([href]), a[href="#"], a[href^="javascript"], [role="tab"], h2, h3, h4, h5, h6, .title, .tab-title',
      )
      .toArray()
      .find((el) => {
        // In a menu a heading counts only over its panel (menuHeadings above).
        if (home.$(el).closest('nav, [role="navigation"], .navbar, .menu').length) return false;
        const n = normalizeForMatch(home.$(el).text().replace(/\s+/g, ' ').trim());
        return !!n && isLabel(n, menuTopic, 0) === n && !(exclude && isLabel(n, exclude, 2));
      });
    if (tab) {
      evidence.push({
        kind: 'selector',
        label: 'tab or block heading on the home page, not in the main navigation',
        url: home.url,
        selector: selectorOf(home.$, tab),
        text: home.$(tab).text().replace(/\s+/g, ' ').trim(),
      });
      return { found: true, inMainNav: false, nextToHome: false, url: null, evidence };
    }
  }
  const drawn = imageHeading(home, topic, menuTopic, headingImage);
  if (drawn) {
    evidence.push({
      kind: 'selector',
      label: `block heading drawn as an image over ${drawn.links} link(s), not in the main navigation`,
      url: home.url,
      selector: selectorOf(home.$, drawn.img),
      text: drawn.named,
    });
    return { found: true, inMainNav: false, nextToHome: false, url: null, evidence };
  }
  return { found: false, inMainNav: false, nextToHome: false, url: null, evidence };
}

/**
 * A control in the page header that holds the main navigation (an icon named by its tooltip, opened by
 * script: "خدمات الکترونیک" over a panel of the agency's systems). The header shows it beside the menu
 * on every page, so it is part of the site's main navigation as the menu's own items are.
 */
function headerTool(page: PageView, named: (norm: string) => boolean): ScriptControl | undefined {
  if (!page.mainNavSelector) return undefined;
  const header = page.$(page.mainNavSelector).first().closest('header, #header, .header, [role="banner"]');
  if (!header.length) return undefined;
  return scriptControls(page).find((c) => header.find(c.el).length > 0 && named(normalizeForMatch(c.label)));
}

const HEADING_BOX =
  'h1, h2, h3, h4, h5, h6, caption, legend, .header, .heading, .title, .panel-heading, .card-header, .box-title, .widget-title';

/**
 * A block heading drawn as an image ("خدمات الکترونیکی" painted in khadamatElectronic.jpg): the image is
 * all its heading box holds, the block under it lists links, and its alt text, or failing that its file
 * name, names the topic. A visitor reads the words in the picture; the file name is what the markup keeps
 * of them. An image inside a link is that link's label, read with the links.
 */
function imageHeading(
  page: PageView,
  topic: string,
  menuTopic: string | undefined,
  fileWords: RegExp | undefined,
): { img: Element; named: string; links: number } | null {
  const $ = page.$;
  for (const img of $('img').toArray() as Element[]) {
    const $img = $(img);
    if ($img.closest('a, nav, [role="navigation"]').length) continue;
    const box = $img.closest(HEADING_BOX);
    if (!box.length || box.text().trim()) continue;
    const alt = normalizeForMatch($img.attr('alt') ?? '');
    let named: string | null = null;
    if (alt) named = isLabel(alt, topic, 1) ?? (menuTopic && isLabel(alt, menuTopic, 0) === alt ? alt : null);
    else if (fileWords) {
      const path = ($img.attr('src') ?? '').split(/[?#]/)[0];
      if (fileWords.test(path.slice(path.lastIndexOf('/')))) named = path.slice(path.lastIndexOf('/') + 1);
    }
    if (!named) continue;
    const links = box.parent().find('a[href]').length - box.find('a[href]').length;
    if (links >= 2) return { img, named, links };
  }
  return null;
}

/** Does a link point to this service (its URL, its ID in the URL, or its title as the label)? */
export function linksService(l: LinkView, s: Service): boolean {
  if (s.url && sameUrl(l.url, s.url)) return true;
  if (s.id && l.url.includes(s.id)) return true;
  const t = normalizeForMatch(s.title);
  return t.length >= 4 && (l.norm === t || (l.norm.includes(t) && l.norm.length <= t.length + 30));
}

/** The desk page and the pages it leads to under the same path (category pages of a desk). */
function deskPages(site: SiteView, deskUrl: string): PageView[] {
  const desk = site.byUrl(deskUrl);
  if (!desk) return [];
  const dir = new URL(desk.url).pathname.replace(/[^/]*$/, '');
  const below = desk.links
    .map((l) => site.byUrl(l.url))
    .filter(
      (p): p is PageView =>
        !!p && p !== desk && p !== site.home && dir.length > 1 && new URL(p.url).pathname.startsWith(dir),
    );
  return [desk, ...new Set(below)];
}

export function serviceDesk(site: SiteView, d: Declaration): DetectorResult {
  const nav = findNavItem(site, str(d, 'topic'), optStr(d, 'exclude'), optStr(d, 'menuTopic'));
  const evidence = [...nav.evidence];
  let linked: Service[] = [];
  let missing: Service[] = [];
  let deskRead = false;
  if (nav.url) {
    const pages = deskPages(site, nav.url);
    deskRead = pages.length > 0;
    if (deskRead) {
      const links = pages.flatMap((p) => p.links);
      linked = site.services.filter((s) => links.some((l) => linksService(l, s)));
      missing = site.services.filter((s) => !linked.includes(s));
      evidence.push({
        kind: 'count',
        label: `services of the agency list linked from the desk (${pages.length} page(s))`,
        url: nav.url,
        count: linked.length,
      });
      for (const s of missing.slice(0, 20))
        evidence.push({
          kind: 'note',
          label: 'service not linked from the desk',
          text: `${s.id} ${s.title}`,
          url: s.url,
        });
    } else
      evidence.push({
        kind: 'note',
        label: 'desk page was not crawled (limits, robots or error)',
        url: nav.url,
      });
  }
  // No desk at all: the services are not gathered centrally. A desk we could not read: unknown.
  const allLinked = !site.services.length
    ? null
    : !nav.found
      ? false
      : deskRead
        ? missing.length === 0
        : null;
  return {
    verdict: !nav.found ? 'none' : nav.inMainNav ? 'main-nav' : 'elsewhere',
    facts: {
      'serviceDesk.found': nav.found,
      'serviceDesk.inMainNav': nav.inMainNav,
      'serviceDesk.allServicesLinked': allLinked,
      'serviceDesk.linkedServices': deskRead ? linked.length : 0,
      'serviceDesk.nextToHome': nav.nextToHome,
    },
    evidence,
    confidence: nav.found ? (nav.inMainNav ? 0.95 : 0.8) : 0.8,
    details: {
      deskUrl: nav.url,
      nextToHome: nav.nextToHome,
      missingServices: missing.map((s) => ({ id: s.id, title: s.title, url: s.url })),
    },
  };
}
