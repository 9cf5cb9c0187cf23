// Reproduces the published period-7 results from priority scores (seed 003, table 2-4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bandOf, rankByTotal, round, weightedTotal } from '../../src/score/aggregate.ts';
import { loadChecklist } from '../../src/score/checklists.ts';
import { parseCsv } from '../../src/score/inputs.ts';

const ito = loadChecklist('ito-p7');

test('published example: rank-1 agency 90.85/100/100/100 gives 97.26', () => {
  const total = weightedTotal(ito.priorities, {
    'user-centric': 90.85,
    transparent: 100,
    integrated: 100,
    participatory: 100,
  });
  assert.equal(round(total!, 2), 97.26);
  assert.equal(bandOf(ito.bands, total)?.id, 'excellent');
});

test('table 2-4 sample: totals to two decimals and ranks in published order, ties in listed order', () => {
  const rows = parseCsv(
    readFileSync(new URL('../../fixtures/scoring/ito-p7-ranking-sample.csv', import.meta.url), 'utf8'),
  ).slice(1);
  assert.ok(rows.length >= 10);
  const agencies = rows.map(({ cells: [rank, name, uc, tr, ig, pa, total] }) => ({
    name,
    publishedRank: Number(rank),
    published: Number(total),
    total: weightedTotal(ito.priorities, {
      'user-centric': Number(uc),
      transparent: Number(tr),
      integrated: Number(ig),
      participatory: Number(pa),
    }),
  }));
  for (const a of agencies)
    assert.equal(round(a.total!, 2), a.published, `${a.name}: ${a.total} vs ${a.published}`);
  const ranks = rankByTotal(agencies);
  const byRank = [...agencies].sort((a, b) => ranks.get(a)! - ranks.get(b)!);
  assert.deepEqual(
    byRank.map((a) => a.publishedRank),
    agencies.map((a) => a.publishedRank),
  );
  // Ranks 36 and 37 are tied at 53.88 (53.875 exactly): listed order decides.
  const r36 = agencies.find((a) => a.publishedRank === 36)!;
  const r37 = agencies.find((a) => a.publishedRank === 37)!;
  assert.equal(round(r36.total!, 6), round(r37.total!, 6));
  assert.equal(ranks.get(r37)! - ranks.get(r36)!, 1);
});

test('a tie keeps listed order even when listed the other way round', () => {
  const a = { id: 'a', total: 53.875 };
  const b = { id: 'b', total: 53.875 };
  const c = { id: 'c', total: 60 };
  const ranks = rankByTotal([b, a, c]);
  assert.deepEqual([ranks.get(c), ranks.get(b), ranks.get(a)], [1, 2, 3]);
});

test('bands at their boundaries', () => {
  assert.equal(bandOf(ito.bands, 75)?.id, 'excellent');
  assert.equal(bandOf(ito.bands, 74.999)?.id, 'excellent'); // shown as 75.00
  assert.equal(bandOf(ito.bands, 74.99)?.id, 'good');
  assert.equal(bandOf(ito.bands, 50)?.id, 'good');
  assert.equal(bandOf(ito.bands, 25)?.id, 'medium');
  assert.equal(bandOf(ito.bands, 24.99)?.id, 'weak');
  assert.equal(bandOf(ito.bands, 0)?.id, 'weak');
  assert.equal(bandOf(ito.bands, null), null);
});
