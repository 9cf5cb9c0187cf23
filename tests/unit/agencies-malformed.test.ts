import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import {
  AgencyListError,
  loadAgencyList,
  parseAgencyList,
  readAgencyListOrThrow,
} from '../../src/agencies/load.ts';
import { UsageError } from '../../src/net/options.ts';
import { formatProblem } from '../../src/agencies/report.ts';

const MALFORMED = new URL('../../fixtures/agency-lists/malformed.csv', import.meta.url).pathname;

test('malformed list: missing column, bad URL, 11-digit ID, duplicate agency and service IDs, each with its line', async () => {
  const r = await loadAgencyList(MALFORMED);
  assert.deepEqual(
    r.problems.map((p) => [p.line, p.field]),
    [
      [1, 'service_type'],
      [3, 'portal_url'],
      [4, 'service_id'],
      [5, 'agency_name'],
      [5, 'portal_url'],
      [6, 'service_id'],
    ],
  );
  const text = r.problems.map(formatProblem);
  assert.match(text[0], /malformed\.csv:1: service_type: required column "service_type" is missing/);
  assert.match(text[1], /:3: portal_url: scheme "ftp:" is not allowed/);
  assert.match(text[2], /:4: service_id: service ID "33333333333" has 11 digits; it must have exactly 10/);
  assert.match(text[3], /:5: agency_name: duplicate agency ID "501": .* on line 2/);
  assert.match(text[5], /:6: service_id: duplicate service ID 1111111111 \(also on line 2\)/);
});

test('readAgencyListOrThrow throws one usage error that lists every problem', async () => {
  await assert.rejects(readAgencyListOrThrow(MALFORMED), (e: unknown) => {
    assert.ok(e instanceof AgencyListError);
    assert.ok(e instanceof UsageError, 'the CLI maps it to exit code 2');
    assert.equal(e.problems.length, 6);
    assert.match(e.message, /has 6 problems/);
    assert.match(e.message, /malformed\.csv:4: service_id/);
    return true;
  });
  const good = await readAgencyListOrThrow(
    new URL('../../fixtures/agency-lists/good.csv', import.meta.url).pathname,
  );
  assert.equal(good.length, 4);
});

test('a Windows-1256 file is decoded but refused, and its other problems are still listed', () => {
  const csv =
    'agency_id,agency_name,portal_url\r\n1,سازمان ثبت اسناد و املاک,https://a.test\r\n2,اداره کل,bad host.test\r\n';
  const bytes = iconv.encode(csv, 'windows-1256');
  assert.throws(
    () => new TextDecoder('utf-8', { fatal: true }).decode(bytes),
    'the fixture must not be valid UTF-8',
  );
  const r = parseAgencyList(bytes, 'legacy.csv');
  assert.equal(r.encoding, 'windows-1256');
  assert.deepEqual(
    r.problems.map((p) => [p.line, p.field, p.message]),
    [
      [undefined, 'encoding', 'file is not UTF-8 (looks like Windows-1256); save it as UTF-8'],
      [3, 'portal_url', 'host "bad host.test" contains spaces'],
    ],
  );
  assert.equal(r.agencies[0].nameFa, 'سازمان ثبت اسناد و املاک', 'decoded as Windows-1256, not mojibake');
  assert.equal(
    formatProblem(r.problems[0]),
    'legacy.csv: encoding: file is not UTF-8 (looks like Windows-1256); save it as UTF-8',
  );
});

test('UTF-16 with a BOM (a spreadsheet "Unicode text" export) is accepted, LE and BE', () => {
  const tsv = 'agency_id\tagency_name\tportal_url\n۱\tسازمان\tportal.test\n';
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]);
  const be = Buffer.from(le);
  be.swap16();
  for (const [bytes, enc] of [
    [le, 'utf-16le'],
    [be, 'utf-16be'],
  ] as const) {
    const r = parseAgencyList(bytes, 'unicode.txt');
    assert.deepEqual(r.problems, [], enc);
    assert.equal(r.encoding, enc);
    assert.deepEqual(r.agencies[0], {
      id: '1',
      nameFa: 'سازمان',
      portalUrl: 'https://portal.test/',
      services: [],
    });
  }
});

test('UTF-16 without a byte-order mark is detected, and NUL bytes in "UTF-8" are refused', () => {
  const tsv = 'agency_id\tagency_name\tportal_url\n1\tsazman\tportal.test\n';
  const r = parseAgencyList(Buffer.from(tsv, 'utf16le'), 'nobom.txt');
  assert.equal(r.encoding, 'utf-16le');
  assert.deepEqual(r.problems, []);
  const withNul = parseAgencyList(
    Buffer.from('agency_id,agency_name,portal_url\n1,\u0000x,a.test\n'),
    'nul.csv',
  );
  assert.match(withNul.problems[0].message, /NUL bytes/);
});

test('unreadable, empty and header-only files are problems, not crashes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'payesh-agencies-'));
  try {
    const missing = await loadAgencyList(join(dir, 'nope.csv'));
    assert.deepEqual(
      missing.problems.map((p) => p.message),
      ['cannot read: no such file'],
    );
    writeFileSync(join(dir, 'empty.csv'), '\uFEFF\r\n');
    assert.deepEqual(
      (await loadAgencyList(join(dir, 'empty.csv'))).problems.map((p) => p.message),
      ['the file is empty'],
    );
    writeFileSync(join(dir, 'header.csv'), 'agency_id,agency_name,portal_url\n');
    assert.deepEqual(
      (await loadAgencyList(join(dir, 'header.csv'))).problems.map((p) => p.message),
      ['the list has no agencies'],
    );
    writeFileSync(join(dir, 'list.data'), 'agencies:\n  - id: 1\n    name: سازمان\n    portal_url: a.test\n');
    const sniffed = await loadAgencyList(join(dir, 'list.data'));
    assert.equal(sniffed.format, 'yaml');
    assert.deepEqual(sniffed.problems, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a first row that is not a header says so', () => {
  const r = parseAgencyList('1,سازمان,a.test\n', 'noheader.csv');
  assert.ok(r.problems.some((p) => p.line === 1 && /first row is not a header/.test(p.message)));
});
