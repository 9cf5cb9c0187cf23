// The shared resources of one run, made once by the runner and handed to the probes that declare
// them: the Chromium pool (started on first use), the crawl renderer on that pool, the per-agency
// crawls content and links share, and the store. Closing the run closes them.
import type { Logger } from 'pino';
import type { BrowserPool } from '../browser/pool.ts';
import type { BrowserSettings } from '../browser/settings.ts';
import type { NetOptions } from '../net/options.ts';
import { AgencyCrawls } from './crawl/agency-crawl.ts';

export interface RunResourceOptions {
  net: NetOptions;
  log: Logger;
  /** Browser settings from the command line (pool-level: executable, timeouts, recycling). */
  browser?: Partial<BrowserSettings>;
  /** False with --no-render: the crawl reads raw HTML only. */
  render?: boolean;
  store?: unknown;
}

export class RunResources {
  readonly net: NetOptions;
  readonly log: Logger;
  readonly store: unknown;
  /** One crawl per agency, shared by the probes that need it. */
  readonly crawls = new AgencyCrawls();
  private pool?: Promise<BrowserPool>;
  private readonly closers: (() => Promise<void>)[] = [];

  constructor(private readonly o: RunResourceOptions) {
    this.net = o.net;
    this.log = o.log;
    this.store = o.store;
  }

  /** The run's Chromium pool; the browser itself starts with the first page. */
  browser(): Promise<BrowserPool> {
    this.pool ??= (async () => {
      const [{ BrowserPool }, { browserSettings }] = await Promise.all([
        import('../browser/pool.ts'),
        import('../browser/settings.ts'),
      ]);
      const pool = new BrowserPool(this.net, browserSettings(this.o.browser ?? {}), this.log);
      this.closers.push(() => pool.close());
      return pool;
    })();
    return this.pool;
  }

  /** Renders a page built by script on the run's pool; undefined with --no-render. */
  async renderer(): Promise<((url: string) => Promise<string>) | undefined> {
    if (this.o.render === false) return undefined;
    const [pool, { browserRenderer }, { browserSettings }] = await Promise.all([
      this.browser(),
      import('../browser/render.ts'),
      import('../browser/settings.ts'),
    ]);
    return browserRenderer(pool, this.net, browserSettings(this.o.browser ?? {}));
  }

  async close(): Promise<void> {
    this.crawls.clear();
    for (const c of this.closers.splice(0).reverse()) await c().catch(() => {});
  }
}
