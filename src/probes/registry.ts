// The probes an audit runs, built once per process with their shared resources (browser, crawl cache).
import type { Logger } from 'pino';
import type { NetOptions } from '../net/options.ts';
import type { Probe } from './types.ts';

export interface ProbeSettings {
  net: NetOptions;
  log: Logger;
  /** Only these probe ids (default: all). */
  only?: string[];
  /** Leave out these probe ids. */
  skip?: string[];
  /** Lighthouse runs per page, preset, WCAG level, page limits ... passed to the probes that use them. */
  browser?: Record<string, unknown>;
  crawl?: Record<string, unknown>;
  /** Database the uptime probe reads the monitor's checks from. */
  store?: unknown;
  period?: { from?: string; to?: string };
}

export interface ProbeSet {
  probes: Probe[];
  /** Releases shared resources (the browser). */
  close(): Promise<void>;
}

export const ALL_PROBE_IDS = [
  'http',
  'tls',
  'content',
  'links',
  'uptime',
  'lighthouse',
  'axe',
  'responsive',
  'crossbrowser',
] as const;

type Factory = (s: ProbeSettings, closers: (() => Promise<void>)[]) => Promise<Probe | Probe[]>;

/** Every probe payesh has; each factory loads its module lazily so a command only pays for what it runs. */
const crawlOptions = (s: ProbeSettings) => {
  const c = s.crawl ?? {};
  return {
    ...(c.maxPages !== undefined ? { maxPages: c.maxPages as number } : {}),
    ...(c.maxDepth !== undefined ? { maxDepth: c.maxDepth as number } : {}),
    ignoreRobots: !!c.ignoreRobots,
  };
};

/** Chromium starts only when a page needs rendering; --no-render leaves the crawl on raw HTML. */
const renderer = async (s: ProbeSettings, closers: (() => Promise<void>)[]) =>
  s.crawl?.render === false ? undefined : (await import('../browser/probes.ts')).sharedRenderer(s, closers);

const browserFactory =
  (id: 'lighthouse' | 'axe' | 'responsive' | 'crossbrowser'): Factory =>
  async (s, closers) =>
    // Every browser probe built from the same settings object shares one Chromium.
    (await import('../browser/probes.ts')).browserProbeFactory(id)(s, closers);

const factories: Record<string, Factory> = {
  http: async () => (await import('./http/probe.ts')).httpProbe,
  tls: async () => (await import('./tls/probe.ts')).createTlsProbe(),
  // content and links read the same per-agency crawl (cached for the process); pages built by script
  // are rendered in the browser the browser probes share.
  content: async (s, closers) =>
    (await import('./content/probe.ts')).createContentProbe({
      ...crawlOptions(s),
      render: await renderer(s, closers),
    }),
  links: async (s, closers) =>
    (await import('./links/probe.ts')).createLinksProbe({
      ...crawlOptions(s),
      render: await renderer(s, closers),
      externalLinks: (s.crawl?.externalLinks as 'check' | 'skip' | undefined) ?? 'check',
    }),
  uptime: async (s) => (await import('./uptime/index.ts')).createUptimeProbeFromSettings(s),
  lighthouse: browserFactory('lighthouse'),
  axe: browserFactory('axe'),
  responsive: browserFactory('responsive'),
  crossbrowser: browserFactory('crossbrowser'),
};

export function registerProbeFactory(id: string, f: Factory): void {
  factories[id] = f;
}

export function selectedProbeIds(s: Pick<ProbeSettings, 'only' | 'skip'>): string[] {
  const known = Object.keys(factories);
  for (const id of [...(s.only ?? []), ...(s.skip ?? [])])
    if (!known.includes(id)) throw new Error(`unknown probe "${id}"; known: ${known.join(', ')}`);
  return known.filter((id) => (!s.only || s.only.includes(id)) && !(s.skip ?? []).includes(id));
}

export async function createProbes(s: ProbeSettings): Promise<ProbeSet> {
  const closers: (() => Promise<void>)[] = [];
  const probes: Probe[] = [];
  for (const id of selectedProbeIds(s)) {
    const made = await factories[id](s, closers);
    probes.push(...(Array.isArray(made) ? made : [made]));
  }
  return {
    probes,
    async close() {
      for (const c of closers.reverse()) await c().catch(() => {});
    },
  };
}
