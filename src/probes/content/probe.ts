// The content probe: crawls the agency (shared with the links probe), builds the site view and runs
// every detector. Portal facts go in values.facts, service-level facts in values.serviceFacts.
import type { Service } from '../../agencies/model.ts';
import { fetchUrl } from '../../net/fetch.ts';
import { PAYESH_VERSION } from '../../net/options.ts';
import {
  failedMeasurement,
  nowIso,
  type Evidence,
  type Measurement,
  type Probe,
  type ProbeContext,
  type Target,
} from '../types.ts';
import { crawlAgency, type AgencyCrawlOptions, type AgencyCrawls } from '../crawl/agency-crawl.ts';
import type { CrawlResult, CrawledPage } from '../crawl/crawler.ts';
import { decodeHtml } from '../crawl/charset.ts';
import { analyseInWorker, prioritySeedsInWorker, ParseLimitError } from './parse-pool.ts';
import { matchesKeyTopic, type PageInput } from './parse-tasks.ts';
import { gainedBySecondLook, unresolved, wantsSecondLook } from './second-look.ts';
import { canonicalUrl } from '../crawl/url.ts';
import { normalizeForMatch } from '../../text/normalize.ts';

export const CONTENT_TOOL = `payesh-content/${PAYESH_VERSION} cheerio/1`;

/** Stop reading more pages once a parse worker's heap is this full (the home page is always read). */
const PARSE_HEAP_SHARE = 0.6;

export interface ContentProbeOptions extends AgencyCrawlOptions {
  /** Services of the agency list (titles help match desk links); default: the service targets. */
  servicesFor?: (agencyId: string) => Service[] | undefined;
  /** Pages whose HTML is kept for the detectors beyond key pages (bounds memory on big sites). */
  keepPages?: number;
  /** Try the site search with a query and check the results page answers. */
  trySearch?: boolean;
  /** The run's crawl set (shared with the links probe); standalone when not given. */
  crawls?: AgencyCrawls;
  /** Heap of one parse worker, MB (default DEFAULT_PARSE_MEMORY_MB). */
  parseMemoryMb?: number;
}

/** Crawl options the content checks need: key pages early (seeds) and kept. */
export function contentCrawlOptions(opts: ContentProbeOptions = {}): AgencyCrawlOptions {
  const keepPages = opts.keepPages ?? 150;
  let kept = 0;
  return {
    ...opts,
    // Parsed in a worker: a home page too big to parse gives no early links; the crawl goes on.
    prioritySeeds: async (home: CrawledPage, signal?: AbortSignal) =>
      home.html
        ? prioritySeedsInWorker(home.finalUrl, home.html, { memoryMb: opts.parseMemoryMb, signal }).catch(
            () => [],
          )
        : [],
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

/** The search request a parse worker asks for, made here through the run's network policy. */
async function searchRequest(url: string, ctx: ProbeContext) {
  const r = await fetchUrl(url, ctx.net, { signal: ctx.signal, maxBodyBytes: 2 * 1024 * 1024 });
  return { url, status: r.status, text: r.body.length ? decodeHtml(r.body, r.contentType).text : '' };
}

/** The crawl's home page among the pages read (the first page when none matches the target). */
function homeInputOf(pages: PageInput[], homeUrl: string): PageInput | undefined {
  const home = canonicalUrl(homeUrl) ?? homeUrl;
  return pages.find((p) => p.url === home || p.finalUrl === home) ?? pages[0];
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
      const pages: PageInput[] = result.pages
        .filter((p) => p.html)
        .map((p) => ({ url: p.url, finalUrl: p.finalUrl, html: p.html!, depth: p.depth }));
      let out: Awaited<ReturnType<typeof analyseInWorker>>;
      // The DOMs are built in a worker thread with its own heap limit: a page too big to parse
      // fails this job with a typed reason and nothing else.
      const analyse = (input: PageInput[]) =>
        analyseInWorker(
          {
            pages: input,
            homeUrl: target.url,
            services: servicesOf(target, ctx, opts),
            hosts: result.hosts,
            trySearch: opts.trySearch ?? true,
            heapShare: PARSE_HEAP_SHARE,
          },
          (url) => searchRequest(url, ctx),
          { memoryMb: opts.parseMemoryMb, signal: ctx.signal },
        );
      const homeInput = homeInputOf(pages, target.url);
      let homeSource: 'raw' | 'rendered' = homePage?.rendered ? 'rendered' : 'raw';
      let secondLook: string | undefined;
      try {
        out = await analyse(pages);
        // Plain HTTP first: the home page is rendered only when its raw HTML is mostly script and
        // detectors found nothing; the rendered reading is kept when it resolves more of them.
        const first = out.analysis;
        const missing = first ? unresolved(first).length : 0;
        if (
          opts.render &&
          homeInput &&
          homeSource === 'raw' &&
          first &&
          wantsSecondLook(homeInput.html, first)
        ) {
          try {
            const html = await opts.render(homeInput.finalUrl);
            const again = await analyse(pages.map((p) => (p === homeInput ? { ...p, html } : p)));
            const gained = again.analysis ? gainedBySecondLook(first, again.analysis) : 0;
            secondLook = `home page rendered because its raw HTML is mostly script and ${missing} detector(s) found nothing; the rendered page resolved ${gained} more`;
            if (gained > 0) {
              out = again;
              homeSource = 'rendered';
            }
          } catch (e) {
            if (e instanceof ParseLimitError) throw e;
            secondLook = `home page could not be rendered: ${(e as Error).message}`;
          }
        }
      } catch (e) {
        if (ctx.signal.aborted) throw e;
        return failedMeasurement('content', target.url, CONTENT_TOOL, startedAt, {
          type: e instanceof ParseLimitError ? e.type : 'internal',
          message: (e as Error).message,
        });
      }
      const analysis = out.analysis;
      if (!analysis) {
        const err = homePage?.error ?? {
          type: homePage?.status ? `http-${homePage.status}` : 'no-html',
          message: `home page ${target.url} gave no HTML to read`,
        };
        return failedMeasurement('content', target.url, CONTENT_TOOL, startedAt, err);
      }
      const renderedUrls = result.pages.filter((p) => p.rendered).map((p) => p.finalUrl);
      if (homeSource === 'rendered' && homeInput && !renderedUrls.includes(homeInput.finalUrl))
        renderedUrls.unshift(homeInput.finalUrl);
      const sourceNote: Evidence = {
        kind: 'note',
        label: 'content read from',
        url: homeInput?.finalUrl ?? target.url,
        text:
          `home page: ${homeSource === 'raw' ? 'raw HTML (plain HTTP)' : 'rendered page (browser)'}; ` +
          `${renderedUrls.length} of ${out.pagesRead} page(s) read after rendering` +
          (secondLook ? `; ${secondLook}` : ''),
      };
      const limitsHit = out.pagesSkipped
        ? [...result.limitsHit, `parse-memory: ${out.pagesSkipped} pages not read`]
        : result.limitsHit;
      return {
        probe: 'content',
        url: target.url,
        values: {
          detectors: analysis.detectors,
          facts: { ...analysis.facts, 'crawl.pages': result.pages.length },
          serviceFacts: analysis.serviceFacts,
          crawl: {
            pages: result.pages.length,
            pagesRead: out.pagesRead,
            bytes: result.bytes,
            durationMs: Math.round(result.durationMs),
            limitsHit,
            linksDropped: result.linksDropped,
            robotsSkipped: [...result.skipped.values()].filter((v) => v === 'robots').length,
            rendered: renderedUrls.length,
            renderedUrls: renderedUrls.slice(0, 20),
            hosts: result.hosts,
          },
          /** Whether the home page's verdicts came from its raw HTML or its rendered page. */
          homeSource,
        },
        evidence: [sourceNote, ...analysis.evidence],
        toolVersion: CONTENT_TOOL,
        startedAt,
        finishedAt: nowIso(),
      };
    },
  };
}

export const contentProbe = createContentProbe();
