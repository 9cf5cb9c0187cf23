import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseAgencyList, sniffFormat } from '../../src/agencies/load.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/agency-lists/${name}`, import.meta.url));
const where = (r: ReturnType<typeof parseAgencyList>) => r.problems.map((p) => [p.line, p.where, p.message]);

test('JSON: camelCase and snake_case keys, numeric service IDs, optional fields', () => {
  const r = parseAgencyList(fixture('good.json'), 'good.json');
  assert.deepEqual(r.problems, []);
  assert.equal(r.format, 'json');
  assert.deepEqual(r.agencies, [
    {
      id: '301',
      nameFa: 'سازمان نمونه',
      nameEn: 'Sample Organisation',
      portalUrl: 'https://sample-org.test/',
      services: [
        { id: '4567890123', title: 'ثبت‌نام', url: 'https://sample-org.test/register', type: 'G2C' },
        { id: '5678901234', title: 'گزارش', url: 'https://sample-org.test/report', type: 'G2G' },
      ],
    },
    {
      id: '302',
      nameFa: 'اداره نمونه',
      parent: 'سازمان نمونه',
      portalUrl: 'https://office.test/',
      services: [],
    },
  ]);
});

test('YAML: unquoted IDs keep their leading zeros, "~" means absent', () => {
  const r = parseAgencyList(fixture('good.yaml'), 'good.yaml');
  assert.deepEqual(r.problems, []);
  assert.equal(r.agencies[0].services[0].id, '0123456789');
  assert.equal(r.agencies[0].portalUrl, 'https://uni.test/');
  assert.equal(r.agencies[1].parent, undefined);
});

test('JSON errors name the path and the line of the value', () => {
  const r = parseAgencyList(fixture('malformed.json'), 'malformed.json');
  assert.deepEqual(where(r), [
    [6, 'agencies[1].name', 'agency name is empty'],
    [7, 'agencies[1].portal_url', 'URL contains credentials (user:password@); remove them'],
    [9, 'agencies[1].services[0].id', 'service ID "12345" has 5 digits; it must have exactly 10'],
    [
      9,
      'agencies[1].services[0].type',
      'unknown service type "B2B"; expected G2C, G2B or G2G (or شهروند, کسب و کار, دولت)',
    ],
    [10, 'agencies[1].services[1].id', 'service URL is given but the service ID is empty'],
    [13, 'agencies[2].id', 'duplicate agency ID "601" (also at agencies[0].id, line 3)'],
  ]);
  assert.equal(r.problems[2].field, 'id');
});

test('YAML errors name the path and line; a duplicate service ID names the first one', () => {
  const r = parseAgencyList(fixture('malformed.yaml'), 'malformed.yaml');
  assert.deepEqual(where(r), [
    [4, 'agencies[0].portal_url', 'scheme "mailto:" is not allowed; use http:// or https://'],
    [
      9,
      'agencies[0].services[0].type',
      'unknown service type "G2X"; expected G2C, G2B or G2G (or شهروند, کسب و کار, دولت)',
    ],
    [10, 'agencies[0].services[1].url', 'service ID is given but the service URL is empty'],
    [
      10,
      'agencies[0].services[1].id',
      'duplicate service ID 7777777777 (also at agencies[0].services[0].id, line 6)',
    ],
  ]);
});

test('a bare top-level list is accepted; wrong shapes and value types are reported by path', () => {
  const text = JSON.stringify([
    {
      id: 1,
      name: 'سازمان',
      portal_url: 'a.test',
      services: [{ id: '1234567890', title: true, url: 'a.test/s', type: 'G2C' }],
    },
    'not an agency',
    { id: 3, name: 'سازمان سه', portalUrl: 'c.test', services: 'none' },
  ]);
  const r = parseAgencyList(text, 'bare.json');
  assert.deepEqual(
    r.problems.map((p) => [p.where, p.message]),
    [
      ['[0].services[0].title', 'must be text, not boolean'],
      ['[1]', 'each agency must be an object with id, name, portal_url and services'],
      ['[2].services', 'services must be a list'],
    ],
  );
  assert.deepEqual(
    r.agencies.map((a) => a.id),
    ['1', '3'],
  );
});

test('syntax errors give the line; unknown keys are warnings', () => {
  const bad = parseAgencyList('{\n  "agencies": [\n    { "id": "1", }\n  ]\n}\n', 'bad.json');
  assert.equal(bad.problems.length, 1);
  assert.equal(bad.problems[0].field, 'json');
  assert.equal(bad.problems[0].line, 3);
  const badYaml = parseAgencyList('agencies:\n  - id: 1\n   name: x\n', 'bad.yaml');
  assert.equal(badYaml.problems[0].field, 'yaml');
  assert.equal(badYaml.problems[0].line, 3);

  const warn = parseAgencyList(
    'agencies:\n  - id: 1\n    name: سازمان\n    portal_url: a.test\n    website: b.test\n',
    'w.yaml',
  );
  assert.deepEqual(warn.problems, []);
  assert.deepEqual(
    warn.warnings.map((w) => [w.line, w.where, w.message]),
    [[5, 'agencies[0].website', 'unknown key "website" is ignored']],
  );
});

test('a missing required key is reported at the enclosing object', () => {
  const r = parseAgencyList('agencies:\n  - id: 1\n    name: سازمان\n', 'k.yaml');
  assert.deepEqual(where(r), [[2, 'agencies[0].portal_url', 'portal URL is empty']]);
});

test('format sniffing for files without a telling extension', () => {
  assert.equal(sniffFormat('  {"agencies": []}'), 'json');
  assert.equal(sniffFormat('[{"id": 1}]'), 'json');
  assert.equal(sniffFormat('agencies:\n  - id: 1\n'), 'yaml');
  assert.equal(sniffFormat('# list\nagencies: []\n'), 'yaml');
  assert.equal(sniffFormat('agency_id,agency_name,portal_url\n'), 'csv');
  assert.equal(sniffFormat('شناسه دستگاه\tنام دستگاه\n'), 'csv');
});
