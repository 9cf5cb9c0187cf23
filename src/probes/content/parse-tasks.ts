// The DOM work of the content probe, run inside a parse worker (parse-worker.mjs) so a hostile page
// can exhaust only that worker's memory: the home page's priority links for the crawl, and the site
// analysis (page views, the search check's reading, every detector). Everything in and out is plain
// data; the DOMs never leave the worker.
import { getHeapStatistics } from 'node:v8';
import * as cheerio from 'cheerio';
import type { Service } from '../../agencies/model.ts';
import { canonicalUrl, hostOf } from '../crawl/url.ts';
import { analyseSite, type ContentAnalysis } from './analyse.ts';
import { languageCandidates } from './detectors/second-language.ts';
import { findSearchForm } from './detectors/usability.ts';
import { isLabel } from './phrases.ts';
import { buildPage, buildSite, sameUrlKey, type PageView, type SiteExtras } from './site.ts';

/** Topics whose pages must be crawled early and kept for the detectors. */
export const KEY_TOPICS = [
  'serviceDesk',
  'servicesIntro',
  'faq',
  'guide',
  'structure',
  'managers',
  'stats',
  'strategy',
  'consultation',
  'decision',
  'privacy',
  'sla',
  'updateProcedure',
  'reports',
  'tenders',
  'survey',
  'contacts',
  'announcements',
  'support',
  'tracking',
];

export function matchesKeyTopic(text: string, maxExtra = 3): boolean {
  return KEY_TOPICS.some((t) => !!isLabel(text, t, maxExtra));
}

/** Links of the home page to crawl first: language versions, key topics, the main menu. */
export function prioritySeedsOf(url: string, html: string): string[] {
  const view = buildPage(url, html, 0, true);
  const nav = view.mainNav.map((n) => n.url).filter((u): u is string => !!u);
  const keyed = view.links.filter((l) => matchesKeyTopic(l.norm)).map((l) => l.url);
  const lang = languageCandidates(view).map((c) => c.url);
  return [...new Set([...lang, ...keyed, ...nav])].slice(0, 60);
}

export interface PageInput {
  url: string;
  finalUrl: string;
  html: string;
  depth: number;
}

export interface AnalyseInput {
  pages: PageInput[];
  homeUrl: string;
  services: Service[];
  hosts: string[];
  trySearch: boolean;
  /** Stop reading more pages once the heap passes this share of the worker's limit (home always read). */
  heapShare?: number;
}

export interface AnalyseOutput {
  analysis: ContentAnalysis | null;
  pagesRead: number;
  /** Pages left unread because the parse was near its memory limit. */
  pagesSkipped: number;
}

/** Turn the crawl's kept pages into detector views (home first). */
export function pageViews(
  pages: PageInput[],
  homeUrl: string,
  heapShare = 1,
): { views: PageView[]; skipped: number } {
  const home = canonicalUrl(homeUrl) ?? homeUrl;
  const views: PageView[] = [];
  let skipped = 0;
  const limit = getHeapStatistics().heap_size_limit * heapShare;
  for (const p of pages) {
    // The home page is always read; others only while the heap has room for their DOM.
    const isHome = p.url === home || p.finalUrl === home;
    if (views.length && !isHome && getHeapStatistics().used_heap_size > limit) {
      skipped++;
      continue;
    }
    try {
      views.push(buildPage(p.finalUrl, p.html, p.depth, isHome));
    } catch {
      /* unparsable page: skipped, it is still in the link check */
    }
  }
  if (views.length && !views.some((v) => v.isHome)) views[0].isHome = true;
  return { views, skipped };
}

/** Services listed without a title (audit targets carry none) take the h1 of their own page. */
export function withTitles(services: Service[], views: PageView[]): Service[] {
  const byKey = new Map(views.map((v) => [sameUrlKey(v.url), v]));
  return services.map((s) => {
    if (s.title.trim()) return s;
    const page = byKey.get(sameUrlKey(s.url));
    const h1 = page?.$('h1').first().text().replace(/\s+/g, ' ').trim() ?? '';
    return h1 ? { ...s, title: h1 } : s;
  });
}

/** The search query tried on the home page's search form. */
export const SEARCH_QUERY = 'خدمات';

/** The URL the home page's search form would load for SEARCH_QUERY (GET forms on the agency's hosts). */
export function searchUrlOf(home: PageView, hosts: string[]): string | null {
  const form = findSearchForm(home.$);
  // Only GET forms can be tried by URL (POST and boxes submitted by script are not).
  if (!form || form.method !== 'get') return null;
  const action = canonicalUrl(form.action || home.url, home.url);
  if (!action || !hosts.includes(hostOf(action))) return null;
  const u = new URL(action);
  u.searchParams.set(form.input, SEARCH_QUERY);
  return u.href;
}

/** What the search results page shows, read from its text. */
export function readSearchResult(
  url: string,
  status: number | null,
  text: string,
): NonNullable<SiteExtras['searchResult']> {
  const $ = cheerio.load(text);
  const body = $('body').text();
  return {
    url,
    status,
    echoesQuery: body.includes(SEARCH_QUERY),
    hasResults: $('main a, .results a, .search-results a, #results a, article a, li a').length > 0,
  };
}

/**
 * The analysis in two steps, so the search request is made by the main thread (through its network
 * policy) while the DOMs stay here: begin() builds the views and says which URL to search, finish()
 * takes the answer and runs the detectors.
 */
export class SiteAnalysis {
  private views: PageView[] = [];
  private skipped = 0;
  constructor(private readonly input: AnalyseInput) {}

  begin(): { searchUrl: string | null; empty: boolean } {
    const r = pageViews(this.input.pages, this.input.homeUrl, this.input.heapShare ?? 1);
    this.views = r.views;
    this.skipped = r.skipped;
    // The pages' HTML is no longer needed: let it go before the detectors run.
    this.input.pages = [];
    if (!this.views.length) return { searchUrl: null, empty: true };
    const home = this.views.find((v) => v.isHome)!;
    return { searchUrl: this.input.trySearch ? searchUrlOf(home, this.input.hosts) : null, empty: false };
  }

  finish(search?: { url: string; status: number | null; text: string } | null): AnalyseOutput {
    if (!this.views.length) return { analysis: null, pagesRead: 0, pagesSkipped: this.skipped };
    const extras: SiteExtras = {};
    if (search) {
      try {
        extras.searchResult = readSearchResult(search.url, search.status, search.text);
      } catch {
        /* an unreadable results page tells nothing */
      }
    }
    const site = buildSite(this.views, withTitles(this.input.services, this.views), this.input.hosts, extras);
    // Plain data only crosses back (evidence and details are JSON in the store anyway).
    const analysis = JSON.parse(JSON.stringify(analyseSite(site))) as ContentAnalysis;
    return { analysis, pagesRead: this.views.length, pagesSkipped: this.skipped };
  }
}
