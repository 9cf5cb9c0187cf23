// Evaluator input files: validation against the checklist and agency list, naming each bad row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadChecklist } from '../../src/score/checklists.ts';
import { InputFileError } from '../../src/score/errors.ts';
import { latestInputs, parseCsv, readInputFile } from '../../src/score/inputs.ts';
import { agency, input } from './score-fixtures.ts';

const checklist = loadChecklist('ito-p7');
const agencies = [agency('alpha', [{ id: '1000000001' }])];

function withFile(name: string, content: string, fn: (path: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'payesh-input-'));
  try {
    writeFileSync(join(dir, name), content);
    fn(join(dir, name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function problems(name: string, content: string): string[] {
  let out: string[] = [];
  withFile(name, content, (p) => {
    try {
      readInputFile(p, { checklist, agencies }, name);
      assert.fail('expected InputFileError');
    } catch (e) {
      assert.ok(e instanceof InputFileError, String(e));
      out = e.message.split('\n');
    }
  });
  return out;
}

test('CSV: values, Persian digits, not applicable words, quoted notes', () => {
  withFile(
    'in.csv',
    'agency,service,indicator,value,reason,note,evidence_url\nalpha,,۶,۱,,"a note, with a comma",https://a.ir/x\nalpha,1000000001,1,0.5,,,\nalpha,,9,عدم مصداق,no app platform,,\n',
    (p) => {
      const rows = readInputFile(p, { checklist, agencies });
      assert.deepEqual(
        rows.map((r) => [r.where, r.agencyId, r.serviceId, r.indicatorId, r.value, r.notApplicable, r.note]),
        [
          ['line 2', 'alpha', null, '6', 1, false, 'a note, with a comma'],
          ['line 3', 'alpha', '1000000001', '1', 0.5, false, null],
          ['line 4', 'alpha', null, '9', null, true, null],
        ],
      );
    },
  );
});

test('CSV: every bad row is named with its field', () => {
  assert.deepEqual(
    problems(
      'in.csv',
      'agency,service,indicator,value,reason,evidence_url\n' +
        'alpha,,3,0.6,,\n' +
        'nobody,,6,1,,\n' +
        'alpha,2000000000,6,1,,\n' +
        'alpha,,6,,,\n' +
        'alpha,,6,1,,ftp://x\n' +
        'alpha,,6,yes,,\n',
    ),
    [
      'in.csv: line 2 (value): 0.6 is not an option of indicator 3 (options: 1, 0.75, 0.5, 0.25, 0)',
      'in.csv: line 3 (agency): unknown agency "nobody"',
      'in.csv: line 4 (service): agency "alpha" has no service "2000000000"',
      'in.csv: line 5 (value): is required (an option value, or "not applicable" with a reason)',
      'in.csv: line 6 (evidence_url): "ftp://x" is not an http(s) URL',
      'in.csv: line 7 (value): "yes" is not a number or "not applicable"',
    ],
  );
});

test('CSV: unknown and missing columns', () => {
  assert.deepEqual(problems('in.csv', 'agency,indicator,valu\nalpha,6,1\n'), [
    'in.csv: line 1: unknown column "valu" (expected agency, service, indicator, value, reason, note, evidence_url)',
    'in.csv: line 1: missing column "value"',
  ]);
});

test('YAML: a list under "inputs", with notApplicable and a missing reason', () => {
  assert.deepEqual(
    problems(
      'in.yaml',
      'inputs:\n  - { agency: alpha, indicator: "23", value: 0.5 }\n  - { agency: alpha, indicator: "24", notApplicable: true }\n  - just text\n',
    ),
    [
      'in.yaml: inputs[1] (reason): "not applicable" needs a reason',
      'in.yaml: inputs[2]: expected a map with agency, indicator and value',
    ],
  );
  withFile(
    'in.yaml',
    '- { agency: alpha, indicator: 23, value: 0.5, note: from the national inbox report }\n',
    (p) => {
      const [r] = readInputFile(p, { checklist, agencies });
      assert.deepEqual(
        [r.where, r.indicatorId, r.value, r.note],
        ['[0]', '23', 0.5, 'from the national inbox report'],
      );
    },
  );
});

test('without an agency list any agency id is accepted', () => {
  withFile('in.csv', 'agency,indicator,value\nsomeone,6,0\n', (p) => {
    assert.equal(readInputFile(p, { checklist }).length, 1);
  });
});

test('the latest input per key wins; service input before agency-wide', () => {
  const l = latestInputs([
    input('a', '6', 1, { createdAt: '2024-01-02T00:00:00Z' }),
    input('a', '6', 0, { createdAt: '2024-01-01T00:00:00Z' }),
    input('a', '1', 0.5),
    input('a', '1', 1, { serviceId: 's1' }),
  ]);
  assert.equal(l.get('a', null, '6')?.value, 1);
  assert.equal(l.get('a', 's1', '1')?.value, 1);
  assert.equal(l.get('a', 's2', '1')?.value, 0.5);
  assert.equal(l.get('b', null, '6'), null);
});

test('parseCsv keeps line numbers across quoted line breaks and skips blank lines', () => {
  assert.deepEqual(parseCsv('a,b\r\n"x\ny",2\n\nz,3'), [
    { line: 1, cells: ['a', 'b'] },
    { line: 2, cells: ['x\ny', '2'] },
    { line: 5, cells: ['z', '3'] },
  ]);
});
