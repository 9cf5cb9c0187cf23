// One crawl per agency and run, shared by the content and links probes (whichever runs first starts
// it; the other awaits the same promise). Only a few crawls are kept, so memory stays bounded.
// The runner owns the crawl set of a run (RunResources); nothing is cached across runs.
import type { ProbeContext, Target } from '../types.ts';
import { crawl, type CrawlOptions, type CrawlResult } from './crawler.ts';
import { canonicalUrl, hostOf } from './url.ts';

export type AgencyCrawlOptions = Omit<CrawlOptions, 'net' | 'startUrls' | 'hosts' | 'signal'>;

const MAX_KEPT = 4;

/** The portal home first, then each service page of the agency (deduplicated). */
export function startUrlsFor(target: Target, ctx: ProbeContext): string[] {
  const urls = [
    target.url,
    ...(ctx.agencyTargets ?? [])
      .filter((t) => t.kind === 'service' && t.agencyId === target.agencyId)
      .map((t) => t.url),
  ];
  return [...new Set(urls.map((u) => canonicalUrl(u) ?? u))];
}

/** The crawls of one run, keyed by agency and home page; the runner makes one set per run. */
export class AgencyCrawls {
  private readonly cache = new Map<string, Promise<CrawlResult>>();

  get(target: Target, ctx: ProbeContext, opts: AgencyCrawlOptions = {}): Promise<CrawlResult> {
    const key = `${target.runId ?? ''}|${target.agencyId}|${target.url}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const startUrls = startUrlsFor(target, ctx);
    const hosts = [...new Set(startUrls.map(hostOf).filter(Boolean))];
    const p = crawl({ ...opts, net: ctx.net, startUrls, hosts, signal: ctx.signal });
    this.cache.set(key, p);
    p.catch(() => this.cache.delete(key));
    while (this.cache.size > MAX_KEPT) this.cache.delete(this.cache.keys().next().value as string);
    return p;
  }

  clear(): void {
    this.cache.clear();
  }
}

/** Crawls for probes built outside a run (tests, benchmarks) that were given no crawl set. */
const standalone = new AgencyCrawls();

export function crawlAgency(
  target: Target,
  ctx: ProbeContext,
  opts: AgencyCrawlOptions = {},
  crawls: AgencyCrawls = standalone,
): Promise<CrawlResult> {
  return crawls.get(target, ctx, opts);
}

export function clearCrawlCache(): void {
  standalone.clear();
}
