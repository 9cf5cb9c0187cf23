// One crawl per agency and run, shared by the content and links probes (whichever runs first starts
// it; the other awaits the same promise). Only a few crawls are kept, so memory stays bounded.
import type { ProbeContext, Target } from '../types.ts';
import { crawl, type CrawlOptions, type CrawlResult } from './crawler.ts';
import { canonicalUrl, hostOf } from './url.ts';

export type AgencyCrawlOptions = Omit<CrawlOptions, 'net' | 'startUrls' | 'hosts' | 'signal'>;

const MAX_KEPT = 4;
const cache = new Map<string, Promise<CrawlResult>>();

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

export function crawlAgency(
  target: Target,
  ctx: ProbeContext,
  opts: AgencyCrawlOptions = {},
): Promise<CrawlResult> {
  const key = `${target.runId ?? ''}|${target.agencyId}|${target.url}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const startUrls = startUrlsFor(target, ctx);
  const hosts = [...new Set(startUrls.map(hostOf).filter(Boolean))];
  const p = crawl({ ...opts, net: ctx.net, startUrls, hosts, signal: ctx.signal });
  cache.set(key, p);
  p.catch(() => cache.delete(key));
  while (cache.size > MAX_KEPT) cache.delete(cache.keys().next().value as string);
  return p;
}

export function clearCrawlCache(): void {
  cache.clear();
}
