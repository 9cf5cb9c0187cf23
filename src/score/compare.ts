// What changed for an agency between two results (e.g. the stored result of a period and a re-run
// of one site), per indicator with the reason, and the compact JSON the site command prints.
import { round } from './aggregate.ts';
import type { AgencyResult, FactValue, IndicatorRow } from './types.ts';

export interface IndicatorChange {
  indicatorId: string;
  /** null when the indicator is scored per service and this line is about the agency summary. */
  before: { value: number | null; option: string | null; source: string } | null;
  after: { value: number | null; option: string | null; source: string } | null;
  changed: boolean;
  reasons: string[];
}

export interface ScoreComparison {
  agencyId: string;
  totalBefore: number | null;
  totalAfter: number | null;
  rankBefore: number | null;
  rankAfter: number | null;
  indicators: IndicatorChange[];
}

function factMap(rows: IndicatorRow[]): Map<string, FactValue | undefined> {
  const m = new Map<string, FactValue | undefined>();
  for (const r of rows) for (const f of r.facts) if (!m.has(f.fact)) m.set(f.fact, f.value);
  return m;
}

function rowsOf(a: AgencyResult | null, id: string): IndicatorRow[] {
  return a
    ? a.services
        .map((s) => s.indicators.find((r) => r.indicatorId === id))
        .filter((r): r is IndicatorRow => !!r)
    : [];
}

const show = (v: FactValue | undefined) =>
  v === undefined ? 'not measured' : JSON.stringify(typeof v === 'number' ? round(v, 2) : v);

/** Per indicator: before -> after and why (facts that changed, evaluator input that changed). */
export function compareScores(before: AgencyResult | null, after: AgencyResult): ScoreComparison {
  const ids = Object.keys(after.indicators);
  for (const id of Object.keys(before?.indicators ?? {})) if (!ids.includes(id)) ids.push(id);
  const indicators = ids.map((id): IndicatorChange => {
    const b = before?.indicators[id];
    const a = after.indicators[id];
    const pick = (s: typeof a | undefined) =>
      s ? { value: s.value === null ? null : round(s.value, 4), option: s.option, source: s.source } : null;
    const bb = pick(b);
    const aa = pick(a);
    const changed = JSON.stringify(bb) !== JSON.stringify(aa);
    const reasons: string[] = [];
    if (!before) reasons.push('no earlier result for this period');
    else if (changed) {
      const fb = factMap(rowsOf(before, id));
      const fa = factMap(rowsOf(after, id));
      for (const name of new Set([...fb.keys(), ...fa.keys()]))
        if (JSON.stringify(fb.get(name) ?? null) !== JSON.stringify(fa.get(name) ?? null))
          reasons.push(`fact ${name}: ${show(fb.get(name))} -> ${show(fa.get(name))}`);
      const ib = rowsOf(before, id).map(
        (r) => r.input && `${r.input.notApplicable ? 'n/a' : r.input.value}@${r.input.createdAt}`,
      );
      const ia = rowsOf(after, id).map(
        (r) => r.input && `${r.input.notApplicable ? 'n/a' : r.input.value}@${r.input.createdAt}`,
      );
      if (JSON.stringify(ib) !== JSON.stringify(ia)) {
        const last = rowsOf(after, id).find((r) => r.input)?.input;
        reasons.push(
          last
            ? `evaluator input changed: ${last.notApplicable ? 'not applicable' : last.value} by ${last.author} at ${last.createdAt}`
            : 'evaluator input removed',
        );
      }
      if (bb?.source !== aa?.source && reasons.length === 0)
        reasons.push(`source ${bb?.source ?? '—'} -> ${aa?.source ?? '—'}`);
      if (reasons.length === 0) reasons.push('the checklist rules or the services scored changed');
    }
    return { indicatorId: id, before: bb, after: aa, changed, reasons };
  });
  return {
    agencyId: after.agencyId,
    totalBefore: before?.total ?? null,
    totalAfter: after.total,
    rankBefore: before?.rank ?? null,
    rankAfter: after.rank,
    indicators,
  };
}

/** Compact JSON of one agency's result: `indicators` keyed by id with value, option, source and points. */
export function siteScoreJson(result: AgencyResult): Record<string, unknown> {
  return {
    agencyId: result.agencyId,
    checklistId: result.checklistId,
    total: result.total === null ? null : round(result.total, 2),
    totalPoints: result.totalPoints === null ? null : round(result.totalPoints, 2),
    maxPoints: result.maxPoints,
    band: result.band?.id ?? null,
    missingPoints: round(result.missingPoints, 2),
    missingIndicators: result.missingIndicators,
    // Verified points are `total`; open points could still be added by closing the open indicators.
    provisional: result.provisional ?? false,
    openPoints: round(result.missingPoints, 2),
    missingAsZero: result.missingAsZero,
    unreachable: result.unreachable ?? null,
    notRanked: result.unranked ?? null,
    open: (result.open ?? []).map((o) => ({ ...o, points: round(o.points, 2) })),
    priorities: Object.fromEntries(
      result.priorities.map((p) => [p.id, p.score === null ? null : round(p.score, 2)]),
    ),
    indicators: Object.fromEntries(
      Object.entries(result.indicators).map(([id, s]) => [
        id,
        {
          value: s.value === null ? null : round(s.value, 4),
          option: s.option,
          optionEn: s.optionEn,
          source: s.source,
          points: s.points === null ? null : round(s.points, 4),
          services: s.services,
          missing: s.missing,
        },
      ]),
    ),
  };
}

/** Plain-text list of the indicators that changed. */
export function comparisonText(c: ScoreComparison): string {
  const f = (x: number | null) => (x === null ? '—' : round(x, 2).toFixed(2));
  const out = [
    `${c.agencyId}: total ${f(c.totalBefore)} -> ${f(c.totalAfter)}, rank ${c.rankBefore ?? '—'} -> ${c.rankAfter ?? '—'}`,
  ];
  const changed = c.indicators.filter((i) => i.changed);
  if (changed.length === 0) out.push('no indicator changed');
  for (const i of changed)
    out.push(
      `indicator ${i.indicatorId}: ${i.before?.value ?? '—'} (${i.before?.source ?? '—'}) -> ${i.after?.value ?? '—'} (${i.after?.source ?? '—'}); ${i.reasons.join('; ')}`,
    );
  return out.join('\n') + '\n';
}
