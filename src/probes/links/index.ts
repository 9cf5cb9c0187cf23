// The links probe for the probe registry: registerProbeFactory('links', createLinksProbeFromSettings).
import { crawlOptionsFromSettings } from '../content/index.ts';
import type { ProbeSettings } from '../registry.ts';
import type { Probe } from '../types.ts';
import { createLinksProbe } from './probe.ts';

export { createLinksProbe, linksProbe, type LinksProbeOptions } from './probe.ts';
export { checkLinks, type LinkStatus, type LinkCheckResult, type ExternalLinks } from './check.ts';

export async function createLinksProbeFromSettings(s: ProbeSettings): Promise<Probe> {
  const external = (s.crawl as Record<string, unknown> | undefined)?.externalLinks;
  return createLinksProbe({
    ...crawlOptionsFromSettings(s),
    externalLinks: external === 'skip' ? 'skip' : 'check',
  });
}
