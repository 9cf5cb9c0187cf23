// The content probe for the probe registry: registerProbeFactory('content', createContentProbeFromSettings).
import type { ProbeSettings } from '../registry.ts';
import type { Probe } from '../types.ts';
import { createContentProbe, type ContentProbeOptions } from './probe.ts';

export { createContentProbe, contentProbe, type ContentProbeOptions } from './probe.ts';
export { analyseSite, type ContentAnalysis } from './analyse.ts';
export { DETECTORS } from './detectors/index.ts';

/** Crawl limits from the command line (--max-pages, --max-depth, --ignore-robots). */
export function crawlOptionsFromSettings(s: Pick<ProbeSettings, 'crawl'>): ContentProbeOptions {
  const c = (s.crawl ?? {}) as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  return {
    ...(num(c.maxPages) !== undefined ? { maxPages: num(c.maxPages) } : {}),
    ...(num(c.maxDepth) !== undefined ? { maxDepth: num(c.maxDepth) } : {}),
    ignoreRobots: c.ignoreRobots === true,
    ...(typeof c.render === 'function' ? { render: c.render as (url: string) => Promise<string> } : {}),
  };
}

export async function createContentProbeFromSettings(s: ProbeSettings): Promise<Probe> {
  return createContentProbe(crawlOptionsFromSettings(s));
}
