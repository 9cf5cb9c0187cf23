// One browser load of a target serves every non-Lighthouse measurement of it: the page is opened
// once at desktop size, and axe, the responsive widths, the cross-browser summary and the content
// render take turns on it. The runner owns the set (one per run) and says when a target is done;
// a probe built on its own gets a set of its own, closed after each measurement.
import type { Page } from 'playwright-core';
import type { Target } from '../core/target.ts';
import type { NetOptions } from '../net/options.ts';
import { BrowserError, classifyBrowserError, isBrowserFault } from './errors.ts';
import { navigate, type Navigation } from './navigate.ts';
import type { BrowserPool, HeldPage } from './pool.ts';
import type { BrowserSettings } from './settings.ts';

/** What a probe gets on a target's rendered page. */
export interface RenderedView {
  page: Page;
  nav: Navigation;
  /** Uncaught script errors from the load (up to the end of the settle). */
  loadErrors: string[];
}

interface Loaded {
  held: HeldPage;
  nav: Navigation;
  loadErrors: string[];
}

interface Entry {
  loaded: Promise<Loaded>;
  /** Work on one page runs one piece at a time (the responsive widths change its viewport). */
  turn: Promise<unknown>;
  busy: number;
  lastUsed: number;
}

export interface RenderedPageStats {
  /** Page loads (navigations) made. */
  loads: number;
  /** Pieces of work run on loaded pages. */
  uses: number;
}

export class RenderedPages {
  private readonly entries = new Map<string, Entry>();
  /** Jobs still to read each page, as the runner declared them. */
  private readonly expected = new Map<string, number>();
  private closed = false;
  readonly stats: RenderedPageStats = { loads: 0, uses: 0 };

  /**
   * @param maxOpen pages kept open at once; the least recently used idle one is closed first. The
   *   in-process runner releases each target after its last job, so this only bounds workers.
   */
  private readonly unhook: () => void;

  constructor(
    private readonly pool: BrowserPool,
    private readonly settings: BrowserSettings,
    private readonly maxOpen = 2,
  ) {
    // No idle page stays open through a Lighthouse run: a reader that comes later loads it again.
    this.unhook = pool.onBeforePerf(() => this.closeIdle());
  }

  /** Closes the pages no probe is reading now. */
  async closeIdle(): Promise<void> {
    const idle = [...this.entries.entries()].filter(([, e]) => e.busy === 0).map(([k]) => k);
    await Promise.all(idle.map((k) => this.drop(k)));
  }

  /**
   * Run fn on the target's rendered page, loading it first when no probe has. A load that fails
   * (HTTP error, refused, timeout) fails every probe of the target alike, without loading again; a
   * crashed or hung browser gets one fresh load, as a page job gets one retry.
   */
  async use<T>(
    target: Target,
    net: NetOptions,
    fn: (view: RenderedView) => Promise<T>,
    timeoutMs?: number,
  ): Promise<T> {
    if (this.closed) throw new BrowserError('browser-launch', 'the run is closed');
    const key = keyOf(target);
    for (let attempt = 1; ; attempt++) {
      const entry = this.entry(key, target, net);
      entry.busy++;
      try {
        const loaded = await entry.loaded;
        if (!loaded.held.alive) throw new BrowserError('crash', 'the rendered page is gone');
        const run = entry.turn.then(() => {
          this.stats.uses++;
          return loaded.held.run(
            (page) => fn({ page, nav: loaded.nav, loadErrors: loaded.loadErrors }),
            timeoutMs,
          );
        });
        entry.turn = run.catch(() => undefined);
        return await run;
      } catch (e) {
        const err = classifyBrowserError(e);
        if (isBrowserFault(err) && this.entries.get(key) === entry) await this.drop(key);
        if (attempt >= 2 || !isBrowserFault(err)) {
          err.attempts = Math.max(err.attempts, attempt);
          throw err;
        }
      } finally {
        entry.busy--;
        entry.lastUsed = performance.now();
      }
    }
  }

  /** The runner's word that a job will read this target's page (kept open until done() for it). */
  expect(target: Target): void {
    const key = keyOf(target);
    this.expected.set(key, (this.expected.get(key) ?? 0) + 1);
  }

  /** The runner's word that one such job finished; after the last one the page is closed. */
  async done(target: Target): Promise<void> {
    const key = keyOf(target);
    const left = (this.expected.get(key) ?? 1) - 1;
    if (left > 0) {
      this.expected.set(key, left);
      return;
    }
    this.expected.delete(key);
    await this.drop(key);
  }

  /** Closes the target's page now. */
  async release(target: Target): Promise<void> {
    this.expected.delete(keyOf(target));
    await this.drop(keyOf(target));
  }

  /**
   * The rendered DOM of a page built by script, for the crawl. A page the run measures in the
   * browser is read from its shared load; any other page is loaded, read and closed.
   */
  async render(url: string, net: NetOptions): Promise<string> {
    const target: Target = { agencyId: '', kind: 'portal', url, host: new URL(url).host };
    const key = keyOf(target);
    const shared = this.expected.has(key) || this.entries.has(key);
    try {
      return await this.use(target, net, ({ page }) => page.content());
    } finally {
      if (!shared) await this.drop(key);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unhook();
    await Promise.all([...this.entries.keys()].map((k) => this.drop(k)));
  }

  /** Pages open now (for tests and benchmarks). */
  get open(): number {
    return this.entries.size;
  }

  private entry(key: string, target: Target, net: NetOptions): Entry {
    let e = this.entries.get(key);
    if (e) return e;
    this.evict();
    e = { loaded: this.load(target, net), turn: Promise.resolve(), busy: 0, lastUsed: performance.now() };
    e.loaded.catch(() => undefined);
    this.entries.set(key, e);
    return e;
  }

  private async load(target: Target, net: NetOptions): Promise<Loaded> {
    const url = new URL(target.url);
    const held = await this.pool.holdPage(url);
    const errors: string[] = [];
    held.page.on('pageerror', (e) => errors.push(e.message.split('\n')[0]));
    try {
      this.stats.loads++;
      const nav = await held.run((page) => navigate(page, url, net, this.settings));
      return { held, nav, loadErrors: [...errors] };
    } catch (e) {
      await held.close();
      throw e;
    }
  }

  /** Keep at most maxOpen pages: close the least recently used idle ones. */
  private evict(): void {
    const idle = [...this.entries.entries()]
      .filter(([, e]) => e.busy === 0)
      .sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    while (this.entries.size >= this.maxOpen && idle.length) void this.drop(idle.shift()![0]);
  }

  private async drop(key: string): Promise<void> {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    await e.turn;
    const loaded = await e.loaded.catch(() => null);
    await loaded?.held.close();
  }
}

/** Pages are shared by URL: a portal listed as its own main service is loaded once. */
function keyOf(t: Target): string {
  const u = new URL(t.url);
  u.hash = '';
  return u.href;
}
