// report.json: one document with the run, checklist, ranking, per-agency indicator values,
// option counts and trends. Schema "payesh-report/1", documented in docs/reports.md.
import { PAYESH_VERSION } from '../net/options.ts';
import type { ReportData } from './data.ts';
import { notRankedReason } from './tables.ts';
import type { Trend } from './trends.ts';

const r4 = (n: number | null | undefined): number | null =>
  n === null || n === undefined || !Number.isFinite(n) ? null : Math.round(n * 10_000) / 10_000;

export const REPORT_SCHEMA = 'payesh-report/1';

export function reportJson(d: ReportData, trend: Trend | null, generatedAt: string): Record<string, unknown> {
  const trendOf = new Map((trend?.rows ?? []).map((r) => [r.agencyId, r]));
  return {
    schema: REPORT_SCHEMA,
    generator: `payesh/${PAYESH_VERSION}`,
    generatedAt,
    run: {
      id: d.run.id,
      periodId: d.run.periodId,
      state: d.run.state,
      createdAt: d.run.createdAt,
      finishedAt: d.run.finishedAt,
    },
    checklist: {
      id: d.checklist.id,
      title: d.checklist.title,
      period: d.checklist.period,
      priorities: d.checklist.priorities.map((p) => ({ id: p.id, title: p.title, weight: p.weight })),
      bands: d.checklist.bands,
    },
    scoredAt: d.scoredAt,
    missingAsZero: d.agencies[0]?.missingAsZero ?? false,
    nationalMean: r4(d.nationalMean),
    agencies: d.agencies.map((a) => {
      const t = trendOf.get(a.agencyId);
      return {
        rank: a.rank,
        agencyId: a.agencyId,
        nameFa: a.nameFa,
        nameEn: a.nameEn ?? null,
        total: r4(a.total),
        totalPoints: r4(a.totalPoints),
        maxPoints: a.maxPoints,
        band: a.band?.id ?? null,
        priorities: Object.fromEntries(a.priorities.map((p) => [p.id, r4(p.score)])),
        missingPoints: r4(a.missingPoints),
        missingIndicators: a.missingIndicators,
        // total = verified points; openPoints could still be added by closing `open`.
        provisional: a.provisional ?? false,
        openPoints: a.missingAsZero ? 0 : r4(a.missingPoints),
        notRanked: notRankedReason(a),
        unreachable: a.unreachable ?? null,
        open: (a.open ?? []).map((o) => ({ ...o, points: r4(o.points) })),
        indicators: Object.fromEntries(
          Object.entries(a.indicators).map(([id, s]) => [
            id,
            {
              value: r4(s.value),
              option: s.option,
              optionEn: s.optionEn,
              source: s.source,
              points: r4(s.points),
              services: s.services,
              missing: s.missing,
            },
          ]),
        ),
        services: a.services.map((s) => ({
          serviceId: s.pseudo ? null : s.serviceId,
          title: s.title,
          type: s.type,
          pseudo: s.pseudo,
          total: r4(s.total),
          indicators: s.indicators.map((r) => ({
            indicatorId: r.indicatorId,
            value: r4(r.value),
            option: r.option,
            source: r.source,
            reason: r.reason ?? null,
            unverified: r.unverified ?? null,
            points: r4(r.points),
            because: r.because,
            next: r.next,
          })),
        })),
        ...(trend
          ? {
              change: t
                ? {
                    totalBefore: r4(t.totalBefore),
                    scoreChange: r4(t.scoreChange),
                    rankBefore: t.rankBefore,
                    rankChange: t.rankChange,
                  }
                : null,
            }
          : {}),
      };
    }),
    optionCounts: d.optionCounts.map((c) => ({ ...c, meanPercent: r4(c.meanPercent) })),
    trend: trend
      ? {
          source: trend.source,
          topRisers: trend.topRisers.map((r) => ({
            agencyId: r.agencyId,
            nameFa: r.nameFa,
            total: r4(r.totalNow),
            totalBefore: r4(r.totalBefore),
            rank: r.rankNow,
            rankBefore: r.rankBefore,
            rankChange: r.rankChange,
            scoreChange: r4(r.scoreChange),
          })),
          unmatched: trend.unmatched,
        }
      : null,
  };
}
