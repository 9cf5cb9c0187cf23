import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { detectDelimiter, parseCsv } from '../../src/agencies/csv.ts';
import { parseAgencyList } from '../../src/agencies/load.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/agency-lists/${name}`, import.meta.url));
const HEADER =
  'agency_id,agency_name,agency_name_en,parent,portal_url,service_id,service_title,service_url,service_type';

test('CSV tokenizer: quoted separators, line breaks and doubled quotes, with physical line numbers', () => {
  const r = parseCsv('a,b,c\r\n1,"x, y","he said ""hi"""\r\n2,"two\nlines",z\n3,,\n');
  assert.equal(r.delimiter, ',');
  assert.deepEqual(
    r.records.map((x) => [x.line, x.fields]),
    [
      [1, ['a', 'b', 'c']],
      [2, ['1', 'x, y', 'he said "hi"']],
      [3, ['2', 'two\nlines', 'z']],
      [5, ['3', '', '']],
    ],
  );
  assert.deepEqual(r.problems, []);
});

test('CSV tokenizer: an unclosed quote is reported on the line it opens', () => {
  const r = parseCsv('a,b\n1,"open\n2,3\n');
  assert.deepEqual(r.problems, [
    { line: 2, message: 'a quoted field is never closed (a closing " is missing)' },
  ]);
});

test('separator detection: tab, comma or semicolon from the header, ignoring quoted text', () => {
  assert.equal(detectDelimiter('a\tb\tc\n1,2,3'), '\t');
  assert.equal(detectDelimiter('"a,b,c"\tx\n'), '\t');
  assert.equal(detectDelimiter('a;b;c\n'), ';');
  assert.equal(detectDelimiter('single\n'), ',');
});

test('Excel CSV with BOM and CRLF: rows merged per agency, names, digits and URLs normalised', () => {
  const r = parseAgencyList(fixture('good.csv'), 'good.csv');
  assert.deepEqual(r.problems, []);
  assert.equal(r.encoding, 'utf-8-bom');
  assert.deepEqual(
    r.agencies.map((a) => a.id),
    ['101', '102', '103', '104'],
  );
  const [registry, yazd, idn, empty] = r.agencies;
  assert.equal(registry.nameEn, 'Registry Organisation, Sample');
  assert.equal(registry.portalUrl, 'https://portal.registry.test/');
  assert.deepEqual(registry.services, [
    {
      id: '1234567890',
      title: 'ثبت درخواست، پیگیری و "استعلام"',
      url: 'https://portal.registry.test/services/1234567890',
      type: 'G2C',
    },
    // Persian digits in the ID, a multi-line quoted title (collapsed), no scheme, lower-case type.
    {
      id: '1234567891',
      title: 'صدور گواهی چندخطی',
      url: 'https://portal.registry.test/services/2',
      type: 'G2B',
    },
  ]);
  assert.equal(yazd.nameFa, 'اداره کل نمونه یزد', 'Arabic kaf and yeh become Persian');
  assert.equal(yazd.portalUrl, 'https://yazd-sample.test:8443/fa/');
  assert.equal(yazd.parent, undefined);
  assert.equal(yazd.services[0].type, 'G2C');
  assert.equal(idn.portalUrl, 'https://xn--hhbbbed.test/%D8%AE%D8%A7%D9%86%D9%87');
  assert.deepEqual(idn.services, [], 'a row with empty service columns declares an agency without services');
  assert.equal(empty.nameFa, 'سازمان بی‌خدمت', 'trimmed, spaces collapsed, ZWNJ kept');
  assert.equal(empty.portalUrl, 'https://www.empty.test/');
});

test('tab-separated list with Persian headers (Arabic yeh in a header) and Persian digits', () => {
  const r = parseAgencyList(fixture('persian-headers.tsv'), 'persian-headers.tsv');
  assert.deepEqual(r.problems, []);
  assert.equal(r.agencies.length, 1);
  const a = r.agencies[0];
  assert.equal(a.id, '201');
  assert.equal(a.nameEn, 'Sample Governorate');
  assert.equal(a.parent, 'وزارت کشور');
  assert.equal(a.portalUrl, 'https://ostan.test/');
  assert.deepEqual(
    a.services.map((s) => [s.id, s.type, s.url]),
    [
      ['3456789012', 'G2B', 'https://ostan.test/s/1'],
      ['3456789013', 'G2G', 'https://ostan.test/s/2'],
    ],
  );
});

test('header names: case, spaces and dashes do not matter; unknown columns are warnings', () => {
  const csv = 'Agency ID,AGENCY-NAME,Portal URL,note\n7,سازمان,portal.test,anything\n';
  const r = parseAgencyList(csv, 'h.csv');
  assert.deepEqual(r.problems, []);
  assert.equal(r.agencies[0].portalUrl, 'https://portal.test/');
  assert.deepEqual(
    r.warnings.map((w) => [w.line, w.field, w.message]),
    [[1, 'note', 'unknown column "note" (column 4) is ignored']],
  );
});

test('the same agency on adjacent rows must agree: a conflicting portal names both lines', () => {
  const csv = [
    HEADER,
    '1,سازمان,,,https://a.test,1111111111,خدمت یک,https://a.test/1,G2C',
    '1,سازمان,,,https://b.test,2222222222,خدمت دو,https://a.test/2,G2C',
  ].join('\n');
  const r = parseAgencyList(csv, 'c.csv');
  assert.equal(r.problems.length, 1);
  const p = r.problems[0];
  assert.equal(p.line, 3);
  assert.equal(p.field, 'portal_url');
  assert.match(p.message, /"https:\/\/b.test\/" differs from the value on line 2 \("https:\/\/a.test\/"\)/);
});

test('an agency repeated in non-adjacent rows with the same data is merged; empty repeats inherit', () => {
  const csv = [
    HEADER,
    '1,سازمان یک,,,https://a.test,1111111111,خدمت,https://a.test/1,G2C',
    '2,سازمان دو,,,https://b.test,,,,',
    '1,,,,,2222222222,خدمت,https://a.test/2,G2B',
  ].join('\n');
  const r = parseAgencyList(csv, 'm.csv');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(
    r.agencies.map((a) => [a.id, a.services.map((s) => s.id)]),
    [
      ['1', ['1111111111', '2222222222']],
      ['2', []],
    ],
  );
});

test('a service URL without a service ID and a service ID without a URL are both errors', () => {
  const csv = [
    HEADER,
    '1,سازمان,,,https://a.test,,خدمت,https://a.test/1,G2C',
    '1,سازمان,,,https://a.test,1111111111,خدمت,,G2C',
  ].join('\n');
  const r = parseAgencyList(csv, 's.csv');
  assert.deepEqual(
    r.problems.map((p) => [p.line, p.field, p.message]),
    [
      [2, 'service_id', 'service URL is given but the service ID is empty'],
      [3, 'service_url', 'service ID is given but the service URL is empty'],
    ],
  );
});

test('a row with more fields than the header (an unquoted comma) is reported', () => {
  const csv = 'agency_id,agency_name,portal_url\n1,سازمان, شعبه,https://a.test\n';
  const r = parseAgencyList(csv, 'x.csv');
  assert.ok(r.problems.some((p) => p.line === 2 && /row has 4 fields but the header has 3/.test(p.message)));
});

test('a list without service columns is a list of portals', () => {
  const r = parseAgencyList('agency_id,agency_name,portal_url\n1,سازمان,a.test\n', 'p.csv');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.agencies, [{ id: '1', nameFa: 'سازمان', portalUrl: 'https://a.test/', services: [] }]);
});
