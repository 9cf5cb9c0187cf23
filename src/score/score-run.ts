// Scores a stored run: loads agencies, targets, measurements and the period's evaluator input from
// the store, scores them, and saves indicator rows and per-agency scorecards.
import { UsageError } from '../net/options.ts';
import type { EvaluatorInput, RunRecord, ScoreRow, Scorecard, Store } from '../store/repository.ts';
import { DEFAULT_CHECKLIST, loadChecklist } from './checklists.ts';
import { compactAgencyResult, expandAgencyResult } from './compact.ts';
import { scoreAgencies } from './score-agencies.ts';
import { takenResults } from './taken.ts';
import type { AgencyResult, Checklist, InputEntry, ScoreResult } from './types.ts';

export interface ScoreRunOptions {
  checklistId?: string;
  /** Evaluation period whose evaluator input is used; default the run's period. */
  periodId?: string | null;
  missingAsZero?: boolean;
  /** Score without saving (e.g. a preview). */
  dryRun?: boolean;
}

export function toInputEntry(i: EvaluatorInput): InputEntry {
  return {
    agencyId: i.agencyId,
    serviceId: i.serviceId,
    indicatorId: i.indicatorId,
    value: i.value,
    notApplicable: i.notApplicable,
    reason: i.reason,
    note: i.note,
    evidenceUrl: i.evidenceUrl,
    author: i.author,
    createdAt: i.createdAt,
  };
}

/** Flattens a result into the store's rows and scorecards. */
export function toStoreRows(result: ScoreResult): { rows: ScoreRow[]; cards: Scorecard[] } {
  const rows: ScoreRow[] = [];
  for (const a of result.agencies)
    for (const s of a.services)
      for (const r of s.indicators)
        rows.push({
          agencyId: a.agencyId,
          serviceId: s.serviceId,
          indicatorId: r.indicatorId,
          value: r.value,
          option: r.option?.fa ?? null,
          points: r.points,
          source: r.source,
          details: {
            optionEn: r.option?.en ?? null,
            weight: r.weight,
            effectiveWeight: r.effectiveWeight,
            missingPoints: r.missingPoints,
            reason: r.reason ?? null,
            autoValue: r.autoValue,
            because: r.because,
            next: r.next,
            // Evidence stays in the scorecard (once per measurement); rows keep the references.
            facts: r.facts.map((f) => ({
              ...f,
              measurements: f.measurements.map(({ evidence: _e, ...ref }) => ref),
            })),
            input: r.input,
            taken: r.taken ?? null,
            errors: r.errors,
          },
        });
  const cards: Scorecard[] = result.agencies.map((a) => ({
    agencyId: a.agencyId,
    total: a.total,
    rank: a.rank,
    band: a.band?.id ?? null,
    data: { ...compactAgencyResult(a), scoredAt: result.scoredAt },
  }));
  return { rows, cards };
}

export async function requireRun(store: Store, runId: string): Promise<RunRecord> {
  const run = await store.getRun(runId);
  if (!run) {
    const runs = await store.listRuns();
    throw new UsageError(
      `no run "${runId}" in the store${
        runs.length
          ? ` (newest: ${runs
              .slice(0, 3)
              .map((r) => r.id)
              .join(', ')})`
          : ''
      }`,
    );
  }
  return run;
}

/** The checklist to use: explicit, else the run's, else the newest ITO model. */
export function checklistForRun(run: RunRecord, explicit?: string): Checklist {
  return loadChecklist(explicit ?? run.checklistId ?? DEFAULT_CHECKLIST);
}

export async function scoreRun(
  store: Store,
  runId: string,
  opts: ScoreRunOptions = {},
): Promise<ScoreResult> {
  const run = await requireRun(store, runId);
  const checklist = checklistForRun(run, opts.checklistId);
  const periodId = opts.periodId ?? run.periodId;
  const [agencies, targets, measurements, inputs] = await Promise.all([
    store.listAgencies(runId),
    store.listTargets(runId),
    store.listMeasurements(runId),
    periodId
      ? store.listEvaluatorInputs({ periodId, checklistId: checklist.id })
      : Promise.resolve([] as EvaluatorInput[]),
  ]);
  const taken = await takenResults(store, checklist, periodId);
  const result = scoreAgencies({
    checklist,
    taken,
    agencies,
    targets,
    measurements,
    inputs: inputs.map(toInputEntry),
    missingAsZero: opts.missingAsZero ?? false,
  });
  if (!opts.dryRun) {
    const { rows, cards } = toStoreRows(result);
    await store.saveScores(runId, checklist.id, rows, cards);
  }
  return result;
}

/** Stored per-agency results of a run (as saved by scoreRun). */
export async function storedAgencyResults(
  store: Store,
  runId: string,
  checklistId: string,
): Promise<AgencyResult[]> {
  return (await store.listScorecards(runId, checklistId)).map((c) => expandAgencyResult(c.data));
}

/** The newest run (optionally of a period) whose agency list contains the agency. */
export async function newestRunWithAgency(
  store: Store,
  agencyId: string,
  periodId?: string,
): Promise<RunRecord | undefined> {
  for (const run of await store.listRuns()) {
    if (periodId && run.periodId !== periodId) continue;
    if ((await store.listAgencies(run.id)).some((a) => a.id === agencyId)) return run;
  }
  return undefined;
}
