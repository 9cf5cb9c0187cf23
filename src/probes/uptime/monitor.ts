// The uptime monitor: rounds of checks over every portal home and service page, each check stored
// the moment it is made (one committed row per check, so a killed monitor loses nothing recorded).
// A session row, beaten every half interval, tells the arithmetic when the monitor itself ran.
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import PQueue from 'p-queue';
import type { Agent } from 'undici';
import type { Agency } from '../../agencies/model.ts';
import { createDispatcher } from '../../net/dispatcher.ts';
import { fetchUrl } from '../../net/fetch.ts';
import { hostPortOf, type NetOptions } from '../../net/options.ts';
import type { Store } from '../../store/repository.ts';
import { classifyCheck, reasonType, type CheckResult, type Outcome } from './outcome.ts';

export interface UptimeTarget {
  agencyId: string;
  serviceId: string | null;
  kind: 'portal' | 'service';
  url: string;
  /** host:port, the unit of per-host concurrency and of the keep-alive pool. */
  host: string;
}

/** Every portal home and service page of the list, once per agency and URL. */
export function uptimeTargets(agencies: Agency[]): UptimeTarget[] {
  const out: UptimeTarget[] = [];
  const seen = new Set<string>();
  const add = (agencyId: string, serviceId: string | null, kind: UptimeTarget['kind'], url: string) => {
    const key = `${agencyId}\n${url}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ agencyId, serviceId, kind, url, host: hostPortOf(new URL(url)) });
  };
  for (const a of agencies) {
    add(a.id, null, 'portal', a.portalUrl);
    for (const s of a.services) add(a.id, s.id, 'service', s.url);
  }
  return out;
}

export interface MonitorOptions {
  store: Store;
  net: NetOptions;
  log: Logger;
  intervalMs: number;
  /** Random shift of each round's start, ± this many ms (default: 10 % of the interval, at most 30 s). */
  jitterMs?: number;
  /** Checks at once over all hosts. */
  concurrency: number;
  /** Checks at once against one host (also its keep-alive pool size). */
  perHost: number;
  /** Wait before the confirmation re-check of a failed check; 0 disables the re-check. */
  confirmDelayMs: number;
  agenciesFile: string;
  /** Body bytes read per check (enough to recognise a challenge page). */
  bodyBytes?: number;
}

export interface RoundSummary {
  round: number;
  startedAt: string;
  durationMs: number;
  targets: number;
  recorded: number;
  counts: Record<Outcome, number>;
  /** Checks abandoned because the monitor was stopping (not recorded). */
  abandoned: number;
  /** Checks whose row could not be stored. */
  storeErrors: number;
}

/** Never hold off longer than this on a Retry-After, whatever the server asks. */
const MAX_RETRY_AFTER_MS = 6 * 3600_000;

function sleep(msToWait: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, msToWait);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export class UptimeMonitor {
  private readonly ac = new AbortController();
  private readonly dispatcher: Agent;
  private readonly global: PQueue;
  private readonly hosts = new Map<string, PQueue>();
  /** Retry-After holds by page: no request before this time. */
  private readonly holdUntil = new Map<string, number>();
  private beat?: NodeJS.Timeout;
  sessionId: number | null = null;

  constructor(
    private readonly targets: UptimeTarget[],
    private readonly o: MonitorOptions,
  ) {
    // One keep-alive pool per origin (undici's Agent keeps a pool per origin), sized to the per-host cap.
    this.dispatcher = createDispatcher(o.net, { connections: o.perHost });
    this.global = new PQueue({ concurrency: o.concurrency });
    // Every check in flight listens on the stop signal; that is by design, not a leak.
    setMaxListeners(0, this.ac.signal);
  }

  get stopping(): boolean {
    return this.ac.signal.aborted;
  }

  /** Stop taking new checks and abandon those in flight; run() then returns. */
  stop(): void {
    if (!this.stopping) this.ac.abort();
  }

  async openSession(): Promise<number> {
    this.sessionId = await this.o.store.startMonitorSession({
      intervalMs: this.o.intervalMs,
      agenciesFile: this.o.agenciesFile,
    });
    const every = Math.max(250, Math.floor(this.o.intervalMs / 2));
    this.beat = setInterval(() => {
      if (this.sessionId !== null)
        this.o.store
          .beatMonitorSession(this.sessionId)
          .catch((e) => this.o.log.warn({ err: e }, 'monitor heartbeat not stored'));
    }, every);
    this.beat.unref();
    return this.sessionId;
  }

  async close(): Promise<void> {
    if (this.beat) clearInterval(this.beat);
    if (this.sessionId !== null) await this.o.store.stopMonitorSession(this.sessionId);
    this.sessionId = null;
    await this.dispatcher.destroy().catch(() => {});
  }

  /** Per-host slot first, then a global one: a busy host never holds global slots while it waits. */
  private limited<T>(host: string, fn: () => Promise<T>): Promise<T> {
    let q = this.hosts.get(host);
    if (!q) this.hosts.set(host, (q = new PQueue({ concurrency: this.o.perHost })));
    return q.add(() => this.global.add(fn) as Promise<T>) as Promise<T>;
  }

  private attempt(t: UptimeTarget): Promise<{ at: string; result: CheckResult | null }> {
    return this.limited(t.host, async () => {
      const at = new Date().toISOString();
      if (this.stopping) return { at, result: null };
      const r = await fetchUrl(t.url, this.o.net, {
        dispatcher: this.dispatcher,
        signal: this.ac.signal,
        maxBodyBytes: this.o.bodyBytes ?? 64 * 1024,
      });
      return { at, result: classifyCheck(r) };
    });
  }

  /** One check of one page, with the confirmation re-check; null when abandoned. */
  async check(t: UptimeTarget): Promise<(CheckResult & { checkedAt: string }) | null> {
    const key = `${t.agencyId}\n${t.url}`;
    const hold = this.holdUntil.get(key);
    if (hold !== undefined && Date.now() < hold) {
      return {
        checkedAt: new Date().toISOString(),
        outcome: 'blocked',
        status: null,
        responseMs: null,
        reason: `rate-limited: holding off until ${new Date(hold).toISOString()} as Retry-After asked`,
      };
    }
    const first = await this.attempt(t);
    if (!first.result) return null;
    if (first.result.retryAfterMs !== undefined)
      this.holdUntil.set(key, Date.now() + Math.min(first.result.retryAfterMs, MAX_RETRY_AFTER_MS));
    if (first.result.outcome !== 'down' || this.o.confirmDelayMs <= 0)
      return { checkedAt: first.at, ...first.result };

    // Confirm a failure before recording it as down; the wait holds no concurrency slot.
    if (!(await sleep(this.o.confirmDelayMs, this.ac.signal))) return null;
    const second = await this.attempt(t);
    if (!second.result) return null;
    const r2 = second.result;
    if (r2.outcome === 'up')
      return { checkedAt: first.at, ...r2, reason: `recovered on re-check after ${first.result.reason}` };
    if (r2.outcome === 'down')
      return {
        checkedAt: first.at,
        ...first.result,
        reason: `${first.result.reason} [re-check: ${reasonType(r2.reason)}]`,
      };
    return { checkedAt: first.at, ...r2 };
  }

  async runRound(round = 1): Promise<RoundSummary> {
    const t0 = Date.now();
    const counts: Record<Outcome, number> = { up: 0, down: 0, blocked: 0, error: 0 };
    let recorded = 0;
    let abandoned = 0;
    let storeErrors = 0;
    await Promise.all(
      this.targets.map(async (t) => {
        let c: Awaited<ReturnType<UptimeMonitor['check']>>;
        try {
          c = await this.check(t);
        } catch (e) {
          this.o.log.error({ err: e, url: t.url }, 'uptime check failed inside payesh');
          return;
        }
        if (!c) return void abandoned++;
        try {
          await this.o.store.recordUptimeCheck({
            agencyId: t.agencyId,
            serviceId: t.serviceId,
            url: t.url,
            checkedAt: c.checkedAt,
            outcome: c.outcome,
            status: c.status,
            responseMs: c.responseMs,
            reason: c.reason,
            sessionId: this.sessionId,
          });
          recorded++;
          counts[c.outcome]++;
        } catch (e) {
          storeErrors++;
          this.o.log.error({ err: e, url: t.url }, 'uptime check not stored');
        }
        if (c.outcome !== 'up')
          this.o.log.debug({ url: t.url, outcome: c.outcome, reason: c.reason }, 'check');
      }),
    );
    const summary: RoundSummary = {
      round,
      startedAt: new Date(t0).toISOString(),
      durationMs: Date.now() - t0,
      targets: this.targets.length,
      recorded,
      counts,
      abandoned,
      storeErrors,
    };
    this.o.log.info(summary, 'uptime round done');
    return summary;
  }

  /** Rounds at the interval (with jitter) until stop(). Opens and closes the session. */
  async run(onRound?: (s: RoundSummary) => void): Promise<void> {
    if (this.sessionId === null) await this.openSession();
    const jitter = this.o.jitterMs ?? Math.min(30_000, this.o.intervalMs * 0.1);
    try {
      for (let n = 1; !this.stopping; n++) {
        const started = Date.now();
        const summary = await this.runRound(n);
        onRound?.(summary);
        if (this.stopping) break;
        const wait = started + this.o.intervalMs + (Math.random() * 2 - 1) * jitter - Date.now();
        if (wait <= 0)
          this.o.log.warn(
            { round: n, durationMs: summary.durationMs, intervalMs: this.o.intervalMs },
            'round took longer than the interval',
          );
        await sleep(Math.max(0, wait), this.ac.signal);
      }
    } finally {
      await this.close();
    }
  }
}
