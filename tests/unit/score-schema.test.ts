// Checklist file problems are reported with the file and the path inside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadChecklist, parseChecklist } from '../../src/score/checklists.ts';
import { ChecklistError } from '../../src/score/errors.ts';
import { UsageError } from '../../src/net/options.ts';

const GOOD = `
id: tiny
title: { fa: آزمایشی, en: Tiny }
period: { fa: دوره ۱, en: Period 1 }
settings: { minScore: 50 }
priorities:
  - { id: p, title: { fa: الف, en: A }, weight: 100 }
indicators:
  - id: '1'
    title: { fa: سرعت, en: Speed }
    priority: p
    level: portal
    weight: 100
    appliesToG2G: true
    method: auto
    options:
      - { value: 1, label: { fa: خوب, en: Good }, when: { fact: speed.score, op: '>', value: { setting: minScore } } }
      - { value: 0, label: { fa: بد, en: Bad }, when: { otherwise: true } }
`;

function problems(text: string): string[] {
  try {
    parseChecklist(text, 'checklists/tiny.yaml');
  } catch (e) {
    assert.ok(e instanceof ChecklistError);
    assert.ok(e instanceof UsageError, 'exits 2 on the command line');
    return e.message.split('\n');
  }
  assert.fail('expected a ChecklistError');
}

test('a good file parses, with settings referenced by conditions', () => {
  const cl = parseChecklist(GOOD, 'checklists/tiny.yaml');
  assert.equal(cl.id, 'tiny');
  assert.deepEqual(cl.indicators[0].options[0].when, {
    fact: 'speed.score',
    op: '>',
    value: { setting: 'minScore' },
  });
});

test('an unknown operator names file and path', () => {
  assert.deepEqual(problems(GOOD.replace("op: '>'", "op: '=>'")), [
    'checklists/tiny.yaml: indicators[0].options[0].when.op: unknown operator "=>" (expected one of > >= < <= == !=)',
  ]);
});

test('every problem is reported, not just the first', () => {
  const bad = GOOD.replace('priority: p', 'priority: q')
    .replace('level: portal', 'level: page')
    .replace('{ setting: minScore }', '{ setting: nope }')
    .replace('value: 0,', 'value: 2,');
  const msgs = problems(bad);
  assert.ok(
    msgs.includes('checklists/tiny.yaml: indicators[0].priority: unknown priority "q" (declared: p)'),
    msgs.join('\n'),
  );
  assert.ok(
    msgs.includes(
      'checklists/tiny.yaml: indicators[0].level: expected one of service, portal, agency, got "page"',
    ),
    msgs.join('\n'),
  );
  assert.ok(
    msgs.includes('checklists/tiny.yaml: indicators[0].options[0].when.value: unknown setting "nope"'),
    msgs.join('\n'),
  );
  assert.ok(
    msgs.includes('checklists/tiny.yaml: indicators[0].options[1].value: must be between 0 and 1, got 2'),
    msgs.join('\n'),
  );
});

test('missing fields, bad combinations and unknown derivations', () => {
  assert.deepEqual(problems(GOOD.replace('    weight: 100\n    appliesToG2G', '    appliesToG2G')), [
    'checklists/tiny.yaml: indicators[0].weight: is required',
  ]);
  assert.deepEqual(problems(GOOD.replace('{ otherwise: true }', '{ fact: speed.score, eq: 1, in: [2] }')), [
    'checklists/tiny.yaml: indicators[0].options[1].when: a fact condition needs exactly one of op+value, eq, in, exists (got "eq", "in")',
  ]);
  assert.deepEqual(
    problems(
      GOOD.replace(
        '    method: auto\n',
        '    method: auto\n    facts: { speed.score: { from: services, derive: magic } }\n',
      ),
    ),
    [
      'checklists/tiny.yaml: indicators[0].facts.speed.score.derive: unknown function "magic" (known: tlsGradeClass, percent)',
    ],
  );
  assert.deepEqual(
    problems(
      GOOD.replace(
        '{ value: 0, label: { fa: بد, en: Bad }, when: { otherwise: true } }',
        '{ value: 0, label: { fa: بد, en: Bad } }',
      ),
    ),
    [
      'checklists/tiny.yaml: indicators[0].options: every option of an auto indicator needs a "when" condition',
    ],
  );
});

test('YAML syntax errors give the line; unknown ids list the known ones', () => {
  const [msg] = problems('id: tiny\ntitle: [unclosed\n');
  assert.match(msg, /^checklists\/tiny\.yaml: line \d+: /);
  assert.throws(
    () => loadChecklist('ito-p99'),
    /ito-p99\.yaml: no such checklist \(known ids: aro-1397-provincial, aro-1400-national, ito-p7\)/,
  );
});

test('a checklist loads from a path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'payesh-cl-'));
  try {
    writeFileSync(join(dir, 'tiny.yaml'), GOOD);
    assert.equal(loadChecklist(join(dir, 'tiny.yaml')).indicators.length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('unknown keys are errors with file and path (a label cut at an unquoted comma)', () => {
  const cut = GOOD.replace(
    '{ value: 0, label: { fa: بد, en: Bad }',
    '{ value: 0, label: { fa: بد, en: Not offered, or only through an app }',
  );
  assert.deepEqual(problems(cut), [
    'checklists/tiny.yaml: indicators[0].options[1].label.or only through an app: unknown key "or only through an app" (expected fa, en)',
  ]);
  const typos = GOOD.replace(
    'method: auto',
    'method: auto\n    wieght: 5\n    facts: { speed.score: { from: portal, agregate: mean } }',
  ).replace('settings: { minScore: 50 }', 'settings: { minScore: 50 }\nbandz: []');
  assert.deepEqual(problems(typos), [
    'checklists/tiny.yaml: bandz: unknown key "bandz" (expected id, title, period, source, settings, measure, priorities, bands, indicators)',
    'checklists/tiny.yaml: indicators[0].wieght: unknown key "wieght" (expected id, title, priority, level, weight, weightDerived, appliesToG2G, method, withoutServices, notApplicable, takesResultOf, settings, facts, requires, note, options)',
    'checklists/tiny.yaml: indicators[0].facts.speed.score.agregate: unknown key "agregate" (expected from, over, aggregate, fallback, derive, order)',
  ]);
});

test('the shipped checklists have no unknown keys and their English labels are whole', () => {
  for (const id of ['ito-p7', 'aro-1397-provincial', 'aro-1400-national']) {
    const c = loadChecklist(id);
    for (const ind of c.indicators)
      for (const o of ind.options) assert.ok(o.label.en.trim(), `${id} ${ind.id}`);
  }
  const ito = loadChecklist('ito-p7');
  const en = (id: string, value: number) =>
    ito.indicators.find((i) => i.id === id)!.options.find((o) => o.value === value)!.label.en;
  assert.equal(en('9', 0), 'Not offered, or only through a separate app');
  assert.equal(en('14', 0), 'None, or only static files such as PDF');
});

test('over: and withoutServices: are checked', () => {
  const bad = GOOD.replace(
    'method: auto',
    'method: auto\n    withoutServices: portal\n    facts: { speed.score: { from: portal, over: main } }',
  );
  assert.deepEqual(problems(bad), [
    'checklists/tiny.yaml: indicators[0].facts.speed.score.over: unknown scope "main" (expected all-services, main-service)',
    'checklists/tiny.yaml: indicators[0].withoutServices: only a service-level indicator can be left out for lack of services',
  ]);
});

test('takesResultOf is checked, and the shipped ARO items point at ITO indicators that exist', () => {
  const bad = GOOD.replace(
    'method: auto',
    "method: auto\n    takesResultOf: { checklist: ito-p7, indicator: '4', map: { 1: 0.5, x: 0 }, sourc: y }",
  );
  assert.deepEqual(problems(bad), [
    'checklists/tiny.yaml: indicators[0].takesResultOf.sourc: unknown key (expected checklist, indicator, map, source)',
    'checklists/tiny.yaml: indicators[0].takesResultOf.source: quote the source of the rule (document, table, text)',
    "checklists/tiny.yaml: indicators[0].takesResultOf.map.1: expected one of this indicator's option values (1, 0), got 0.5",
    "checklists/tiny.yaml: indicators[0].takesResultOf.map.x: keys are the other checklist's option values",
  ]);
  const aro = loadChecklist('aro-1400-national');
  const taking = aro.indicators.filter((i) => i.takesResultOf);
  assert.deepEqual(
    taking.map((i) => [i.id, i.takesResultOf!.indicator]),
    [
      ['3.1.5.1', '22'],
      ['3.1.5.2', '21'],
      ['3.2.1', '4'],
    ],
  );
  for (const i of taking) {
    const other = loadChecklist(i.takesResultOf!.checklist).indicators.find(
      (x) => x.id === i.takesResultOf!.indicator,
    );
    assert.ok(other, `${i.id}: ${i.takesResultOf!.checklist} has indicator ${i.takesResultOf!.indicator}`);
    for (const from of Object.keys(i.takesResultOf!.map))
      assert.ok(
        other.options.some((o) => o.value === Number(from)),
        `${i.id}: ${from} is an option value of the other indicator`,
      );
  }
});
