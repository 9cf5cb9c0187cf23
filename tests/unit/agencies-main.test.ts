// The optional "main service" mark: a `main` column (Persian header خدمت اصلی) or a `main` key; without
// it the agency's first listed service is its main service.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAgencyList } from '../../src/agencies/load.ts';
import { mainServices } from '../../src/agencies/model.ts';

const problems = (r: ReturnType<typeof parseAgencyList>) =>
  r.problems.map((p) => `${p.file}:${p.line}: ${p.field}: ${p.message}`);

test('CSV: a Persian "خدمت اصلی" column marks main services; unmarked agencies default to the first', () => {
  const csv = [
    'شناسه دستگاه,نام دستگاه,نشانی پرتال,شناسه خدمت,عنوان خدمت,نشانی خدمت,نوع خدمت,خدمت اصلی',
    '101,سازمان نمونه,a.test,1000000001,یک,a.test/1,G2C,',
    '101,سازمان نمونه,a.test,1000000002,دو,a.test/2,G2C,بله',
    '102,اداره نمونه,b.test,1000000003,سه,b.test/3,G2B,خیر',
    '102,اداره نمونه,b.test,1000000004,چهار,b.test/4,G2B,',
  ].join('\n');
  const r = parseAgencyList(csv, 'list.csv');
  assert.deepEqual(problems(r), []);
  const [a, b] = r.agencies;
  assert.deepEqual(
    a.services.map((s) => s.main ?? false),
    [false, true],
  );
  assert.deepEqual(
    mainServices(a).map((s) => s.id),
    ['1000000002'],
  );
  assert.deepEqual(
    mainServices(b).map((s) => s.id),
    ['1000000003'],
    'none marked: the first listed',
  );
  assert.ok(!('main' in b.services[0]), 'an unmarked service has no main key');
});

test('CSV: a main mark that is not yes/no names file, line and field', () => {
  const csv = [
    'agency_id,agency_name,portal_url,service_id,service_title,service_url,service_type,main',
    '101,سازمان نمونه,a.test,1000000001,یک,a.test/1,G2C,yes',
    '101,سازمان نمونه,a.test,1000000002,دو,a.test/2,G2C,maybe',
  ].join('\n');
  assert.deepEqual(problems(parseAgencyList(csv, 'list.csv')), [
    'list.csv:3: main: main mark "maybe" is not yes or no; write yes (بله) for a main service, or leave it empty',
  ]);
});

test('JSON and YAML: a main key (true/false, yes/no) with errors by path and line', () => {
  const json = JSON.stringify(
    {
      agencies: [
        {
          id: '1',
          name: 'سازمان',
          portal_url: 'a.test',
          services: [
            { id: '1000000001', title: 'یک', url: 'a.test/1', type: 'G2C' },
            { id: '1000000002', title: 'دو', url: 'a.test/2', type: 'G2C', main: true },
          ],
        },
      ],
    },
    null,
    2,
  );
  const r = parseAgencyList(json, 'list.json');
  assert.deepEqual(problems(r), []);
  assert.deepEqual(
    mainServices(r.agencies[0]).map((s) => s.id),
    ['1000000002'],
  );
  const yaml = [
    'agencies:',
    '  - id: 1',
    '    name: سازمان',
    '    portal_url: a.test',
    '    services:',
    '      - { id: 1000000001, title: یک, url: a.test/1, type: G2C, main: yes }',
    '      - { id: 1000000002, title: دو, url: a.test/2, type: G2C, main: often }',
  ].join('\n');
  const y = parseAgencyList(yaml, 'list.yaml');
  assert.equal(y.problems.length, 1);
  assert.equal(y.problems[0].where, 'agencies[0].services[1].main');
  assert.equal(y.problems[0].line, 7);
  assert.match(y.problems[0].message, /main mark "often" is not yes or no/);
});
