// The report's tables as plain rows, shared by the CSV, JSON and XLSX writers so the three agree.
// Column names are documented in docs/reports.md; add columns at the end, never rename.
import type { Evidence } from '../core/index.ts';
import type { AgencyResult } from '../score/types.ts';
import type { ReportData } from './data.ts';
import type { Trend } from './trends.ts';
import { csvText } from './cell-text.ts';

export type Cell = string | number | boolean | null;
export interface Table {
  name: string;
  columns: string[];
  rows: Cell[][];
}

const r4 = (n: number | null | undefined): number | null =>
  n === null || n === undefined || !Number.isFinite(n) ? null : Math.round(n * 10_000) / 10_000;

export function rankingTable(d: ReportData): Table {
  const pIds = d.checklist.priorities.map((p) => p.id);
  return {
    name: 'ranking',
    columns: [
      'rank',
      'agency_id',
      'name_fa',
      'name_en',
      'band',
      'total',
      'total_points',
      'max_points',
      ...pIds,
      'missing_points',
      'missing_indicators',
      'provisional',
      'open_points',
      'not_ranked_reason',
    ],
    rows: d.agencies.map((a) => [
      a.rank,
      a.agencyId,
      a.nameFa,
      a.nameEn ?? null,
      a.band?.id ?? null,
      r4(a.total),
      r4(a.totalPoints),
      a.maxPoints,
      ...pIds.map((id) => r4(a.priorities.find((p) => p.id === id)?.score)),
      r4(a.missingPoints),
      a.missingIndicators,
      a.provisional ?? false,
      a.missingAsZero ? 0 : r4(a.missingPoints),
      notRankedReason(a),
    ]),
  };
}

/** Why an agency has no rank (portal unreachable, no services), or null. */
export function notRankedReason(a: AgencyResult): string | null {
  if (a.rank !== null) return null;
  if (a.unreachable) return `could not be measured: ${a.unreachable.type}: ${a.unreachable.message}`;
  return a.unranked?.en ?? null;
}

/** What is still open per agency and indicator, and what would close it. */
export function openTable(d: ReportData): Table {
  const rows: Cell[][] = [];
  for (const a of d.agencies)
    for (const o of a.open ?? [])
      rows.push([
        a.agencyId,
        a.nameFa,
        o.indicatorId,
        o.title.fa,
        o.title.en,
        o.kind,
        o.services,
        r4(o.points),
        a.missingAsZero,
        o.error?.type ?? null,
        o.error?.message ?? null,
        o.close.fa,
        o.close.en,
      ]);
  return {
    name: 'open',
    columns: [
      'agency_id',
      'name_fa',
      'indicator_id',
      'title_fa',
      'title_en',
      'unverified_kind',
      'services',
      'open_points',
      'counted_as_zero',
      'error_type',
      'error_message',
      'close_fa',
      'close_en',
    ],
    rows,
  };
}

export function indicatorsTable(d: ReportData): Table {
  const rows: Cell[][] = [];
  for (const a of d.agencies)
    for (const s of a.services)
      for (const r of s.indicators)
        rows.push([
          a.agencyId,
          a.nameFa,
          s.pseudo ? null : s.serviceId,
          s.pseudo ? null : s.title,
          r.indicatorId,
          r.priority,
          r.level,
          r4(r.value),
          r.option?.fa ?? null,
          r.option?.en ?? null,
          r.source,
          r.reason ?? null,
          r4(r.points),
          r4(r.effectiveWeight),
          r.because?.fa ?? null,
          r.because?.en ?? null,
          r.next?.fa ?? null,
          r.next?.en ?? null,
        ]);
  return {
    name: 'indicators',
    columns: [
      'agency_id',
      'name_fa',
      'service_id',
      'service_title',
      'indicator_id',
      'priority',
      'level',
      'value',
      'option_fa',
      'option_en',
      'source',
      'reason',
      'points',
      'effective_weight',
      'because_fa',
      'because_en',
      'next_fa',
      'next_en',
    ],
    rows,
  };
}

export function optionCountsTable(d: ReportData): Table {
  const rows: Cell[][] = [];
  for (const c of d.optionCounts) {
    const base = [c.indicatorId, c.title.fa, c.title.en, c.priority];
    for (const o of c.options)
      rows.push([...base, o.value, o.label.fa, o.label.en, o.agencies, r4(c.meanPercent)]);
    rows.push([...base, null, 'متفاوت در خدمات', 'mixed', c.mixed, r4(c.meanPercent)]);
    rows.push([...base, null, 'اندازه‌گیری نشده', 'not measured', c.missing, r4(c.meanPercent)]);
    rows.push([...base, null, 'عدم مصداق', 'not applicable', c.notApplicable, r4(c.meanPercent)]);
  }
  return {
    name: 'option_counts',
    columns: [
      'indicator_id',
      'title_fa',
      'title_en',
      'priority',
      'option_value',
      'option_fa',
      'option_en',
      'agencies',
      'mean_percent',
    ],
    rows,
  };
}

/** Every piece of evidence behind every indicator row (one row per evidence item). */
/**
 * Columns of the evidence table, in the CSV and in the workbook's evidence sheet. The third names what
 * it holds: one indicator per row (CSV) or every indicator an item supports (workbook).
 */
export function evidenceColumns(indicator: 'indicator_id' | 'indicators'): string[] {
  return [
    'agency_id',
    'service_id',
    indicator,
    'probe',
    'measured_url',
    'measured_at',
    'tool_version',
    'kind',
    'label',
    'url',
    'selector',
    'text',
    'path',
    'count',
    'error_type',
    'error_message',
  ];
}

/** The cells of one evidence item (kind to count in evidenceColumns); a measurement without items gets blanks. */
export function evidenceItemCells(e: Evidence | null | undefined): Cell[] {
  return [
    e?.kind ?? null,
    e?.label ?? null,
    e?.url ?? null,
    e?.selector ?? null,
    e?.text ?? null,
    e?.path ?? null,
    e?.count ?? null,
  ];
}

export function evidenceTable(d: ReportData): Table {
  const rows: Cell[][] = [];
  for (const a of d.agencies)
    for (const s of a.services)
      for (const r of s.indicators) {
        const seen = new Set<string>();
        for (const use of r.facts)
          for (const m of use.measurements) {
            const k = m.id !== undefined ? String(m.id) : `${m.probe}|${m.url}`;
            if (seen.has(k)) continue;
            seen.add(k);
            const base = [
              a.agencyId,
              s.pseudo ? null : s.serviceId,
              r.indicatorId,
              m.probe,
              m.url,
              m.finishedAt,
              m.toolVersion,
            ];
            const items: (Evidence | null)[] = m.evidence.length ? m.evidence : [null];
            for (const e of items)
              rows.push([...base, ...evidenceItemCells(e), m.error?.type ?? null, m.error?.message ?? null]);
          }
        if (r.input?.evidenceUrl)
          rows.push([
            a.agencyId,
            s.pseudo ? null : s.serviceId,
            r.indicatorId,
            'evaluator-input',
            null,
            r.input.createdAt,
            null,
            'url',
            [r.input.author, r.input.note ?? r.input.reason].filter(Boolean).join(': '),
            r.input.evidenceUrl,
            null,
            null,
            null,
            null,
            null,
            null,
          ]);
      }
  return {
    name: 'evidence',
    columns: evidenceColumns('indicator_id'),
    rows,
  };
}

export function trendsTable(t: Trend): Table {
  return {
    name: 'trends',
    columns: [
      'agency_id',
      'name_fa',
      'total',
      'total_before',
      'score_change',
      'rank',
      'rank_before',
      'rank_change',
    ],
    rows: t.rows.map((r) => [
      r.agencyId,
      r.nameFa,
      r4(r.totalNow),
      r4(r.totalBefore),
      r4(r.scoreChange),
      r.rankNow,
      r.rankBefore,
      r.rankChange,
    ]),
  };
}

// ---------- CSV ----------

/** One CSV field; text is formula-guarded and quoted for every locale (see cell-text.ts). */
export function csvField(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return csvText(v);
}

/** UTF-8 with a byte-order mark (so spreadsheet programs read Persian correctly), CRLF line ends. */
export function toCsv(t: Table): string {
  return '\uFEFF' + [t.columns, ...t.rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
