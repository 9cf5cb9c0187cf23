// Wall-clock budgets so one slow or hostile site cannot hold a national run: all probes of one agency
// share a site budget (default 10 minutes), and each probe's measurement of one page has a page budget
// (default 2 minutes). Only time a job actually runs counts (waiting in the queue behind other agencies
// does not). A measurement the budget cuts short is stored as unverified with the typed reason
// `budget-exceeded`, and the run goes on.
import type { Measurement, ProbeError, Target } from '../core/index.ts';

export const DEFAULT_SITE_BUDGET_MS = 10 * 60_000;
export const DEFAULT_PAGE_BUDGET_MS = 2 * 60_000;

export interface BudgetOptions {
  /** Running time of all jobs of one agency together. */
  siteBudgetMs: number;
  /** Running time of one job that measures one page (not the whole-site crawl, not a host). */
  pageBudgetMs: number;
}

/** Time during which at least one job of an agency runs. */
class Meter {
  private used = 0;
  private active = 0;
  private since = 0;
  start(): void {
    if (this.active++ === 0) this.since = performance.now();
  }
  stop(): void {
    if (--this.active === 0) this.used += performance.now() - this.since;
  }
  spent(): number {
    return this.used + (this.active ? performance.now() - this.since : 0);
  }
}

/** One job's share: a signal that aborts when a budget runs out, and why. */
export interface BudgetSlot {
  signal: AbortSignal;
  /** Set once a budget ran out during the job. */
  exceeded(): ProbeError | null;
  release(): void;
}

export class RunBudgets {
  private readonly sites = new Map<string, Meter>();
  readonly opts: BudgetOptions;

  constructor(opts: Partial<BudgetOptions> = {}) {
    this.opts = {
      siteBudgetMs: opts.siteBudgetMs ?? DEFAULT_SITE_BUDGET_MS,
      pageBudgetMs: opts.pageBudgetMs ?? DEFAULT_PAGE_BUDGET_MS,
    };
  }

  private meter(agencyId: string): Meter {
    let m = this.sites.get(agencyId);
    if (!m) this.sites.set(agencyId, (m = new Meter()));
    return m;
  }

  /** The reason a job of this agency is not started at all (its site budget is spent), or null. */
  spent(target: Target): ProbeError | null {
    const used = this.meter(target.agencyId).spent();
    return used >= this.opts.siteBudgetMs ? siteError(target, this.opts.siteBudgetMs, used, false) : null;
  }

  /**
   * Starts a job's clock. `wholeSite` jobs (the crawl-based probes) and host jobs count against the
   * site budget only; a job on one page also has the page budget.
   */
  enter(target: Target, wholeSite: boolean): BudgetSlot {
    const meter = this.meter(target.agencyId);
    meter.start();
    const siteLeft = this.opts.siteBudgetMs - meter.spent();
    const pageLevel = !wholeSite && target.kind !== 'host';
    const pageFirst = pageLevel && this.opts.pageBudgetMs <= siteLeft;
    const ms = Math.max(0, pageFirst ? this.opts.pageBudgetMs : siteLeft);
    const ac = new AbortController();
    let reason: ProbeError | null = null;
    const timer = setTimeout(() => {
      reason = pageFirst
        ? {
            type: 'budget-exceeded',
            message: `budget exceeded: the page budget of ${secs(this.opts.pageBudgetMs)} for one measurement of ${target.url} ran out; not measured`,
          }
        : siteError(target, this.opts.siteBudgetMs, meter.spent(), true);
      ac.abort(Object.assign(new Error(reason.message), { name: 'BudgetExceededError' }));
    }, ms);
    let released = false;
    return {
      signal: ac.signal,
      exceeded: () => reason,
      release: () => {
        if (released) return;
        released = true;
        clearTimeout(timer);
        meter.stop();
      },
    };
  }
}

function siteError(target: Target, limitMs: number, usedMs: number, during: boolean): ProbeError {
  return {
    type: 'budget-exceeded',
    message:
      `budget exceeded: the site budget of ${secs(limitMs)} for all probes of agency ${target.agencyId} ` +
      `${during ? 'ran out during this measurement' : `was spent (${secs(usedMs)}) before this measurement started`}; not measured`,
  };
}

const secs = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** The measurement stored for a job the budget stopped: unverified, with the typed reason. */
export function budgetMeasurement(
  probe: string,
  url: string,
  error: ProbeError,
  startedAt: string,
): Measurement {
  return {
    probe,
    url,
    values: {},
    evidence: [{ kind: 'note', label: 'budget exceeded', text: error.message }],
    error,
    toolVersion: 'payesh',
    startedAt,
    finishedAt: new Date().toISOString(),
  };
}
