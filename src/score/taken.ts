// Looks up another checklist's stored results for items that take them (`takesResultOf`): ARO items
// that the ARO text scores "by inquiring the agency's result in the ITO evaluation" (seed 000, gauge 5
// notes and gauge 3.2.1). The newest run of the same period scored with that checklist wins; within it
// the agency's main service row (indicators such as ITO 4 are read on the main service site).
import { mainServices } from '../agencies/model.ts';
import type { ScoreRow, Store } from '../store/repository.ts';
import type { Checklist, TakenResult } from './types.ts';

export type TakenLookup = (agencyId: string, indicatorId: string) => TakenResult | null;

export const NO_TAKEN: TakenLookup = () => null;

/** A value an evaluator can rely on: measured or entered, not unverified or left out. */
function decided(r: ScoreRow): boolean {
  return r.value !== null && r.source !== 'missing' && r.source !== 'not-applicable';
}

export async function takenResults(
  store: Store,
  checklist: Checklist,
  periodId: string | null,
): Promise<TakenLookup> {
  const wanted = checklist.indicators.filter((i) => i.takesResultOf);
  if (!periodId || wanted.length === 0) return NO_TAKEN;
  const others = new Set(wanted.map((i) => i.takesResultOf!.checklist));
  const found = new Map<string, TakenResult>();
  const key = (agencyId: string, indicatorId: string) => `${agencyId}\u0000${indicatorId}`;
  // Runs come newest first: the first result found for an agency and indicator is kept.
  for (const run of await store.listRuns()) {
    if (run.periodId !== periodId) continue;
    for (const other of others) {
      const rows = await store.listScores(run.id, other);
      if (rows.length === 0) continue;
      const cards = await store.listScorecards(run.id, other);
      const scoredAt = new Map(cards.map((c) => [c.agencyId, (c.data.scoredAt as string) ?? null]));
      const agencies = new Map((await store.listAgencies(run.id)).map((a) => [a.id, a]));
      for (const ind of wanted) {
        const t = ind.takesResultOf!;
        if (t.checklist !== other) continue;
        const byAgency = new Map<string, ScoreRow[]>();
        for (const r of rows)
          if (r.indicatorId === t.indicator && decided(r))
            byAgency.set(r.agencyId, [...(byAgency.get(r.agencyId) ?? []), r]);
        for (const [agencyId, rs] of byAgency) {
          if (found.has(key(agencyId, ind.id))) continue;
          const agency = agencies.get(agencyId);
          const mainIds = new Set(agency ? mainServices(agency).map((s) => s.id) : []);
          const row = rs.find((r) => r.serviceId !== null && mainIds.has(r.serviceId)) ?? rs[0];
          const optionEn = typeof row.details.optionEn === 'string' ? row.details.optionEn : null;
          found.set(key(agencyId, ind.id), {
            checklistId: other,
            indicatorId: t.indicator,
            runId: run.id,
            periodId,
            serviceId: row.serviceId,
            value: row.value!,
            option: row.option !== null ? { fa: row.option, en: optionEn ?? row.option } : null,
            scoredAt: scoredAt.get(agencyId) ?? null,
          });
        }
      }
    }
  }
  return (agencyId, indicatorId) => found.get(key(agencyId, indicatorId)) ?? null;
}
