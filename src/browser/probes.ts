// Factories for the probe registry: every browser probe of a process shares one pool (one Chromium).
// Registry lines: registerProbeFactory('lighthouse', browserProbeFactory('lighthouse')), and so on
// for 'axe', 'responsive', 'crossbrowser'.
import type { Logger } from 'pino';
import type { NetOptions } from '../net/options.ts';
import type { Probe } from '../core/index.ts';
import { BrowserPool } from './pool.ts';
import { browserRenderer } from './render.ts';
import { browserSettings, type BrowserSettings } from './settings.ts';

export type BrowserProbeId = 'lighthouse' | 'axe' | 'responsive' | 'crossbrowser';

interface FactorySettings {
  net: NetOptions;
  log: Logger;
  browser?: Record<string, unknown>;
}

const pools = new WeakMap<object, BrowserPool>();

/** The pool for one registry build (one audit or worker), created on first use and closed with it. */
export function poolFor(s: FactorySettings, closers: (() => Promise<void>)[]): BrowserPool {
  let pool = pools.get(s);
  if (!pool) {
    pool = new BrowserPool(s.net, browserSettings((s.browser ?? {}) as Partial<BrowserSettings>), s.log);
    pools.set(s, pool);
    const p = pool;
    closers.push(() => p.close());
  }
  return pool;
}

export function browserProbeFactory(id: BrowserProbeId) {
  return async (s: FactorySettings, closers: (() => Promise<void>)[]): Promise<Probe> => {
    const settings = (s.browser ?? {}) as Partial<BrowserSettings>;
    const pool = poolFor(s, closers);
    switch (id) {
      case 'lighthouse':
        return (await import('../probes/lighthouse/index.ts')).createLighthouseProbe(settings, pool);
      case 'axe':
        return (await import('../probes/axe/index.ts')).createAxeProbe(settings, pool);
      case 'responsive':
        return (await import('../probes/responsive/index.ts')).createResponsiveProbe(settings, pool);
      case 'crossbrowser':
        return (await import('../probes/crossbrowser/index.ts')).createCrossBrowserProbe(settings, pool);
    }
  };
}

/** All four browser probes on one pool (for callers outside the registry, e.g. the benchmark). */
export async function createBrowserProbes(
  net: NetOptions,
  log: Logger,
  settings: Partial<BrowserSettings> = {},
): Promise<{ probes: Probe[]; pool: BrowserPool; close(): Promise<void> }> {
  const closers: (() => Promise<void>)[] = [];
  const s: FactorySettings = { net, log, browser: settings as Record<string, unknown> };
  const ids: BrowserProbeId[] = ['lighthouse', 'axe', 'responsive', 'crossbrowser'];
  const probes = await Promise.all(ids.map((id) => browserProbeFactory(id)(s, closers)));
  return {
    probes,
    pool: poolFor(s, closers),
    close: async () => {
      for (const c of closers) await c();
    },
  };
}

/** The crawler's render hook on the same pool as the browser probes (one Chromium per process). */
export function sharedRenderer(
  s: FactorySettings,
  closers: (() => Promise<void>)[],
): (url: string) => Promise<string> {
  const pool = poolFor(s, closers);
  return browserRenderer(pool, s.net, browserSettings((s.browser ?? {}) as Partial<BrowserSettings>));
}
