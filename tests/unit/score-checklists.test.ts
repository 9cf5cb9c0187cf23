// Each shipped checklist against the official tables (spec indicators.md sections 1-3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listChecklists, loadChecklist } from '../../src/score/checklists.ts';
import type { Checklist } from '../../src/score/types.ts';

const sumIn = (cl: Checklist, priority: string) =>
  cl.indicators.filter((i) => i.priority === priority).reduce((s, i) => s + i.weight, 0);

test('every shipped checklist loads and validates', () => {
  assert.deepEqual(
    listChecklists().map((c) => c.id),
    ['aro-1397-provincial', 'aro-1400-national', 'ito-p7'],
  );
});

test('ito-p7: priorities 30/20/30/20, bands 75/50/25/0', () => {
  const cl = loadChecklist('ito-p7');
  assert.deepEqual(
    cl.priorities.map((p) => [p.id, p.weight]),
    [
      ['user-centric', 30],
      ['transparent', 20],
      ['integrated', 30],
      ['participatory', 20],
    ],
  );
  for (const p of cl.priorities) assert.equal(sumIn(cl, p.id), 100, p.id);
  assert.deepEqual(
    cl.bands.map((b) => [b.id, b.min]),
    [
      ['excellent', 75],
      ['good', 50],
      ['medium', 25],
      ['weak', 0],
    ],
  );
  assert.equal(cl.settings.wcagLevel, 'A');
});

// id: [priority, level, weight, options best first, applies to G2G, method]
const ITO: Record<string, [string, string, number, number[], boolean, string]> = {
  '1': ['user-centric', 'service', 10, [1, 0.5, 0], true, 'decl'],
  '2': ['user-centric', 'portal', 5, [1, 0.5, 0], false, 'auto'],
  '3': ['user-centric', 'portal', 5, [1, 0.75, 0.5, 0.25, 0], false, 'auto'],
  '4': ['user-centric', 'service', 5, [1, 0.5, 0], false, 'auto'],
  '5': ['user-centric', 'service', 5, [1, 0.5, 0], false, 'decl'],
  '6': ['user-centric', 'agency', 5, [1, 0], true, 'decl'],
  '7': ['user-centric', 'agency', 5, [1, 0], true, 'decl'],
  '8': ['user-centric', 'portal', 5, [1, 0], true, 'auto'],
  '9': ['user-centric', 'agency', 5, [1, 0], false, 'decl'],
  '10': ['user-centric', 'portal', 5, [1, 0.25, 0], true, 'auto'],
  '11': ['user-centric', 'portal', 5, [1, 0.5, 0], true, 'site'],
  '12': ['user-centric', 'portal', 5, [1, 0.5, 0], true, 'auto'],
  '13': ['user-centric', 'portal', 10, [1, 0], true, 'auto'],
  '14': ['user-centric', 'service', 5, [1, 0.25, 0], false, 'site'],
  '15': ['user-centric', 'service', 5, [1, 0.25, 0], true, 'auto'],
  '16': ['user-centric', 'portal', 5, [1, 0.25, 0], true, 'site'],
  '17': ['user-centric', 'service', 10, [1, 0.25, 0], false, 'site'],
  '18': ['transparent', 'service', 30, [1, 0.25, 0], false, 'site'],
  '19': ['transparent', 'portal', 25, [1, 0.5, 0.25, 0], true, 'site'],
  '20': ['transparent', 'agency', 15, [1, 0.25, 0], true, 'site'],
  '21': ['transparent', 'portal', 20, [1, 0.25, 0], true, 'auto'],
  '22': ['transparent', 'portal', 10, [1, 0], true, 'auto'],
  '23': ['integrated', 'agency', 30, [1, 0.5, 0], false, 'decl'],
  '24': ['integrated', 'agency', 20, [1, 0.5, 0], false, 'decl'],
  '25': ['integrated', 'agency', 25, [1, 0.5, 0], true, 'decl'],
  '26': ['integrated', 'agency', 25, [1, 0.5, 0], true, 'decl'],
  '27': ['participatory', 'agency', 20, [1, 0.5, 0], true, 'decl'],
  '28': ['participatory', 'agency', 20, [1, 0.5, 0], true, 'decl'],
  '29': ['participatory', 'portal', 30, [1, 0.5, 0], true, 'site'],
  '30': ['participatory', 'portal', 30, [1, 0], true, 'site'],
};

test('ito-p7: all 30 indicators with the official weight, options, G2G applicability and method', () => {
  const cl = loadChecklist('ito-p7');
  assert.deepEqual(
    cl.indicators.map((i) => i.id),
    Object.keys(ITO).sort((a, b) => Number(a) - Number(b)),
  );
  for (const ind of cl.indicators) {
    const [priority, level, weight, options, g2g, method] = ITO[ind.id];
    assert.deepEqual(
      [ind.priority, ind.level, ind.weight, ind.options.map((o) => o.value), ind.appliesToG2G, ind.method],
      [priority, level, weight, options, g2g, method],
      `indicator ${ind.id}`,
    );
    for (const o of ind.options)
      assert.ok(o.label.fa && o.label.en, `indicator ${ind.id} option ${o.value} labels`);
  }
  assert.equal(cl.indicators.find((i) => i.id === '17')!.weightDerived, true);
  // Every auto or site indicator proposes a value from facts; decl ones have no conditions.
  for (const ind of cl.indicators)
    assert.equal(
      ind.options.every((o) => o.when),
      ind.method !== 'decl',
      `indicator ${ind.id} conditions`,
    );
});

test('aro-1400-national: 15-point website gauge of 9 items, security 10 from TLS, desk gauge', () => {
  const cl = loadChecklist('aro-1400-national');
  assert.deepEqual(
    cl.priorities.map((p) => [p.id, p.weight]),
    [
      ['website', 15],
      ['security', 10],
      ['service-desk', 25],
    ],
  );
  const website = cl.indicators.filter((i) => i.priority === 'website');
  assert.deepEqual(
    website.map((i) => i.weight),
    [1, 1.5, 4, 2.5, 1, 1, 1.5, 1, 1.5],
  );
  assert.equal(sumIn(cl, 'website'), 15);
  const sec = cl.indicators.find((i) => i.id === '3.2.1')!;
  assert.equal(sec.weight, 10);
  assert.deepEqual(
    sec.options.map((o) => o.value),
    [1, 0.5, 0],
  );
  assert.equal(sec.facts['tls.grade'].derive, 'tlsGradeClass');
  const desk = cl.indicators.find((i) => i.id === '3.1.7')!;
  assert.equal(desk.weight, 25);
  assert.ok(JSON.stringify(desk.options[0].when).includes('serviceDesk.inMainNav'));
  assert.equal(cl.bands.length, 0);
});

test('aro-1397-provincial: 35 points in 7 gauges 6/6/7/5/5/3/3 with the item points of seed 001', () => {
  const cl = loadChecklist('aro-1397-provincial');
  assert.deepEqual(
    cl.priorities.map((p) => p.weight),
    [6, 6, 7, 5, 5, 3, 3],
  );
  for (const p of cl.priorities) assert.equal(sumIn(cl, p.id), p.weight, p.id);
  const points = Object.fromEntries(cl.indicators.map((i) => [i.id, i.weight]));
  assert.deepEqual(points, {
    '1.1': 1.5,
    '1.2': 1.5,
    '1.3': 1.5,
    '1.4': 1.5,
    '2.1': 1,
    '2.2': 1,
    '2.3': 1,
    '2.4': 2,
    '2.5': 1,
    '3.1': 5,
    '3.2': 2,
    '4.1': 1,
    '4.2': 1,
    '4.3': 1,
    '4.4': 1,
    '4.5': 1,
    '5.1': 1,
    '5.2': 1,
    '5.3': 1,
    '5.4': 1,
    '5.5': 1,
    '6.1': 3,
    '7.1': 3,
  });
  for (const ind of cl.indicators) {
    // 7.1 scores the share of services with an SLA, in quarters; every other item is all or nothing.
    assert.deepEqual(
      ind.options.map((o) => o.value),
      ind.id === '7.1' ? [1, 0.75, 0.5, 0.25, 0] : [1, 0],
      ind.id,
    );
    // 4.2 is a file uploaded to the ARO system: evaluator input only.
    assert.equal(
      ind.options.every((o) => o.when),
      ind.id !== '4.2',
      `${ind.id} proposes a value from facts`,
    );
    assert.equal(ind.method === 'decl', ind.id === '4.2', ind.id);
  }
});
