// The links probe (ITO 22): checks every link of the agency crawl (shared with the content probe).
import { PAYESH_VERSION } from '../../net/options.ts';
import {
  failedMeasurement,
  nowIso,
  type Measurement,
  type Probe,
  type ProbeContext,
  type Target,
} from '../types.ts';
import { crawlAgency } from '../crawl/agency-crawl.ts';
import { contentCrawlOptions, type ContentProbeOptions } from '../content/probe.ts';
import { checkLinks, type ExternalLinks } from './check.ts';

export const LINKS_TOOL = `payesh-links/${PAYESH_VERSION}`;

export interface LinksProbeOptions extends ContentProbeOptions {
  externalLinks?: ExternalLinks;
  externalFilter?: (url: string) => boolean;
  maxChecks?: number;
}

export function createLinksProbe(opts: LinksProbeOptions = {}): Probe {
  return {
    id: 'links',
    appliesTo: ['portal'],
    async run(target: Target, ctx: ProbeContext): Promise<Measurement> {
      const startedAt = nowIso();
      try {
        // Same crawl options as the content probe so whichever starts first serves both.
        const crawled = await crawlAgency(target, ctx, contentCrawlOptions(opts), opts.crawls);
        const r = await checkLinks(crawled, {
          net: ctx.net,
          externalLinks: opts.externalLinks,
          externalFilter: opts.externalFilter,
          signal: ctx.signal,
          maxChecks: opts.maxChecks,
        });
        return {
          probe: 'links',
          url: target.url,
          values: {
            verdict: r.verdict,
            facts: r.facts,
            broken: r.broken.map((l) => ({
              url: l.url,
              status: l.status,
              reason: l.reason,
              pages: l.pages,
              pageCount: l.pageCount,
              text: l.text,
            })),
            links: r.links.map((l) => ({
              url: l.url,
              internal: l.internal,
              status: l.status,
              state: l.state,
              reason: l.reason ?? null,
              method: l.method,
            })),
            externalLinks: opts.externalLinks ?? 'check',
            // Links past the per-page cap of the crawl were neither kept nor checked.
            linksDropped: crawled.linksDropped,
          },
          evidence: crawled.linksDropped
            ? [
                ...r.evidence,
                {
                  kind: 'count',
                  label: 'links not kept or checked (pages with more distinct links than the per-page cap)',
                  count: crawled.linksDropped,
                },
              ]
            : r.evidence,
          toolVersion: LINKS_TOOL,
          startedAt,
          finishedAt: nowIso(),
        };
      } catch (e) {
        return failedMeasurement('links', target.url, LINKS_TOOL, startedAt, {
          type: 'internal',
          message: (e as Error).message,
        });
      }
    },
  };
}

export const linksProbe = createLinksProbe();
