// The whole published period-7 ranking (seed 003, table 2-4: 160 agencies) reproduced from the four
// priority scores: every total within 0.01, every rank exact, ties in the published order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { nationalMean, rankByTotal, round, weightedTotal } from '../../src/score/aggregate.ts';
import { loadChecklist } from '../../src/score/checklists.ts';

const ito = loadChecklist('ito-p7');
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/scoring/period7-ranking.json', import.meta.url), 'utf8'),
) as { columns: string[]; rows: (string | number)[][] };

const PRIORITIES = ['user-centric', 'transparent', 'integrated', 'participatory'] as const;

interface Row {
  rank: number;
  name: string;
  services: number;
  printed: number[];
  total: number;
}
const rows: Row[] = fixture.rows.map(([rank, name, services, , , uc, tr, ig, pa, total]) => ({
  rank: rank as number,
  name: name as string,
  services: services as number,
  printed: [uc, tr, ig, pa] as number[],
  total: total as number,
}));

/**
 * The printed priority scores are rounded to two decimals; ranking compares unrounded totals. The
 * user-centric score is the mean over the agency's N services of a sum of weight × value (weights in
 * steps of 5, values in steps of 0.25): a multiple of 1.25 / N, or of 1/12 where weights were
 * rescaled for not-applicable indicators (the report's «37.08» is 37.083… = 445/12). The printed value
 * is taken back to the first such multiple within its rounding (37.92 with 6 services is 37.9166…);
 * otherwise, and for the agency-level priorities, the printed value stands.
 */
function unround(printed: number, services: number): number {
  for (const step of [1.25 / Math.max(1, services), 1 / 12]) {
    const exact = Math.round(printed / step) * step;
    if (Math.abs(exact - printed) <= 0.005 + 1e-9) return exact;
  }
  return printed;
}
const unrounded = (r: Row) => r.printed.map((x, i) => (i === 0 ? unround(x, r.services) : x));

const totalOf = (r: Row, scores: number[]) =>
  weightedTotal(ito.priorities, Object.fromEntries(PRIORITIES.map((p, i) => [p, scores[i]])))!;

test('fixture: 160 rows, ranks 1..160 in printed order', () => {
  assert.equal(rows.length, 160);
  assert.deepEqual(
    rows.map((r) => r.rank),
    Array.from({ length: 160 }, (_, i) => i + 1),
  );
  assert.deepEqual(
    ito.priorities.map((p) => [p.id, p.weight]),
    [
      ['user-centric', 30],
      ['transparent', 20],
      ['integrated', 30],
      ['participatory', 20],
    ],
  );
});

test('every total within 0.01 and every rank exact, ties in Persian alphabetical order', () => {
  const agencies = rows.map((r) => ({
    ...r,
    total: totalOf(r, unrounded(r)),
    published: r.total,
  }));
  for (const a of agencies)
    assert.ok(
      Math.abs(round(a.total, 2) - a.published) <= 0.01 + 1e-9,
      `rank ${a.rank} ${a.name}: ${a.total} vs ${a.published}`,
    );
  // 159 of 160 to the printed two decimals; rank 38 (70.53 over 38 services) gives 53.47 for 53.48.
  const exact = agencies.filter((a) => round(a.total, 2) === a.published).length;
  assert.ok(exact >= 159, `${exact} exact to two decimals`);
  // Shuffle the input so listed order cannot decide: only totals and names may.
  const shuffled = [...agencies].reverse();
  const ranks = rankByTotal(shuffled, (a) => a.name);
  const mismatched = agencies.filter((a) => ranks.get(a) !== a.rank && a.total > 0);
  assert.deepEqual(
    mismatched.map((a) => `${a.rank} ${a.name} -> ${ranks.get(a)}`),
    [],
  );
  // The agencies with a total of 0 are the last four, whatever their order.
  assert.deepEqual(
    agencies
      .filter((a) => a.total === 0)
      .map((a) => ranks.get(a))
      .sort(),
    [157, 158, 159, 160],
  );
  // In the listed order (as the agency list gives them) every one of the 160 ranks is exact.
  const listed = rankByTotal(agencies, (a) => a.name);
  assert.deepEqual(
    agencies.map((a) => listed.get(a)),
    agencies.map((a) => a.rank),
  );
});

test('the tie cases decide: unrounded totals and name order both matter', () => {
  const byRank = (n: number) => rows.find((r) => r.rank === n)!;
  // 109 and 110 print 26.38; from the printed scores 110 would lead (26.376 vs 26.375), but
  // 37.92 over 6 services is 37.9166…: both are 26.375 and «امور» comes before «پژوهش».
  const naive = (r: Row) => totalOf(r, r.printed);
  assert.ok(naive(byRank(110)) > naive(byRank(109)));
  const fixed = (r: Row) => totalOf(r, unrounded(r));
  assert.equal(round(fixed(byRank(109)), 9), round(fixed(byRank(110)), 9));
  // 52 and 53 print 45.80 too but differ unrounded (45.803 vs 45.796): the total decides, not the name.
  assert.ok(fixed(byRank(52)) > fixed(byRank(53)) + 0.005);
  // Ties listed the other way round still rank alphabetically.
  const items = [116, 117, 118].map(byRank).reverse();
  const tie = items.map((r) => ({ name: r.name, total: fixed(r) }));
  const ranks = rankByTotal(tie, (x) => x.name);
  assert.deepEqual(
    tie.map((x) => ranks.get(x)),
    [3, 2, 1],
  );
});

test('national mean over the agencies with a non-zero total', () => {
  const totals = rows.map((r) => r.total);
  const m = nationalMean(totals)!;
  const nonZero = totals.filter((t) => t > 0);
  assert.equal(nonZero.length, 156);
  assert.equal(m, nonZero.reduce((s, t) => s + t, 0) / 156);
  assert.ok(m > totals.reduce((s, t) => s + t, 0) / 160);
});
