// One shared Chromium per worker process. Pages get a fresh context each; Lighthouse connects to the
// same browser through its debugging port. The browser is recycled after N pages, and restarted when
// it crashes or hangs; the page that saw it is retried once, then reported failed with its reason.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Logger } from 'pino';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { RequestGate } from '../net/gate.ts';
import type { NetOptions } from '../net/options.ts';
import { BrowserError, classifyBrowserError, isBrowserFault, type BrowserErrorType } from './errors.ts';
import { assertNavigable } from './guard.ts';
import { browserUserAgent, chromiumArgs } from './launch-args.ts';
import { BrowserScheduler } from './scheduler.ts';
import { browserSettings, type BrowserSettings } from './settings.ts';
import { extraCaSpkis, leafToPin } from './trust.ts';

export interface PageJobOptions {
  viewport?: { width: number; height: number };
  /** Emulate a touch device, where the page's viewport meta tag applies. */
  mobile?: boolean;
  /** Overrides settings.pageTimeoutMs for this job. */
  timeoutMs?: number;
}

export interface JobResult<T> {
  value: T;
  /** 1, or 2 when the first attempt met a crashed or hung browser. */
  attempts: number;
  browserVersion: string;
}

export interface PoolStats {
  launches: number;
  restarts: number;
  recycles: number;
  jobs: number;
  retries: number;
}

type Work<T> = (browser: Browser, watchPage: (page: Page) => void) => Promise<T>;

/**
 * A page kept open for several pieces of work (one target's rendered page, shared by the probes that
 * read it). Each piece runs under the same watchdog and crash checks as withPage; a fault kills it.
 */
export interface HeldPage {
  readonly page: Page;
  /** False once the page, its context or its browser is gone (closed, crashed, recycled). */
  readonly alive: boolean;
  run<T>(fn: (page: Page) => Promise<T>, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export class BrowserPool {
  readonly settings: BrowserSettings;
  readonly scheduler = new BrowserScheduler();
  readonly stats: PoolStats = { launches: 0, restarts: 0, recycles: 0, jobs: 0, retries: 0 };
  private browser: Browser | null = null;
  private launching: Promise<Browser> | null = null;
  private port = 0;
  private pid: number | null = null;
  private version = '';
  private ua = '';
  private jobsSinceLaunch = 0;
  private active = 0;
  /** Pages held open between jobs: the browser is not recycled under them. */
  private held = 0;
  private readonly spkis: Set<string>;
  private launchedSpkis = '';
  private closed = false;
  private gate: RequestGate | null = null;
  private gateStarting: Promise<RequestGate> | null = null;

  constructor(
    readonly net: NetOptions,
    settings: Partial<BrowserSettings> = {},
    private readonly log?: Logger,
  ) {
    this.settings = browserSettings(settings);
    this.spkis = new Set(extraCaSpkis(net));
  }

  private readonly beforePerf = new Set<() => Promise<void>>();

  /** Called before each exclusive performance run (to close idle held pages); returns the remover. */
  onBeforePerf(hook: () => Promise<void>): () => void {
    this.beforePerf.add(hook);
    return () => this.beforePerf.delete(hook);
  }

  /** Debugging port of the running browser (0 before the first launch). */
  get debuggingPort(): number {
    return this.port;
  }

  /** Process id of the running browser, when it can be found (Linux /proc). */
  get browserPid(): number | null {
    return this.pid;
  }

  get browserVersion(): string {
    return this.version;
  }

  get userAgent(): string {
    return this.ua;
  }

  /** Start the browser now rather than on first use. */
  async start(): Promise<void> {
    await this.ensureBrowser();
  }

  /**
   * Open url's page in a fresh context and run job on it. The navigation itself is the job's (see
   * navigate.ts), so it can choose viewport and timing; the policy check and trust set-up happen here.
   */
  async withPage<T>(
    url: URL,
    job: (page: Page, context: BrowserContext) => Promise<T>,
    opts: PageJobOptions = {},
  ): Promise<JobResult<T>> {
    await this.prepare(url);
    const timeoutMs = opts.timeoutMs ?? this.settings.pageTimeoutMs;
    return this.runWithRetry(false, timeoutMs, async (browser, watchPage) => {
      const { context, page } = await this.newPage(browser, opts);
      try {
        watchPage(page);
        return await job(page, context);
      } finally {
        await this.closeContext(browser, context);
      }
    });
  }

  /**
   * Open a fresh context and page for url and keep them open until close(): the caller navigates and
   * measures through run(), piece by piece, each under the watchdog. Used for a target's rendered page.
   */
  async holdPage(url: URL, opts: PageJobOptions = {}): Promise<HeldPage> {
    await this.prepare(url);
    const timeoutMs = opts.timeoutMs ?? this.settings.pageTimeoutMs;
    const { value } = await this.runWithRetry(false, timeoutMs, async (browser) => ({
      browser,
      ...(await this.newPage(browser, opts)),
    }));
    const { browser, context, page } = value;
    this.held++;
    let closed = false;
    let crashed = false;
    page.once('crash', () => (crashed = true));
    const alive = () =>
      !closed && !crashed && this.browser === browser && browser.isConnected() && !page.isClosed();
    const handle: HeldPage = {
      page,
      get alive() {
        return alive();
      },
      run: <T>(fn: (page: Page) => Promise<T>, ms = timeoutMs): Promise<T> => {
        if (!alive()) return Promise.reject(new BrowserError('crash', 'the held page is gone'));
        return this.scheduler
          .runShared(() =>
            this.attempt(
              ms,
              (_b, watchPage) => {
                watchPage(page);
                return fn(page);
              },
              browser,
            ),
          )
          .catch((e) => {
            throw classifyBrowserError(e);
          });
      },
      close: async () => {
        if (closed) return;
        closed = true;
        this.held--;
        await this.closeContext(browser, context);
      },
    };
    return handle;
  }

  private async newPage(
    browser: Browser,
    opts: PageJobOptions,
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      userAgent: this.ua,
      viewport: opts.viewport ?? { width: 1366, height: 768 },
      isMobile: opts.mobile ?? false,
      hasTouch: opts.mobile ?? false,
      ignoreHTTPSErrors: false,
      serviceWorkers: 'block',
      locale: 'fa-IR',
    });
    try {
      // Pop-ups are not measured. window.open answers null (each pop-up costs a renderer and holds up
      // the opener's load event), and any other new window is closed as it opens.
      await context.addInitScript('window.open = () => null;');
      const page = await context.newPage();
      context.on('page', (p) => {
        if (p !== page) p.close().catch(() => undefined);
      });
      return { context, page };
    } catch (e) {
      await this.closeContext(browser, context);
      throw e;
    }
  }

  /**
   * Run job with the browser's debugging port (Lighthouse). Exclusive unless settings.parallelPerf:
   * other browser work waits, so the measurement is not skewed by contention.
   */
  async withDebuggingPort<T>(
    url: URL,
    job: (port: number) => Promise<T>,
    timeoutMs = this.settings.lighthouseTimeoutMs,
  ): Promise<JobResult<T>> {
    await this.prepare(url);
    // Idle held pages (their timers and animations) would compete with the measured page.
    if (!this.settings.parallelPerf) for (const h of [...this.beforePerf]) await h().catch(() => undefined);
    return this.runWithRetry(!this.settings.parallelPerf, timeoutMs, () => job(this.port));
  }

  async close(): Promise<void> {
    this.closed = true;
    const b = this.launching ? await this.launching.catch(() => null) : this.browser;
    this.browser = null;
    if (b) await this.shutdown(b);
    const gate = this.gateStarting ? await this.gateStarting.catch(() => null) : null;
    this.gate = null;
    this.gateStarting = null;
    await gate?.close();
  }

  /** The request gate every browser request goes through (started with the first browser). */
  async requestGate(): Promise<RequestGate> {
    this.gateStarting ??= RequestGate.start(this.net).then((g) => (this.gate = g));
    return this.gateStarting;
  }

  /** Policy check, then make sure Chromium will trust the host when only an extra CA vouches for it. */
  private async prepare(url: URL): Promise<void> {
    if (this.closed) throw new BrowserError('browser-launch', 'browser pool is closed');
    await assertNavigable(url, this.net);
    const pin = await leafToPin(url, this.net);
    if (pin && !this.spkis.has(pin)) {
      this.spkis.add(pin);
      // The SPKI list is a launch flag: relaunch once the current work has drained.
      await this.scheduler.runExclusive(() => this.ensureBrowser());
    }
  }

  private async runWithRetry<T>(exclusive: boolean, timeoutMs: number, work: Work<T>): Promise<JobResult<T>> {
    const section = <R>(fn: () => Promise<R>) =>
      exclusive ? this.scheduler.runExclusive(fn) : this.scheduler.runShared(fn);
    for (let attempt = 1; ; attempt++) {
      try {
        const value = await section(() => this.attempt(timeoutMs, work));
        return { value, attempts: attempt, browserVersion: this.version };
      } catch (e) {
        const err = classifyBrowserError(e);
        err.attempts = attempt;
        if (attempt >= 2 || !isBrowserFault(err)) throw err;
        this.stats.retries++;
        this.log?.warn({ type: err.type, message: err.message }, 'browser fault; retrying the page once');
      }
    }
  }

  /** One piece of work under the watchdog, on a fresh browser or on the browser of a held page. */
  private async attempt<T>(timeoutMs: number, work: Work<T>, on?: Browser): Promise<T> {
    if (on && !on.isConnected()) throw new BrowserError('crash', 'the browser of a held page is gone');
    const browser = on ?? (await this.ensureBrowser());
    this.active++;
    this.jobsSinceLaunch++;
    this.stats.jobs++;
    const cleanups: (() => void)[] = [];
    try {
      let fail: (e: BrowserError) => void = () => undefined;
      const faults = new Promise<never>((_, reject) => {
        fail = reject;
      });
      const onDisconnect = () =>
        fail(new BrowserError('crash', 'the browser disconnected (crashed or was killed)'));
      browser.on('disconnected', onDisconnect);
      cleanups.push(() => browser.off('disconnected', onDisconnect));
      const timer = setTimeout(
        () => fail(new BrowserError('hang', `no answer within ${timeoutMs} ms (watchdog)`)),
        timeoutMs,
      );
      cleanups.push(() => clearTimeout(timer));
      const watchPage = (page: Page) => {
        page.once('crash', () => fail(new BrowserError('crash', 'the page renderer crashed')));
      };
      const since = performance.now();
      const running = work(browser, watchPage);
      running.catch(() => undefined); // abandoned on a fault; its late rejection is expected
      try {
        return await Promise.race([running, faults]);
      } catch (e) {
        if (isBrowserFault(e)) await this.forceRestart(browser, (e as Error).message);
        throw this.gateReason(e, since);
      }
    } finally {
      for (const c of cleanups) c();
      this.active--;
    }
  }

  /**
   * A navigation that failed on a tunnel or an answer the gate refused is reported with the gate's
   * reason: 'blocked-private' for a redirect to an internal address, and the typed connection
   * failure (refused, reset, timeout) that Chromium reports only as a failed tunnel.
   */
  private gateReason(e: unknown, since: number): unknown {
    const err = classifyBrowserError(e);
    if (err.type === 'blocked-private' || isBrowserFault(err) || !this.gate) return e;
    if (
      // ERR_CONNECTION_CLOSED: a tunnel the gate closed after its --extra-ca chain check.
      !/ERR_TUNNEL_CONNECTION_FAILED|ERR_CONNECTION_CLOSED|ERR_HTTP_RESPONSE_CODE_FAILURE|ERR_BLOCKED|ERR_PROXY|HTTP 40[03]|HTTP 502|Status code: 40[03]|Status code: 502/.test(
        err.message,
      )
    )
      return e;
    const recent = this.gate.refusalsSince(since);
    const refused = recent.find((r) => r.type === 'blocked-private');
    if (refused) return new BrowserError('blocked-private', refused.message, err.attempts);
    // Prefer a failure on the host the error names; jobs on other hosts share the gate.
    const failed =
      recent.find((r) => r.type !== 'bad-request' && err.message.includes(`${r.host}:${r.port}`)) ??
      recent.find((r) => r.type !== 'bad-request' && err.message.includes(r.host));
    return failed ? new BrowserError(failed.type as BrowserErrorType, failed.message, err.attempts) : e;
  }

  private async closeContext(browser: Browser, context: BrowserContext): Promise<void> {
    const closed = await withTimeout(
      context.close().then(() => true),
      5000,
    ).catch(() => false);
    if (!closed && browser.isConnected()) await this.forceRestart(browser, 'a context did not close');
  }

  private wantsRelaunch(): boolean {
    // A new trusted key needs a new launch even under held pages (their owners load them again).
    if (spkiKey(this.spkis) !== this.launchedSpkis) return true;
    return this.held === 0 && this.jobsSinceLaunch >= this.settings.recycleAfter;
  }

  private ensureBrowser(): Promise<Browser> {
    if (this.launching) return this.launching;
    const current = this.browser;
    const stale = current && (!current.isConnected() || (this.active === 0 && this.wantsRelaunch()));
    if (current && !stale) return Promise.resolve(current);
    this.launching = (async () => {
      if (current) {
        this.browser = null;
        if (current.isConnected()) this.stats.recycles++;
        await this.shutdown(current);
      }
      return this.launch();
    })().finally(() => {
      this.launching = null;
    });
    return this.launching;
  }

  private async launch(): Promise<Browser> {
    if (this.closed) throw new BrowserError('browser-launch', 'browser pool is closed');
    const port = await freePort();
    const gate = await this.requestGate();
    const spkiHashes = [...this.spkis];
    let browser: Browser;
    try {
      browser = await chromium.launch({
        executablePath: this.settings.chromePath,
        headless: true,
        args: chromiumArgs(this.net, { debuggingPort: port, spkiHashes, gatePort: gate.port }),
        timeout: 30_000,
      });
    } catch (e) {
      throw new BrowserError(
        'browser-launch',
        `cannot start ${this.settings.chromePath}: ${(e as Error).message.split('\n')[0]}`,
      );
    }
    this.browser = browser;
    this.port = port;
    this.pid = findBrowserPid(port);
    this.version = browser.version();
    this.ua = browserUserAgent(this.version, this.net);
    this.launchedSpkis = spkiKey(this.spkis);
    this.jobsSinceLaunch = 0;
    this.stats.launches++;
    this.log?.debug({ port, pid: this.pid, version: this.version }, 'chromium started');
    return browser;
  }

  /** Kill a crashed or hung browser so the next job starts a new one (once per browser). */
  private async forceRestart(browser: Browser, reason: string): Promise<void> {
    if (this.browser !== browser) return; // someone else already replaced it
    this.browser = null;
    this.stats.restarts++;
    this.log?.warn({ reason }, 'restarting chromium');
    await this.shutdown(browser);
  }

  private async shutdown(browser: Browser): Promise<void> {
    const pid = browser === this.browser || this.browser === null ? this.pid : null;
    const closed = await withTimeout(
      browser.close().then(() => true),
      5000,
    ).catch(() => false);
    if (!closed && pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

function spkiKey(s: Set<string>): string {
  return [...s].sort().join(',');
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

/** An unused loopback TCP port for the debugging endpoint. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** The main browser process is the child of this process whose command line names our debugging port. */
function findBrowserPid(port: number): number | null {
  const flag = `--remote-debugging-port=${port}`;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (args.includes(flag) && !args.some((a) => a.startsWith('--type='))) return Number(name);
    } catch {
      // process ended meanwhile
    }
  }
  return null;
}
