// The shared resources of one run, made once by the runner and handed to the probes that declare
// them: the Chromium pool (started on first use), the targets' rendered pages on that pool (one load
// per target), the run's Firefox, the crawl renderer, the per-agency crawls content and links share,
// and the store. Closing the run closes them.
import type { Logger } from 'pino';
import type { SharedFirefox } from '../browser/firefox.ts';
import type { BrowserPool } from '../browser/pool.ts';
import type { RenderedPages } from '../browser/rendered-page.ts';
import type { BrowserSettings } from '../browser/settings.ts';
import type { NetOptions } from '../net/options.ts';
import type { Target } from '../core/target.ts';
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
  private rendered?: Promise<RenderedPages>;
  private ff?: SharedFirefox;
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

  /**
   * The targets' rendered pages: one browser load per target, read by every probe that declares
   * 'page' (axe, responsive, the cross-browser check, the content render). The runner says which
   * jobs will read a page (expect) and when each is done, and the page closes after the last one.
   */
  pages(): Promise<RenderedPages> {
    this.rendered ??= (async () => {
      const [pool, { RenderedPages }, { browserSettings }] = await Promise.all([
        this.browser(),
        import('../browser/rendered-page.ts'),
        import('../browser/settings.ts'),
      ]);
      const pages = new RenderedPages(pool, browserSettings(this.o.browser ?? {}));
      this.closers.push(() => pages.close());
      return pages;
    })();
    return this.rendered;
  }

  /** The run's Firefox for the cross-browser check (a tab per target), started on first use. */
  async firefox(): Promise<SharedFirefox> {
    if (!this.ff) {
      const { SharedFirefox } = await import('../browser/firefox.ts');
      if (!this.ff) {
        const ff = new SharedFirefox();
        this.ff = ff;
        this.closers.push(() => ff.close());
      }
    }
    return this.ff;
  }

  /** The runner's word that a job will read the target's rendered page (see pages()). */
  async expectPage(target: Target): Promise<void> {
    (await this.pages()).expect(target);
  }

  /** One job that read (or could have read) the target's page has finished. */
  async pageDone(target: Target): Promise<void> {
    if (this.rendered) await (await this.rendered).done(target);
  }

  /**
   * Renders a page built by script for the crawl, from the target's shared load when the run
   * measures it in the browser anyway; undefined with --no-render.
   */
  async renderer(): Promise<((url: string) => Promise<string>) | undefined> {
    if (this.o.render === false) return undefined;
    const pages = await this.pages();
    return (url) => pages.render(url, this.net);
  }

  async close(): Promise<void> {
    this.crawls.clear();
    for (const c of this.closers.splice(0).reverse()) await c().catch(() => {});
  }
}
