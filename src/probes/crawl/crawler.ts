// A bounded same-site crawl of one agency: home and service pages first, then links within the
// agency's hosts, politely (robots.txt, Crawl-delay, at most two requests per host at a time) and
// within limits on pages, depth and bytes. Pages that are built by script can be rendered by a hook.
import * as cheerio from 'cheerio';
import type { Agent } from 'undici';
import { createDispatcher } from '../../net/dispatcher.ts';
import { fetchUrl, type FetchResult } from '../../net/fetch.ts';
import type { NetOptions } from '../../net/options.ts';
import type { ProbeError } from '../types.ts';
import { decodeHtml } from './charset.ts';
import {
  scanHtml,
  scannedLooksScriptBuilt,
  softRedirect,
  type FoundLink,
  type ScannedPage,
} from './extract.ts';
import { ALLOW_ALL, DISALLOW_ALL, isAllowed, parseRobots, type RobotsRules } from './robots.ts';
import { SitemapReader } from './sitemap.ts';
import { canonicalUrl, hostOf, looksLikeFile, pathPattern } from './url.ts';

export interface CrawlOptions {
  net: NetOptions;
  /** Portal home first, then the service pages; all crawled at depth 0. */
  startUrls: string[];
  /** Hosts (host[:port]) whose pages are crawled; default: the hosts of startUrls. */
  hosts?: string[];
  maxPages?: number;
  maxDepth?: number;
  /** Total body bytes for the whole crawl. */
  maxBytes?: number;
  /** Body cap per page. */
  maxPageBytes?: number;
  ignoreRobots?: boolean;
  useSitemap?: boolean;
  /** Requests in flight per host (at most 2; 1 when the site asks for a Crawl-delay). */
  perHostConcurrency?: number;
  /** Meta-refresh and script redirects followed from one page (default: net.maxRedirects). */
  maxSoftRedirects?: number;
  /** Pages crawled per URL shape (calendars, paginations). */
  maxPerPattern?: number;
  /** Distinct links kept per page (stored, checked, followed); the rest are counted in linksDropped. */
  maxLinksPerPage?: number;
  /** Longest Crawl-delay honoured, in seconds; longer requests are clamped to it and reported. */
  maxCrawlDelaySec?: number;
  /** Render a page in a browser and return its HTML; used only for pages that look built by script. */
  render?: (url: string) => Promise<string>;
  /** Keep this page's HTML for the detectors (default: keep every page). */
  keepHtml?: (page: CrawledPage) => boolean;
  /** URLs found on the home page that must be crawled early (FAQ, service desk, /en/ ...). */
  prioritySeeds?: (home: CrawledPage, signal?: AbortSignal) => string[] | Promise<string[]>;
  signal?: AbortSignal;
}

export interface CrawledPage {
  /** Canonical URL requested. */
  url: string;
  finalUrl: string;
  status: number | null;
  depth: number;
  contentType: string | null;
  charset?: string;
  title: string;
  /** Kept only when keepHtml said so. */
  html?: string;
  /** Canonical URLs of the links on the page (anchors, areas, iframes, images), deduplicated. */
  links: string[];
  rendered?: boolean;
  /** Distinct links past maxLinksPerPage, not kept. */
  linksDropped?: number;
  /** Stub pages (meta refresh, script redirect) that forwarded to this one, first first. */
  redirectedBy?: string[];
  via: 'start' | 'link' | 'sitemap' | 'seed';
  error?: ProbeError;
  bytes: number;
  truncated?: boolean;
}

/** What a URL answered when it was fetched during the crawl (the link checker reuses it). */
export interface FetchOutcome {
  status: number | null;
  finalUrl: string;
  error?: ProbeError;
  method: 'GET' | 'HEAD';
}

export interface CrawlResult {
  pages: CrawledPage[];
  /** Link URL -> up to 5 pages it appears on (evidence), and how many pages in all. */
  linkSources: Map<string, { pages: string[]; count: number; text: string }>;
  fetched: Map<string, FetchOutcome>;
  robots: Map<string, RobotsRules>;
  /** Internal URLs not fetched, with why (robots, limit, pattern). */
  skipped: Map<string, string>;
  hosts: string[];
  limitsHit: string[];
  /** Links dropped over all pages (past maxLinksPerPage). */
  linksDropped: number;
  bytes: number;
  durationMs: number;
}

interface QueueItem {
  url: string;
  depth: number;
  via: CrawledPage['via'];
}

const MAX_SOURCES = 5;
/** Distinct links kept per page: more than any real portal page has (mega menus run to a few hundred). */
export const DEFAULT_MAX_LINKS_PER_PAGE = 1000;
/** Sitemap files read per host, nested index levels followed, bytes read per file (the protocol's 50 MB). */
const MAX_SITEMAP_FILES = 6;
const MAX_SITEMAP_DEPTH = 3;
const MAX_SITEMAP_BYTES = 50 * 1024 * 1024;
/** Largest page read as a possible meta-refresh or script-redirect stub. */
const MAX_STUB_CHARS = 256 * 1024;

export async function crawl(opts: CrawlOptions): Promise<CrawlResult> {
  const t0 = performance.now();
  const maxPages = opts.maxPages ?? 200;
  const maxDepth = opts.maxDepth ?? 4;
  const maxBytes = opts.maxBytes ?? 100 * 1024 * 1024;
  const maxPageBytes = opts.maxPageBytes ?? Math.min(opts.net.maxBodyBytes, 3 * 1024 * 1024);
  const maxPerPattern = opts.maxPerPattern ?? 25;
  const maxLinksPerPage = opts.maxLinksPerPage ?? DEFAULT_MAX_LINKS_PER_PAGE;
  const perHost = Math.max(1, Math.min(2, opts.perHostConcurrency ?? 2));
  const maxDelay = opts.maxCrawlDelaySec ?? 10;
  const maxSoftRedirects = opts.maxSoftRedirects ?? opts.net.maxRedirects;
  const starts = opts.startUrls.map((u) => canonicalUrl(u)).filter((u): u is string => !!u);
  const hosts = new Set((opts.hosts ?? starts.map(hostOf)).map((h) => h.toLowerCase()).filter(Boolean));
  const dispatcher: Agent = createDispatcher(opts.net, { connections: perHost });

  const result: CrawlResult = {
    pages: [],
    linkSources: new Map(),
    fetched: new Map(),
    robots: new Map(),
    skipped: new Map(),
    hosts: [...hosts],
    limitsHit: [],
    linksDropped: 0,
    bytes: 0,
    durationMs: 0,
  };
  const seen = new Set<string>();
  const patternCount = new Map<string, number>();
  const hostQueues = new Map<string, QueueItem[]>();
  const hostState = new Map<string, { inFlight: number; nextAt: number; delayMs: number; conc: number }>();
  let scheduled = 0;
  const limit = (what: string) => {
    if (!result.limitsHit.includes(what)) result.limitsHit.push(what);
  };

  const get = (url: string, maxBody = maxPageBytes): Promise<FetchResult> =>
    fetchUrl(url, opts.net, { dispatcher, maxBodyBytes: maxBody, signal: opts.signal });

  // robots.txt and sitemaps, once per host, before any page of that host.
  for (const host of hosts) {
    const origin = new URL(starts.find((s) => hostOf(s) === host) ?? `https://${host}/`).origin;
    let rules: RobotsRules = ALLOW_ALL;
    const r = await get(`${origin}/robots.txt`, 512 * 1024);
    if (!r.error && r.status === 200 && !/html/i.test(r.contentType ?? ''))
      rules = parseRobots(r.body.toString('utf8'), 'payesh');
    else if (r.status !== null && r.status >= 500 && !opts.ignoreRobots) {
      rules = DISALLOW_ALL;
      limit(`robots.txt answered HTTP ${r.status} on ${host}: nothing crawled (RFC 9309)`);
    }
    result.robots.set(host, rules);
    let delayMs = 0;
    if (!opts.ignoreRobots && rules.crawlDelay) {
      delayMs = Math.min(rules.crawlDelay, maxDelay) * 1000;
      if (rules.crawlDelay > maxDelay)
        limit(`crawl-delay ${rules.crawlDelay}s clamped to ${maxDelay}s on ${host}`);
    }
    hostState.set(host, { inFlight: 0, nextAt: 0, delayMs, conc: delayMs ? 1 : perHost });
    hostQueues.set(host, []);
  }

  const allowedHost = (url: string) => hosts.has(hostOf(url));

  /** Put a URL in its host's queue if it passes every limit; returns false when refused. */
  const enqueue = (url: string, depth: number, via: QueueItem['via'], front = false): boolean => {
    if (seen.has(url)) return false;
    const host = hostOf(url);
    if (!hosts.has(host)) return false;
    seen.add(url);
    if (looksLikeFile(url)) return false;
    if (!opts.ignoreRobots && !isAllowed(result.robots.get(host) ?? ALLOW_ALL, url)) {
      result.skipped.set(url, 'robots');
      return false;
    }
    if (depth > maxDepth) {
      result.skipped.set(url, 'depth');
      limit('depth');
      return false;
    }
    if (scheduled >= maxPages) {
      result.skipped.set(url, 'pages');
      limit('pages');
      return false;
    }
    const pat = pathPattern(url);
    const n = patternCount.get(pat) ?? 0;
    if (via === 'link' && n >= maxPerPattern) {
      result.skipped.set(url, 'pattern');
      limit('url-pattern');
      return false;
    }
    patternCount.set(pat, n + 1);
    scheduled++;
    const q = hostQueues.get(host)!;
    if (front) q.unshift({ url, depth, via });
    else q.push({ url, depth, via });
    return true;
  };

  const recordLinks = (page: CrawledPage, links: FoundLink[]) => {
    for (const l of links) {
      let src = result.linkSources.get(l.url);
      if (!src) {
        src = { pages: [], count: 0, text: l.text };
        result.linkSources.set(l.url, src);
      }
      if (!src.pages.includes(page.url)) {
        src.count++;
        if (src.pages.length < MAX_SOURCES) src.pages.push(page.url);
      }
      if (!src.text && l.text) src.text = l.text;
    }
  };

  const processPage = async (item: QueueItem): Promise<void> => {
    let requested = item.url;
    let res = await get(requested);
    // A stub that only forwards the visitor (meta refresh, script redirect) stands for its target, as
    // an HTTP redirect would: the page is read where the visitor lands. Hops are capped like redirects.
    const chain = new Set([item.url]);
    let page: CrawledPage;
    let scanned: ScannedPage;
    let html: string;
    let finalUrl: string;
    for (;;) {
      result.bytes += res.bytes;
      finalUrl = canonicalUrl(res.finalUrl) ?? res.finalUrl;
      const outcome: FetchOutcome = {
        status: res.status,
        finalUrl,
        method: 'GET',
        ...(res.error ? { error: res.error } : {}),
      };
      result.fetched.set(requested, outcome);
      if (finalUrl !== requested && !result.fetched.has(finalUrl)) result.fetched.set(finalUrl, outcome);
      page = {
        url: item.url,
        finalUrl,
        status: res.status,
        depth: item.depth,
        contentType: res.contentType,
        title: '',
        links: [],
        via: item.via,
        bytes: res.bytes,
        ...(res.truncated ? { truncated: true } : {}),
        ...(res.error ? { error: res.error } : {}),
      };
      if (res.truncated) limit('page-bytes');
      const isHtml = !res.contentType || /html|xml/i.test(res.contentType);
      if (res.error || !res.status || res.status >= 400 || !isHtml || !allowedHost(finalUrl)) {
        result.pages.push(page);
        return;
      }
      seen.add(finalUrl);
      const decoded = decodeHtml(res.body, res.contentType);
      page.charset = decoded.charset;
      html = decoded.text;
      scanned = scanHtml(html, finalUrl);
      // Only a page that could be a forwarding stub gets a DOM here; the rest stay on the streaming scan.
      // Forwarding stubs are small: a big page is never parsed into a DOM on this thread.
      const mayForward =
        chain.size <= maxSoftRedirects &&
        html.length <= MAX_STUB_CHARS &&
        (/http-equiv\s*=\s*["']?refresh/i.test(html) || (scanned.anchors <= 2 && /location/i.test(html)));
      const next = mayForward ? softRedirect(cheerio.load(html), finalUrl) : null;
      if (!next || chain.has(next) || !allowedHost(next)) break;
      chain.add(next);
      requested = next;
      res = await get(next);
    }
    if (chain.size > 1) page.redirectedBy = [...chain].slice(0, -1);
    result.pages.push(page);
    if (opts.render && scannedLooksScriptBuilt(scanned)) {
      try {
        html = await opts.render(finalUrl);
        scanned = scanHtml(html, finalUrl);
        page.rendered = true;
      } catch (e) {
        page.error = { type: 'render', message: (e as Error).message };
      }
    }
    page.title = scanned.title;
    let links = scanned.links;
    page.links = [...new Set(links.map((l) => l.url))];
    if (page.links.length > maxLinksPerPage) {
      // A page with endless links (generated, hostile) keeps the first ones in document order.
      page.linksDropped = page.links.length - maxLinksPerPage;
      result.linksDropped += page.linksDropped;
      page.links = page.links.slice(0, maxLinksPerPage);
      const kept = new Set(page.links);
      links = links.filter((l) => kept.has(l.url));
      limit('links-per-page');
    }
    recordLinks(page, links);
    if (opts.keepHtml?.(page) ?? true) page.html = html;
    if (result.bytes >= maxBytes) {
      limit('bytes');
      return;
    }
    if (item.depth === 0 && result.pages.length === 1 && opts.prioritySeeds)
      for (const s of (await opts.prioritySeeds(page, opts.signal)).reverse()) {
        const c = canonicalUrl(s, finalUrl);
        if (c) enqueue(c, 1, 'seed', true);
      }
    for (const l of links)
      if (l.tag === 'a' || l.tag === 'area' || l.tag === 'iframe') enqueue(l.url, item.depth + 1, 'link');
  };

  // Start pages first, each at depth 0; the home page alone first so its priority seeds go early.
  const [home, ...rest] = starts;
  if (home && enqueue(home, 0, 'start')) {
    const q = hostQueues.get(hostOf(home))!;
    const item = q.shift()!;
    // The home page is fetched outside the pump, but its host's Crawl-delay counts from it all the same.
    const st = hostState.get(hostOf(home))!;
    st.nextAt = Date.now() + st.delayMs;
    await processPage(item);
  }
  for (const s of rest) enqueue(s, 0, 'start');

  // Sitemap pages are queued at depth 1: with --max-depth 0 none could be crawled.
  if ((opts.useSitemap ?? true) && maxDepth >= 1) await addSitemaps();

  // Sitemaps are streamed: entries are queued as they are read, and reading stops once the page limit
  // is met, at MAX_SITEMAP_ENTRIES per file, after MAX_SITEMAP_FILES files, and below
  // MAX_SITEMAP_DEPTH levels of nested indexes. A sitemap of any size takes bounded memory.
  async function addSitemaps(): Promise<void> {
    for (const host of hosts) {
      const rules = result.robots.get(host) ?? ALLOW_ALL;
      const origin = new URL(starts.find((s) => hostOf(s) === host) ?? `https://${host}/`).origin;
      const maps = rules.sitemaps.length ? rules.sitemaps.slice(0, 5) : [`${origin}/sitemap.xml`];
      const queue = maps.map((url) => ({ url, depth: 0 }));
      let read = 0;
      while (queue.length && read < MAX_SITEMAP_FILES && !result.limitsHit.includes('pages')) {
        const { url, depth } = queue.shift()!;
        if (!allowedHost(url)) continue;
        read++;
        let children = 0;
        const reader = new SitemapReader({
          onPage: (loc) => {
            if (scheduled >= maxPages) {
              // More pages are listed than the crawl may take: stop reading here.
              limit('pages');
              return false;
            }
            const c = canonicalUrl(loc);
            if (c) enqueue(c, 1, 'sitemap');
          },
          onSitemap: (loc) => {
            if (depth + 1 >= MAX_SITEMAP_DEPTH) {
              limit('sitemap-depth');
              return false;
            }
            if (children++ < MAX_SITEMAP_FILES) queue.push({ url: loc, depth: depth + 1 });
          },
        });
        const r = await fetchUrl(url, opts.net, {
          dispatcher,
          maxBodyBytes: MAX_SITEMAP_BYTES,
          signal: opts.signal,
          // Only a 200 answer is read as a sitemap.
          onChunk: (chunk, status) => status === 200 && reader.write(chunk),
        });
        reader.end();
        if (reader.capped) limit('sitemap-entries');
        if (r.truncated) limit('sitemap-bytes');
      }
      if (queue.length && read >= MAX_SITEMAP_FILES) limit('sitemap-files');
    }
  }

  await new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | null = null;
    let running = 0;
    const pump = () => {
      if (opts.signal?.aborted) {
        for (const q of hostQueues.values()) q.length = 0;
      }
      const now = Date.now();
      let wakeAt = Infinity;
      for (const [host, q] of hostQueues) {
        const st = hostState.get(host)!;
        while (q.length && st.inFlight < st.conc) {
          if (st.nextAt > now) {
            wakeAt = Math.min(wakeAt, st.nextAt);
            break;
          }
          const item = q.shift()!;
          st.inFlight++;
          running++;
          st.nextAt = Date.now() + st.delayMs;
          processPage(item)
            .catch((e) => {
              result.pages.push({
                url: item.url,
                finalUrl: item.url,
                status: null,
                depth: item.depth,
                contentType: null,
                title: '',
                links: [],
                via: item.via,
                bytes: 0,
                error: { type: 'internal', message: (e as Error).message },
              });
            })
            .finally(() => {
              st.inFlight--;
              running--;
              pump();
            });
        }
      }
      if (wakeAt < Infinity && !timer) {
        timer = setTimeout(() => {
          timer = null;
          pump();
        }, wakeAt - now);
      }
      if (running === 0 && !timer && [...hostQueues.values()].every((q) => q.length === 0)) resolve();
    };
    pump();
  });

  await dispatcher.close().catch(() => {});
  result.durationMs = performance.now() - t0;
  return result;
}
