// Everything a report shows, read from the store once: stored scorecards (the scorer's per-agency
// results), the checklist, the measurements behind them, evaluator inputs and uptime checks.
// Reports never re-measure and never re-score.
import { UsageError } from '../net/options.ts';
import type { Target } from '../core/index.ts';
import { nationalMean } from '../score/aggregate.ts';
import { expandAgencyResult } from '../score/compact.ts';
import { checklistForRun, requireRun } from '../score/score-run.ts';
import type { AgencyResult, Checklist } from '../score/types.ts';
import type {
  EvaluatorInput,
  RunRecord,
  StoredMeasurement,
  Store,
  UptimeCheck,
} from '../store/repository.ts';

export interface OptionCount {
  value: number;
  label: { fa: string; en: string };
  agencies: number;
}

/** How many agencies got each option of one indicator (agency-level summary over its services). */
export interface IndicatorCounts {
  indicatorId: string;
  title: { fa: string; en: string };
  priority: string;
  level: string;
  options: OptionCount[];
  /** Agencies whose services got different options. */
  mixed: number;
  missing: number;
  notApplicable: number;
  /** Mean of agency values × 100 (agencies with a value), like the published "national mean" column. */
  meanPercent: number | null;
}

export interface ReportData {
  run: RunRecord;
  checklist: Checklist;
  /** Ranked first, then unranked, each by rank / name. */
  agencies: AgencyResult[];
  scoredAt: string | null;
  nationalMean: number | null;
  measurementsByAgency: Map<string, StoredMeasurement[]>;
  targetsById: Map<number, Target>;
  inputsByAgency: Map<string, EvaluatorInput[]>;
  uptimeByAgency: Map<string, UptimeCheck[]>;
  optionCounts: IndicatorCounts[];
}

function byRank(a: AgencyResult, b: AgencyResult): number {
  if (a.rank !== null && b.rank !== null) return a.rank - b.rank;
  if (a.rank !== null) return -1;
  if (b.rank !== null) return 1;
  return a.nameFa.localeCompare(b.nameFa, 'fa');
}

export function countOptions(checklist: Checklist, agencies: AgencyResult[]): IndicatorCounts[] {
  return checklist.indicators.map((ind) => {
    const options: OptionCount[] = ind.options.map((o) => ({ value: o.value, label: o.label, agencies: 0 }));
    let mixed = 0;
    let missing = 0;
    let notApplicable = 0;
    const values: number[] = [];
    for (const a of agencies) {
      const s = a.indicators?.[ind.id];
      if (!s || s.source === 'not-applicable') {
        notApplicable += s ? 1 : 0;
        continue;
      }
      if (s.value !== null) values.push(s.value);
      if (s.source === 'missing' || (s.value === null && s.missing > 0)) missing++;
      else if (s.option !== null) {
        const hit = options.find((o) => o.label.fa === s.option) ?? options.find((o) => o.value === s.value);
        if (hit) hit.agencies++;
        else mixed++;
      } else mixed++;
    }
    return {
      indicatorId: ind.id,
      title: ind.title,
      priority: ind.priority,
      level: ind.level,
      options,
      mixed,
      missing,
      notApplicable,
      meanPercent: values.length ? (values.reduce((x, y) => x + y, 0) / values.length) * 100 : null,
    };
  });
}

export async function loadReportData(store: Store, runId: string, checklistId?: string): Promise<ReportData> {
  const run = await requireRun(store, runId);
  const checklist = checklistForRun(run, checklistId);
  const [cards, targets, measurements] = await Promise.all([
    store.listScorecards(runId, checklist.id),
    store.listTargets(runId),
    store.listMeasurements(runId),
  ]);
  if (cards.length === 0)
    throw new UsageError(
      `run ${runId} has no scores for checklist ${checklist.id}; run: payesh score ${runId} --checklist ${checklist.id}`,
    );
  const agencies = cards.map((c) => expandAgencyResult(c.data)).sort(byRank);
  const scoredAt = (cards[0].data as { scoredAt?: string }).scoredAt ?? null;

  const targetsById = new Map<number, Target>();
  for (const t of targets) if (t.id !== undefined) targetsById.set(t.id, t);
  const measurementsByAgency = new Map<string, StoredMeasurement[]>();
  for (const m of measurements) {
    const agencyId = targetsById.get(m.targetId)?.agencyId;
    if (!agencyId) continue;
    const list = measurementsByAgency.get(agencyId) ?? [];
    list.push(m);
    measurementsByAgency.set(agencyId, list);
  }

  const inputsByAgency = new Map<string, EvaluatorInput[]>();
  if (run.periodId) {
    for (const i of await store.listEvaluatorInputs({ periodId: run.periodId, checklistId: checklist.id })) {
      const list = inputsByAgency.get(i.agencyId) ?? [];
      list.push(i);
      inputsByAgency.set(i.agencyId, list);
    }
  }

  // Uptime checks over each agency's measured window (from its uptime measurements), else the 30 days before the run.
  const uptimeByAgency = new Map<string, UptimeCheck[]>();
  for (const a of agencies) {
    const windows = (measurementsByAgency.get(a.agencyId) ?? [])
      .filter((m) => m.probe === 'uptime')
      .map((m) => m.values as { from?: string; to?: string })
      .filter((v) => v.from && v.to);
    const end = run.finishedAt ?? run.updatedAt;
    const from = windows.length
      ? windows.map((w) => w.from!).sort()[0]
      : new Date(Date.parse(end) - 30 * 86_400_000).toISOString();
    const to = windows.length
      ? windows
          .map((w) => w.to!)
          .sort()
          .at(-1)!
      : end;
    const checks = await store.listUptimeChecks({ agencyId: a.agencyId, from, to });
    if (checks.length) uptimeByAgency.set(a.agencyId, checks);
  }

  return {
    run,
    checklist,
    agencies,
    scoredAt,
    nationalMean: nationalMean(agencies.filter((a) => a.rank !== null).map((a) => a.total)),
    measurementsByAgency,
    targetsById,
    inputsByAgency,
    uptimeByAgency,
    optionCounts: countOptions(checklist, agencies),
  };
}
