// Runs one job: loads its target, calls the probe, stores the measurement (which marks the job done).
// Shared by the in-process runner and by distributed workers.
import type { Logger } from 'pino';
import type { NetOptions } from '../net/options.ts';
import { storeWrite, type Measurement, type Probe, type Target } from '../core/index.ts';
import type { AnyProbeDefinition } from '../probes/registry.ts';
import type { Job } from '../queue/types.ts';
import type { Store } from '../store/repository.ts';
import { budgetMeasurement, type RunBudgets } from './budget.ts';

/** The probes a job may run, with the definitions they were built from. */
export interface RunProbes {
  probes: Map<string, Probe>;
  /** The definitions the probes were built from: their report details and fact catalogue. */
  definitions?: Map<string, AnyProbeDefinition>;
}

export interface ExecuteDeps extends RunProbes {
  store: Store;
  net: NetOptions;
  runDir: string;
  log: Logger;
  /** Wall-clock budgets per agency and per page; none: only the job time limit applies. */
  budgets?: RunBudgets;
}

/** Caches a run's targets so each job does not reload them. */
export class TargetIndex {
  private byId = new Map<number, Target>();
  private byAgency = new Map<string, Target[]>();
  constructor(targets: Target[]) {
    for (const t of targets) {
      this.byId.set(t.id!, t);
      const list = this.byAgency.get(t.agencyId) ?? [];
      list.push(t);
      this.byAgency.set(t.agencyId, list);
    }
  }
  get(id: number): Target | undefined {
    return this.byId.get(id);
  }
  ofAgency(agencyId: string): Target[] {
    return this.byAgency.get(agencyId) ?? [];
  }
}

export async function executeJob(
  deps: ExecuteDeps,
  runId: string,
  targets: TargetIndex,
  job: Job,
  signal: AbortSignal,
): Promise<void> {
  const probe = deps.probes.get(job.probe);
  if (!probe) throw new Error(`no probe "${job.probe}" in this build`);
  const target = targets.get(job.targetId);
  if (!target) throw new Error(`target ${job.targetId} of run ${runId} not found`);
  const def = deps.definitions?.get(job.probe);
  const save = (m: Measurement) =>
    storeWrite('measurement', () =>
      deps.store.saveMeasurement(runId, job.targetId, def ? declared(def, m, deps.log) : m),
    );
  const startedAt = new Date().toISOString();
  // An agency whose site budget is spent gets its remaining measurements as unverified, not run.
  const spent = deps.budgets?.spent(target);
  if (spent) {
    await save(budgetMeasurement(job.probe, target.url, spent, startedAt));
    return;
  }
  await storeWrite('job state', () => deps.store.setJobState(runId, job.key, 'running'));
  const slot = deps.budgets?.enter(target, def?.needs.includes('crawl') ?? false);
  let m: Measurement;
  try {
    const run = probe.run(target, {
      net: deps.net,
      log: deps.log.child({ probe: probe.id, target: target.url }),
      signal: slot ? AbortSignal.any([signal, slot.signal]) : signal,
      runDir: deps.runDir,
      agencyTargets: targets.ofAgency(target.agencyId),
    });
    // A probe that does not stop at once when its budget runs out does not hold the job.
    m = slot ? await Promise.race([run, untilAborted(slot.signal)]) : await run;
  } catch (e) {
    if (!slot?.exceeded() || signal.aborted) throw e;
    m = budgetMeasurement(job.probe, target.url, slot.exceeded()!, startedAt);
  } finally {
    slot?.release();
  }
  // A cancelled job is not stored: on resume it runs again instead of keeping a half measurement.
  if (signal.aborted) throw signal.reason ?? new Error('aborted');
  const exceeded = slot?.exceeded();
  // What a probe returns after its budget ran out is cut short: the budget is the reason.
  await save(exceeded ? budgetMeasurement(job.probe, target.url, exceeded, startedAt) : m);
}

function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** Adds the probe's report details; warns about facts its catalogue does not declare. */
export function declared(def: AnyProbeDefinition, m: Measurement, log: Logger): Measurement {
  const values = { ...m.values };
  const known = new Set(def.facts.map((f) => f.name));
  const unknown = Object.keys(values.facts ?? {}).filter((k) => !known.has(k));
  // Kept for the scorer, but an undocumented fact is a bug in the probe's definition.
  if (unknown.length) log.warn({ probe: def.id, facts: unknown }, 'facts missing from the probe catalogue');
  if (def.details && !m.error) {
    try {
      values.details = def.details(m);
    } catch (e) {
      log.warn({ probe: def.id, err: (e as Error).message }, 'report details could not be built');
    }
  }
  return { ...m, values };
}
