// The content probe: crawls the agency (shared with the links probe), builds the site view and runs
// every detector. Portal facts go in values.facts, service-level facts in values.serviceFacts.
import type { Service } from '../../agencies/model.ts';
import { fetchUrl } from '../../net/fetch.ts';
import { PAYESH_VERSION } from '../../net/options.ts';
import {
  failedMeasurement,
  nowIso,
  type Measurement,
  type Probe,
  type ProbeContext,
  type Target,
} from '../types.ts';
import { crawlAgency, type AgencyCrawlOptions, type AgencyCrawls } from '../crawl/agency-crawl.ts';
import type { CrawlResult, CrawledPage } from '../crawl/crawler.ts';
import type { FoundLink } from '../crawl/extract.ts';
import { decodeHtml } from '../crawl/charset.ts';
import { canonicalUrl, hostOf } from '../crawl/url.ts';
import { analyseSite } from './analyse.ts';
import { languageCandidates } from './detectors/second-language.ts';
import { findSearchForm } from './detectors/usability.ts';
import { isLabel } from './phrases.ts';
import { normalizeForMatch } from '../../text/normalize.ts';
import { buildPage, buildSite, sameUrlKey, type PageView, type SiteExtras } from './site.ts';
import * as cheerio from 'cheerio';

export const CONTENT_TOOL = `payesh-content/${PAYESH_VERSION} cheerio/1`;

/** Topics whose pages must be crawled early and kept for the detectors. */
const KEY_TOPICS = [
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

export interface ContentProbeOptions extends AgencyCrawlOptions {
  /** Services of the agency list (titles help match desk links); default: the service targets. */
  servicesFor?: (agencyId: string) => Service[] | undefined;
  /** Pages whose HTML is kept for the detectors beyond key pages (bounds memory on big sites). */
  keepPages?: number;
  /** Try the site search with a query and check the results page answers. */
  trySearch?: boolean;
  /** The run's crawl set (shared with the links probe); standalone when not given. */
  crawls?: AgencyCrawls;
}

function matchesKeyTopic(text: string, maxExtra = 3): boolean {
  return KEY_TOPICS.some((t) => !!isLabel(text, t, maxExtra));
}

/** Crawl options the content checks need: key pages early (seeds) and kept. */
export function contentCrawlOptions(opts: ContentProbeOptions = {}): AgencyCrawlOptions {
  const keepPages = opts.keepPages ?? 150;
  let kept = 0;
  return {
    ...opts,
    prioritySeeds: (home: CrawledPage, links: FoundLink[]) => {
      if (!home.html) return [];
      const view = buildPage(home.finalUrl, home.html, 0, true);
      const nav = view.mainNav.map((n) => n.url).filter((u): u is string => !!u);
      const keyed = view.links.filter((l) => matchesKeyTopic(l.norm)).map((l) => l.url);
      const lang = languageCandidates(view).map((c) => c.url);
      void links;
      return [...new Set([...lang, ...keyed, ...nav])].slice(0, 60);
    },
    keepHtml: (page: CrawledPage) => {
      const keep =
        kept < keepPages || page.via !== 'link' || matchesKeyTopic(normalizeForMatch(page.title), 5);
      if (keep) kept++;
      return keep;
    },
  };
}

export function servicesOf(target: Target, ctx: ProbeContext, opts: ContentProbeOptions): Service[] {
  const listed = opts.servicesFor?.(target.agencyId);
  if (listed) return listed;
  return (ctx.agencyTargets ?? [])
    .filter((t) => t.kind === 'service' && t.agencyId === target.agencyId && t.serviceId)
    .map((t) => ({ id: t.serviceId!, title: '', url: t.url, type: 'G2C' as const }));
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

/** Turn the crawl's kept pages into detector views (home first). */
export function pageViews(result: CrawlResult, homeUrl: string): PageView[] {
  const home = canonicalUrl(homeUrl) ?? homeUrl;
  const views: PageView[] = [];
  for (const p of result.pages) {
    if (!p.html) continue;
    try {
      views.push(buildPage(p.finalUrl, p.html, p.depth, p.url === home || p.finalUrl === home));
    } catch {
      /* unparsable page: skipped, it is still in the link check */
    }
  }
  if (views.length && !views.some((v) => v.isHome)) views[0].isHome = true;
  return views;
}

async function searchCheck(
  home: PageView,
  ctx: ProbeContext,
  hosts: string[],
): Promise<SiteExtras['searchResult']> {
  const form = findSearchForm(home.$);
  if (!form || form.method === 'post') return undefined;
  const action = canonicalUrl(form.action || home.url, home.url);
  if (!action || !hosts.includes(hostOf(action))) return undefined;
  const query = 'خدمات';
  const u = new URL(action);
  u.searchParams.set(form.input, query);
  const r = await fetchUrl(u.href, ctx.net, { signal: ctx.signal, maxBodyBytes: 2 * 1024 * 1024 });
  const text = r.body.length ? decodeHtml(r.body, r.contentType).text : '';
  const $ = cheerio.load(text);
  const body = $('body').text();
  return {
    url: u.href,
    status: r.status,
    echoesQuery: body.includes(query),
    hasResults: $('main a, .results a, .search-results a, #results a, article a, li a').length > 0,
  };
}

export function createContentProbe(opts: ContentProbeOptions = {}): Probe {
  return {
    id: 'content',
    appliesTo: ['portal'],
    async run(target: Target, ctx: ProbeContext): Promise<Measurement> {
      const startedAt = nowIso();
      let result: CrawlResult;
      try {
        result = await crawlAgency(target, ctx, contentCrawlOptions(opts), opts.crawls);
      } catch (e) {
        return failedMeasurement('content', target.url, CONTENT_TOOL, startedAt, {
          type: 'internal',
          message: (e as Error).message,
        });
      }
      const homePage = result.pages[0];
      const views = pageViews(result, target.url);
      if (!views.length) {
        const err = homePage?.error ?? {
          type: homePage?.status ? `http-${homePage.status}` : 'no-html',
          message: `home page ${target.url} gave no HTML to read`,
        };
        return failedMeasurement('content', target.url, CONTENT_TOOL, startedAt, err);
      }
      const home = views.find((v) => v.isHome)!;
      const extras: SiteExtras = {};
      if (opts.trySearch ?? true)
        extras.searchResult = await searchCheck(home, ctx, result.hosts).catch(() => undefined);
      const site = buildSite(views, withTitles(servicesOf(target, ctx, opts), views), result.hosts, extras);
      const analysis = analyseSite(site);
      return {
        probe: 'content',
        url: target.url,
        values: {
          detectors: analysis.detectors,
          facts: { ...analysis.facts, 'crawl.pages': result.pages.length },
          serviceFacts: analysis.serviceFacts,
          crawl: {
            pages: result.pages.length,
            pagesRead: views.length,
            bytes: result.bytes,
            durationMs: Math.round(result.durationMs),
            limitsHit: result.limitsHit,
            robotsSkipped: [...result.skipped.values()].filter((v) => v === 'robots').length,
            rendered: result.pages.filter((p) => p.rendered).length,
            hosts: result.hosts,
          },
        },
        evidence: analysis.evidence,
        toolVersion: CONTENT_TOOL,
        startedAt,
        finishedAt: nowIso(),
      };
    },
  };
}

export const contentProbe = createContentProbe();
