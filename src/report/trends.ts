// Trends: this run against a previous period, either a published results CSV (agency id or name,
// priority scores, total, rank) or another stored run. Score change, rank change and top risers.
import { readFileSync } from 'node:fs';
import { parseCsv } from '../agencies/csv.ts';
import { decodeListBytes } from '../agencies/decode.ts';
import { UsageError } from '../net/options.ts';
import { storedAgencyResults } from '../score/score-run.ts';
import type { AgencyResult, Checklist } from '../score/types.ts';
import type { Store } from '../store/repository.ts';
import { normalizeForMatch, toAsciiDigits } from '../text/normalize.ts';

/** One agency's result in the previous period. */
export interface PreviousResult {
  agencyId: string | null;
  name: string | null;
  total: number | null;
  rank: number | null;
  priorities: Record<string, number | null>;
  /** 1-based CSV line, when read from a file. */
  line?: number;
}

export interface TrendRow {
  agencyId: string;
  nameFa: string;
  nameEn?: string;
  totalNow: number | null;
  totalBefore: number | null;
  rankNow: number | null;
  rankBefore: number | null;
  /** totalNow - totalBefore. */
  scoreChange: number | null;
  /** rankBefore - rankNow: positive when the agency climbed. */
  rankChange: number | null;
  prioritiesBefore: Record<string, number | null>;
}

export interface Trend {
  source: { kind: 'csv'; file: string } | { kind: 'run'; runId: string };
  /** Label of the previous period for people (file name or run id). */
  label: string;
  rows: TrendRow[];
  /** Previous entries that match no agency of this run. */
  unmatched: { name: string; line?: number }[];
  /** Up to ten agencies with the largest rank gain (then score gain), like the published "largest growth" table. */
  topRisers: TrendRow[];
}

const key = (s: string) => normalizeForMatch(s).replace(/[\s_-]+/g, '');

const ID_HEADERS = ['agencyid', 'agency_id', 'id', 'شناسه', 'شناسهدستگاه', 'کد', 'کددستگاه'].map(key);
const NAME_HEADERS = [
  'agency',
  'name',
  'namefa',
  'agencyname',
  'نام',
  'دستگاه',
  'نامدستگاه',
  'نامدستگاهاجرایی',
  'دستگاهاجرایی',
].map(key);
const TOTAL_HEADERS = ['total', 'score', 'totalscore', 'امتیاز', 'امتیازکل', 'مجموع'].map(key);
const RANK_HEADERS = ['rank', 'رتبه', 'رتبهکل'].map(key);

/** "86.45", "۸۶٫۴۵", "86.45%", "" -> number or null; anything else is an error. */
function parseNumber(raw: string): number | null | 'bad' {
  const s = toAsciiDigits(raw.trim()).replace(/[٫،]/g, '.').replace(/[%٪]/g, '').trim();
  if (s === '' || s === '-' || s === '—') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : 'bad';
}

/** Reads a previous period's results. Problems name the file, line and column; all are reported at once. */
export function readPreviousCsv(file: string, checklist: Checklist): PreviousResult[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new UsageError(
      `--previous ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
  const decoded = decodeListBytes(bytes);
  if (decoded.problem) throw new UsageError(`${file}: ${decoded.problem}`);
  const { records, problems: parseProblems } = parseCsv(decoded.text);
  const problems = parseProblems.map((p) => `${file}: line ${p.line}: ${p.message}`);
  if (records.length === 0) throw new UsageError(`${file}: empty file`);
  const header = records[0].fields.map((h) => key(h));
  const col = (names: string[]) => header.findIndex((h) => names.includes(h));
  const idCol = col(ID_HEADERS);
  const nameCol = col(NAME_HEADERS);
  const totalCol = col(TOTAL_HEADERS);
  const rankCol = col(RANK_HEADERS);
  if (idCol < 0 && nameCol < 0)
    problems.push(`${file}: line 1: no agency column (expected agency_id or agency/name)`);
  if (totalCol < 0) problems.push(`${file}: line 1: no total column (expected total)`);
  const priorityCols = checklist.priorities
    .map((p) => ({
      id: p.id,
      index: header.findIndex((h) => [key(p.id), key(p.title.fa), key(p.title.en)].includes(h)),
    }))
    .filter((p) => p.index >= 0);
  if (problems.length) throw new UsageError(problems.join('\n'));

  const out: PreviousResult[] = [];
  for (const r of records.slice(1)) {
    if (r.fields.every((f) => f.trim() === '')) continue;
    const field = (i: number) => (i >= 0 ? (r.fields[i] ?? '').trim() : '');
    const num = (i: number, name: string) => {
      const v = i >= 0 ? parseNumber(field(i)) : null;
      if (v === 'bad') {
        problems.push(`${file}: line ${r.line} (${name}): "${field(i)}" is not a number`);
        return null;
      }
      return v;
    };
    const agencyId = field(idCol) || null;
    const name = field(nameCol) || null;
    if (!agencyId && !name) {
      problems.push(`${file}: line ${r.line}: no agency id or name`);
      continue;
    }
    const total = num(totalCol, records[0].fields[totalCol]);
    const rank = num(rankCol, rankCol >= 0 ? records[0].fields[rankCol] : 'rank');
    const priorities: Record<string, number | null> = {};
    for (const p of priorityCols) priorities[p.id] = num(p.index, records[0].fields[p.index]);
    if (total !== null && (total < 0 || total > 100))
      problems.push(`${file}: line ${r.line} (total): ${total} is outside 0-100`);
    out.push({
      agencyId,
      name,
      total,
      rank: rank === null ? null : Math.round(rank),
      priorities,
      line: r.line,
    });
  }
  if (problems.length) throw new UsageError(problems.join('\n'));
  // Ranks missing from the file follow the totals (ties share the better rank), as published tables do.
  if (out.some((p) => p.rank === null)) {
    const totals = out
      .map((p) => p.total)
      .filter((t): t is number => t !== null)
      .sort((a, b) => b - a);
    for (const p of out) if (p.rank === null && p.total !== null) p.rank = totals.indexOf(p.total) + 1;
  }
  return out;
}

/** The previous run's stored results as PreviousResult rows. */
export async function previousFromRun(
  store: Store,
  runId: string,
  checklistId: string,
): Promise<PreviousResult[]> {
  if (!(await store.getRun(runId))) throw new UsageError(`--compare: no run "${runId}" in the store`);
  const results = await storedAgencyResults(store, runId, checklistId);
  if (results.length === 0)
    throw new UsageError(`--compare: run ${runId} has no scores for checklist ${checklistId}`);
  return results.map((a) => ({
    agencyId: a.agencyId,
    name: a.nameFa,
    total: a.total,
    rank: a.rank,
    priorities: Object.fromEntries(a.priorities.map((p) => [p.id, p.score])),
  }));
}

export function buildTrend(
  agencies: AgencyResult[],
  previous: PreviousResult[],
  source: Trend['source'],
): Trend {
  const byId = new Map(agencies.map((a) => [a.agencyId, a]));
  const byName = new Map<string, AgencyResult>();
  for (const a of agencies) {
    byName.set(key(a.nameFa), a);
    if (a.nameEn) byName.set(key(a.nameEn), a);
  }
  const matched = new Map<string, PreviousResult>();
  const unmatched: Trend['unmatched'] = [];
  for (const p of previous) {
    const a =
      (p.agencyId ? byId.get(p.agencyId) : undefined) ?? (p.name ? byName.get(key(p.name)) : undefined);
    if (!a || matched.has(a.agencyId))
      unmatched.push({ name: p.name ?? p.agencyId ?? '?', ...(p.line ? { line: p.line } : {}) });
    else matched.set(a.agencyId, p);
  }
  const rows: TrendRow[] = agencies.map((a) => {
    const p = matched.get(a.agencyId);
    const totalBefore = p?.total ?? null;
    const rankBefore = p?.rank ?? null;
    return {
      agencyId: a.agencyId,
      nameFa: a.nameFa,
      ...(a.nameEn ? { nameEn: a.nameEn } : {}),
      totalNow: a.total,
      totalBefore,
      rankNow: a.rank,
      rankBefore,
      scoreChange: a.total !== null && totalBefore !== null ? a.total - totalBefore : null,
      rankChange: a.rank !== null && rankBefore !== null ? rankBefore - a.rank : null,
      prioritiesBefore: p?.priorities ?? {},
    };
  });
  const topRisers = rows
    .filter((r) => r.rankChange !== null && r.rankChange > 0)
    .sort(
      (x, y) =>
        y.rankChange! - x.rankChange! ||
        (y.scoreChange ?? 0) - (x.scoreChange ?? 0) ||
        (x.rankNow ?? 0) - (y.rankNow ?? 0),
    )
    .slice(0, 10);
  const label = source.kind === 'csv' ? source.file.split(/[\\/]/).pop()! : source.runId;
  return { source, label, rows, unmatched, topRisers };
}
