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
import { decodeHtml } from '../crawl/charset.ts';
import { analyseInWorker, prioritySeedsInWorker, ParseLimitError } from './parse-pool.ts';
import { matchesKeyTopic, type PageInput } from './parse-tasks.ts';
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
      try {
        // The DOMs are built in a worker thread with its own heap limit: a page too big to parse
        // fails this job with a typed reason and nothing else.
        out = await analyseInWorker(
          {
            pages,
            homeUrl: target.url,
            services: servicesOf(target, ctx, opts),
            hosts: result.hosts,
            trySearch: opts.trySearch ?? true,
            heapShare: PARSE_HEAP_SHARE,
          },
          (url) => searchRequest(url, ctx),
          { memoryMb: opts.parseMemoryMb, signal: ctx.signal },
        );
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
