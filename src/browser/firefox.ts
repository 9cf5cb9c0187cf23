// A second engine for the cross-browser check: Debian's firefox-esr driven over WebDriver BiDi
// (Playwright's own Firefox build cannot be installed here). Only what the check needs: navigate,
// evaluate, collect script errors. Every request goes through the request gate (src/net/gate.ts),
// which resolves names (honouring --resolve) and refuses private addresses.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'undici';
import { RequestGate } from '../net/gate.ts';
import type { NetOptions } from '../net/options.ts';
import { BrowserError } from './errors.ts';
import { freePort } from './pool.ts';

interface BidiMessage {
  id?: number;
  type?: string;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: string;
  message?: string;
}

export interface FirefoxPageResult<T> {
  value: T;
  /** Uncaught script errors reported by the page. */
  errors: string[];
}

function userPrefs(gatePort: number): string {
  const prefs: Record<string, string | number | boolean> = {
    'app.update.enabled': false,
    'browser.shell.checkDefaultBrowser': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'extensions.update.enabled': false,
    'network.http.http3.enable': false,
    'intl.accept_languages': 'fa-IR, fa, en',
  };
  // Everything through the gate, loopback included; no DNS of Firefox's own, no WebRTC past it.
  Object.assign(prefs, {
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': gatePort,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': gatePort,
    'network.proxy.share_proxy_settings': true,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': true,
    'network.proxy.failover_direct': false,
    'network.dns.disablePrefetch': true,
    'network.predictor.enabled': false,
    'network.prefetch-next': false,
    'media.peerconnection.enabled': false,
  });
  return Object.entries(prefs)
    .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
    .join('\n');
}

export class FirefoxSession {
  private proc: ChildProcess | null = null;
  private ws: WebSocket | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, (m: BidiMessage) => void>();
  private readonly listeners: ((m: BidiMessage) => void)[] = [];
  private profile = '';
  private gate: RequestGate | null = null;
  version = '';

  private constructor(
    private readonly net: NetOptions,
    private readonly executable: string,
  ) {}

  /** Start Firefox; throws BrowserError 'not-available' when it cannot be driven. */
  static async start(
    net: NetOptions,
    executable: string,
    userAgentToken: string,
    timeoutMs = 20_000,
  ): Promise<FirefoxSession> {
    if (!existsSync(executable))
      throw new BrowserError(
        'not-available',
        `no Firefox at ${executable} (install firefox-esr to check a second engine)`,
      );
    const s = new FirefoxSession(net, executable);
    try {
      await s.launch(userAgentToken, timeoutMs);
    } catch (e) {
      await s.close();
      throw e instanceof BrowserError
        ? e
        : new BrowserError('not-available', `Firefox could not be driven: ${(e as Error).message}`);
    }
    return s;
  }

  private async launch(userAgentToken: string, timeoutMs: number): Promise<void> {
    this.profile = mkdtempSync(join(tmpdir(), 'payesh-firefox-'));
    this.gate = await RequestGate.start(this.net);
    writeFileSync(join(this.profile, 'user.js'), userPrefs(this.gate.port));
    const port = await freePort();
    const proc = spawn(
      this.executable,
      [
        '--headless',
        '--no-remote',
        '--profile',
        this.profile,
        `--remote-debugging-port=${port}`,
        'about:blank',
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    this.proc = proc;
    await new Promise<void>((resolve, reject) => {
      let err = '';
      const timer = setTimeout(
        () =>
          reject(
            new BrowserError('not-available', `Firefox did not open WebDriver BiDi within ${timeoutMs} ms`),
          ),
        timeoutMs,
      );
      proc.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        if (/WebDriver BiDi listening/.test(err)) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(
          new BrowserError(
            'not-available',
            `Firefox exited (${code}): ${err.trim().split('\n').slice(-2).join(' ')}`,
          ),
        );
      });
    });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/session`);
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () =>
        reject(new BrowserError('not-available', 'cannot connect to Firefox WebDriver BiDi'));
    });
    ws.onmessage = (ev) => {
      const m = JSON.parse(String(ev.data)) as BidiMessage;
      if (m.id !== undefined && this.pending.has(m.id)) {
        this.pending.get(m.id)!(m);
        this.pending.delete(m.id);
      } else if (m.type === 'event') {
        for (const l of this.listeners) l(m);
      }
    };
    const session = await this.send('session.new', {
      capabilities: { alwaysMatch: { acceptInsecureCerts: false } },
    });
    const caps = session.capabilities as { browserVersion?: string; userAgent?: string } | undefined;
    this.version = caps?.browserVersion ?? '';
    // Firefox's own UA with payesh's token, as for Chromium.
    if (caps?.userAgent) {
      await this.send('emulation.setUserAgentOverride', {
        userAgent: `${caps.userAgent} ${userAgentToken}`,
      }).catch(() => undefined);
    }
    await this.send('session.subscribe', { events: ['log.entryAdded', 'network.beforeRequestSent'] });
  }

  private send(
    method: string,
    params: Record<string, unknown>,
    timeoutMs = 30_000,
  ): Promise<Record<string, unknown>> {
    const ws = this.ws;
    if (!ws) return Promise.reject(new BrowserError('crash', 'Firefox is not connected'));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new BrowserError('hang', `Firefox did not answer ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, (m) => {
        clearTimeout(timer);
        if (m.type === 'error')
          reject(new BrowserError('navigation', `${method}: ${m.error}: ${m.message ?? ''}`.trim()));
        else resolve(m.result ?? {});
      });
      ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Load url in a fresh tab, run expression there, close the tab. */
  async visit<T>(url: string, expression: string, timeoutMs: number): Promise<FirefoxPageResult<T>> {
    const created = await this.send('browsingContext.create', { type: 'tab' });
    const context = created.context as string;
    const errors: string[] = [];
    const onLog = (m: BidiMessage) => {
      const p = m.params as
        { type?: string; level?: string; text?: string; source?: { context?: string } } | undefined;
      if (
        m.method === 'log.entryAdded' &&
        p?.type === 'javascript' &&
        p.level === 'error' &&
        p.source?.context === context
      )
        errors.push(p.text ?? 'error');
    };
    this.listeners.push(onLog);
    const since = performance.now();
    const refusedBy = (host?: string) =>
      this.gate
        ?.refusalsSince(since)
        .find((r) => r.type === 'blocked-private' && (host === undefined || r.host === host));
    try {
      try {
        const nav = await this.send(
          'browsingContext.navigate',
          { context, url, wait: 'complete' },
          timeoutMs,
        );
        // A plain-HTTP hop the gate refused shows its 403 as the page: report the refusal instead.
        const landed = typeof nav.url === 'string' ? new URL(nav.url).hostname.replace(/^\[|\]$/g, '') : '';
        const refusal = refusedBy(landed.toLowerCase());
        if (refusal) throw new BrowserError('blocked-private', refusal.message);
      } catch (e) {
        if (e instanceof BrowserError && e.type === 'blocked-private') throw e;
        const refusal = refusedBy();
        if (refusal) throw new BrowserError('blocked-private', refusal.message);
        const msg = (e as Error).message;
        if (/SSL_ERROR|SEC_ERROR|MOZILLA_PKIX|nssFailure|CERT/i.test(msg)) throw new BrowserError('tls', msg);
        if (/NS_ERROR_UNKNOWN_HOST|dnsNotFound/i.test(msg)) throw new BrowserError('dns', msg);
        if (/CONNECTION_REFUSED|connectionFailure/i.test(msg)) throw new BrowserError('refused', msg);
        throw e;
      }
      const r = await this.send(
        'script.evaluate',
        { expression, target: { context }, awaitPromise: true },
        timeoutMs,
      );
      if (r.type !== 'success')
        throw new BrowserError(
          'navigation',
          `script failed in Firefox: ${JSON.stringify(r.exceptionDetails ?? r).slice(0, 200)}`,
        );
      return { value: fromRemote(r.result) as T, errors };
    } finally {
      this.listeners.splice(this.listeners.indexOf(onLog), 1);
      await this.send('browsingContext.close', { context }, 5000).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    if (this.ws) {
      await this.send('session.end', {}, 3000).catch(() => undefined);
      this.ws.close();
      this.ws = null;
    }
    const proc = this.proc;
    if (proc && proc.exitCode === null) {
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    }
    if (this.profile) rmSync(this.profile, { recursive: true, force: true });
    await this.gate?.close();
    this.gate = null;
  }
}

/** WebDriver BiDi serialises values as {type, value}; turn them back into plain data. */
export function fromRemote(v: unknown): unknown {
  const r = v as { type?: string; value?: unknown } | undefined;
  if (!r || typeof r !== 'object' || !('type' in r)) return v;
  switch (r.type) {
    case 'undefined':
    case 'null':
      return null;
    case 'string':
    case 'boolean':
      return r.value;
    case 'number':
      return typeof r.value === 'number' ? r.value : Number(r.value);
    case 'array':
      return (r.value as unknown[]).map(fromRemote);
    case 'object':
      return Object.fromEntries(
        (r.value as [unknown, unknown][]).map(([k, val]) => [
          typeof k === 'string' ? k : String(fromRemote(k)),
          fromRemote(val),
        ]),
      );
    default:
      return null;
  }
}

/**
 * The Firefox of a run's cross-browser checks: started on first use, a tab per target, closed with
 * the run. A session that stopped answering is dropped and the next check starts a new one.
 */
export class SharedFirefox {
  private session: Promise<FirefoxSession> | null = null;
  starts = 0;

  get(net: NetOptions, executable: string, userAgentToken: string): Promise<FirefoxSession> {
    if (!this.session) {
      this.starts++;
      const s = FirefoxSession.start(net, executable, userAgentToken);
      this.session = s;
      s.catch(() => {
        if (this.session === s) this.session = null;
      });
    }
    return this.session;
  }

  async drop(): Promise<void> {
    const s = this.session;
    this.session = null;
    await (await s?.catch(() => null))?.close();
  }

  close(): Promise<void> {
    return this.drop();
  }
}
