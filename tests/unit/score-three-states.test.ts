// Three states, never a silent zero: measured, not applicable, unverified (with why and what would
// close it). An agency whose portal could not be reached gets no total and no rank.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadChecklist, parseChecklist } from '../../src/score/checklists.ts';
import { nationalMean, rankByTotal, round } from '../../src/score/aggregate.ts';
import { scoreAgencies } from '../../src/score/score-agencies.ts';
import { rankingTable, explainText } from '../../src/score/text.ts';
import type { AgencyResult } from '../../src/score/types.ts';
import { agency, world, type FactSpec } from './score-fixtures.ts';

const ito = loadChecklist('ito-p7');
const row = (a: AgencyResult, id: string) => a.services[0].indicators.find((r) => r.indicatorId === id)!;

const good = (id: string): FactSpec[] => [
  { agencyId: id, kind: 'portal', probe: 'http', facts: { 'responsive.ok': true } },
  { agencyId: id, kind: 'portal', probe: 'content', facts: { 'managers.kind': 'complete' } },
];
const dead = (id: string): FactSpec[] =>
  ['http', 'content', 'lighthouse'].map((probe) => ({
    agencyId: id,
    kind: 'portal' as const,
    probe,
    error: { type: 'dns', message: `getaddrinfo ENOTFOUND ${id}.example.ir` },
  }));

function three(missingAsZero?: boolean) {
  const agencies = [agency('a1', [{ id: '1000000001' }]), agency('a2', [{ id: '1000000002' }])];
  agencies.push(agency('a3', [{ id: '1000000003' }]));
  const w = world([
    ...good('a1'),
    {
      agencyId: 'a1',
      kind: 'portal',
      probe: 'uptime',
      facts: { 'uptime.percent': 99.9, 'uptime.coverage': 100 },
    },
    ...good('a2'),
    ...dead('a3'),
  ]);
  return scoreAgencies({ checklist: ito, agencies, ...w, inputs: [], missingAsZero });
}

describe('unverified: why and what would close it', () => {
  test('each kind: input needed, network, coverage, tool missing, probe failed, not measured', () => {
    const r = scoreAgencies({
      checklist: ito,
      agencies: [agency('a1', [{ id: '1000000001' }])],
      ...world([
        ...good('a1'),
        {
          agencyId: 'a1',
          kind: 'portal',
          probe: 'uptime',
          facts: { 'uptime.percent': 99, 'uptime.coverage': 40 },
        },
        {
          agencyId: 'a1',
          kind: 'service',
          serviceId: '1000000001',
          probe: 'speed',
          error: { type: 'browser-launch', message: 'chromium not found' },
        },
        {
          agencyId: 'a1',
          kind: 'portal',
          probe: 'axe',
          error: { type: 'crash', message: 'renderer crashed' },
        },
      ]),
      inputs: [],
    }).agencies[0];
    assert.equal(row(r, '1').unverified?.kind, 'input-needed');
    const r2 = row(r, '2');
    assert.equal(r2.unverified?.kind, 'coverage');
    assert.match(r2.unverified!.close.en, /payesh monitor/);
    assert.equal(row(r, '3').unverified?.kind, 'tool-missing');
    assert.match(row(r, '3').unverified!.close.en, /chromium not found/);
    const r12 = row(r, '12');
    assert.equal(r12.unverified?.kind, 'probe-failed');
    assert.match(r12.next!.en, /Re-run the axe probe/);
    // Every unverified row says what would close it, and the row's "next" is that sentence.
    for (const x of r.services[0].indicators.filter((x) => x.source === 'missing')) {
      assert.ok(x.unverified, `indicator ${x.indicatorId}`);
      assert.deepEqual(x.next, x.unverified!.close);
    }
    // Not applicable is never unverified.
    for (const x of r.services[0].indicators.filter((x) => x.source !== 'missing'))
      assert.equal(x.unverified, undefined);
  });

  test('a typed network error makes the indicator unverified (network), not 0', () => {
    const r = three().agencies[2];
    const r3 = row(r, '3');
    assert.equal(r3.source, 'missing');
    assert.equal(r3.unverified?.kind, 'network');
    assert.equal(r3.unverified?.error?.type, 'dns');
    assert.match(r3.next!.en, /dns: getaddrinfo ENOTFOUND/);
  });
});

describe('an unreachable portal', () => {
  test('gets no total and no rank; the other two are ranked', () => {
    const r = three();
    const [a1, a2, a3] = r.agencies;
    assert.deepEqual(a3.unreachable, { type: 'dns', message: 'getaddrinfo ENOTFOUND a3.example.ir' });
    assert.equal(a3.total, null);
    assert.equal(a3.rank, null);
    assert.equal(a3.band, null);
    assert.deepEqual([a1.rank, a2.rank].sort(), [1, 2]);
    assert.equal(a1.unreachable, null);
    // Listed apart with the reason, after the ranking.
    const text = rankingTable(ito, r.agencies);
    const [ranking, apart] = text.split('Not ranked (1):');
    assert.doesNotMatch(ranking, /a3/);
    assert.match(apart, /a3 .*could not be measured: dns: getaddrinfo ENOTFOUND a3\.example\.ir/);
    assert.equal(r.nationalMean, (a1.total! + a2.total!) / 2);
  });

  test('--missing-as-zero gives it the old total and a rank', () => {
    const r = three(true);
    const a3 = r.agencies[2];
    assert.equal(a3.rank, 3);
    assert.equal(a3.provisional, false);
    assert.ok(a3.total !== null && a3.total < r.agencies[1].total!);
    assert.equal(a3.total, a3.verifiedTotal);
    // Same verified points either way for the reachable ones.
    const off = three();
    assert.equal(r.agencies[0].total, off.agencies[0].total);
    assert.equal(r.agencies[0].provisional, false);
    assert.equal(off.agencies[0].provisional, true);
  });

  test('a portal that answers with an HTTP error is reachable: scored, not set apart', () => {
    const w = world([
      {
        agencyId: 'a1',
        kind: 'portal',
        probe: 'http',
        error: { type: 'http-status', message: 'HTTP 503' },
      },
    ]);
    const r = scoreAgencies({ checklist: ito, agencies: [agency('a1', [{ id: '1' }])], ...w, inputs: [] });
    assert.equal(r.agencies[0].unreachable, null);
    assert.equal(r.agencies[0].rank, 1);
  });
});

describe('provisional totals in every text output', () => {
  test('ranking and explain show verified and open points, and what is open', () => {
    const r = three();
    const a1 = r.agencies[0];
    assert.ok(a1.provisional && a1.missingPoints > 0);
    const v = round(a1.total!, 2).toFixed(2);
    const o = round(a1.missingPoints, 2).toFixed(2);
    assert.match(rankingTable(ito, r.agencies), new RegExp(`${v} verified, ${o} open`));
    const ex = explainText(ito, a1);
    assert.match(ex, new RegExp(`total ${v} verified, ${o} open \\(provisional\\)`));
    assert.match(ex, /open \(what would close it\):\n/);
    assert.match(ex, /\n {2}1 Share of the service made electronic: .*input-needed .*payesh input set/);
    assert.match(ex, /\n {2}3 Load speed.*not-measured .*speed\.score/);
    const zero = explainText(ito, three(true).agencies[0]);
    assert.doesNotMatch(zero, /provisional/);
    assert.match(zero, /counted as 0: --missing-as-zero/);
  });
});

describe('ranking rules of the period-7 report', () => {
  test('equal totals are listed in Persian alphabetical order (پ after ب, ک after ق, ی last)', () => {
    const items = ['یزد', 'کرمان', 'پارس', 'قم', 'بوشهر'].map((nameFa) => ({ nameFa, total: 50 }));
    const ranks = rankByTotal(items, (x) => x.nameFa);
    const order = [...items].sort((a, b) => ranks.get(a)! - ranks.get(b)!).map((x) => x.nameFa);
    assert.deepEqual(order, ['بوشهر', 'پارس', 'قم', 'کرمان', 'یزد']);
  });

  test('the national mean is over agencies with a non-zero total', () => {
    assert.equal(nationalMean([80, 60, 0, null]), 70);
    assert.equal(nationalMean([0]), null);
  });

  test('an agency with no services is not ranked ("excluded for lack of cases") but keeps its total', () => {
    const agencies = [agency('a1', [{ id: '1' }]), agency('a2', [])];
    const w = world([...good('a1'), ...good('a2')]);
    const r = scoreAgencies({ checklist: ito, agencies, ...w, inputs: [] });
    assert.equal(r.agencies[0].rank, 1);
    assert.equal(r.agencies[1].rank, null);
    assert.ok(r.agencies[1].total !== null);
    assert.match(r.agencies[1].unranked!.en, /lists no services/);
    assert.match(rankingTable(ito, r.agencies), /Not ranked \(1\):\n {2}a2 .*lists no services/);
    assert.equal(r.nationalMean, r.agencies[0].total);
  });
});

describe('not applicable as data', () => {
  test('ito-p7 indicator 24 scores 0.5 for not-applicable cases (seed 003 table 3-6); others are left out', () => {
    const a = agency('a1', [{ id: '1000000001', type: 'G2G' }]);
    const r = scoreAgencies({ checklist: ito, agencies: [a], ...world(good('a1')), inputs: [] }).agencies[0];
    const r24 = row(r, '24');
    assert.equal(r24.source, 'not-applicable');
    assert.equal(r24.value, 0.5);
    assert.ok(r24.effectiveWeight > 0);
    assert.equal(r24.points, 0.5 * r24.effectiveWeight);
    assert.match(r24.because.en, /table 3-6/);
    // The G2G rule for the others: left out, the priority rescaled.
    const r2 = row(r, '2');
    assert.equal(r2.source, 'not-applicable');
    assert.equal(r2.value, null);
    assert.equal(r2.effectiveWeight, 0);
    assert.ok(ito.indicators.find((i) => i.id === '24')!.notApplicable?.source.includes('۹۰ دستگاه'));
  });

  test('the policy is checked: a score that is no option, or no source, is an error with its path', () => {
    const text = readFileSync(ito.file, 'utf8');
    const bad = text.replace('      score: 0.5\n', '      score: 0.3\n');
    assert.notEqual(bad, text);
    assert.throws(() => parseChecklist(bad, 'copy.yaml'), /indicators\[\d+\]\.notApplicable\.score/);
    const noSource = text.replace(/\n {6}source: 'Seed 003, table 3-6[^\n]*/, '');
    assert.throws(() => parseChecklist(noSource, 'copy.yaml'), /notApplicable\.source/);
  });
});
