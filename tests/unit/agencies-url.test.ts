import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeUrl } from '../../src/agencies/url.ts';
import { normalizeAgencyId, normalizeServiceId, normalizeServiceType } from '../../src/agencies/fields.ts';

const url = (raw: string) => {
  const r = normalizeUrl(raw);
  assert.ok(r.ok, `expected ${raw} to be accepted: ${r.ok ? '' : r.message}`);
  return r.url;
};
const urlError = (raw: string) => {
  const r = normalizeUrl(raw);
  assert.ok(!r.ok, `expected ${raw} to be rejected, got ${r.ok ? r.url : ''}`);
  return r.message;
};

test('adds https:// when the scheme is missing and lower-cases the host, keeping port and path', () => {
  assert.equal(url('WWW.Example.IR'), 'https://www.example.ir/');
  assert.equal(url('  portal.test:8443/Fa/Home?x=1  '), 'https://portal.test:8443/Fa/Home?x=1');
  assert.equal(url('localhost:8080'), 'https://localhost:8080/');
  assert.equal(url('//cdn.test/a'), 'https://cdn.test/a');
  assert.equal(url('HTTP://Old.Test/Path'), 'http://old.test/Path');
});

test('converts IDN hosts to punycode and Persian digits in the host or port to ASCII', () => {
  assert.equal(url('https://نمونه.test/'), 'https://xn--hhbbbed.test/');
  assert.equal(url('site۲.test:۸۰۸۰'), 'https://site2.test:8080/');
});

test('drops invisible direction marks pasted with a URL', () => {
  assert.equal(url('\u200Fhttps://portal.test/\u200E'), 'https://portal.test/');
});

test('rejects other schemes, credentials, spaces in the host and missing hosts', () => {
  assert.match(urlError('ftp://files.test'), /scheme "ftp:" is not allowed/);
  assert.match(urlError('mailto:info@portal.test'), /scheme "mailto:" is not allowed/);
  assert.match(urlError('javascript:alert(1)'), /scheme "javascript:"/);
  assert.match(urlError('https://user:pass@portal.test'), /credentials/);
  assert.match(urlError('https://my portal.test/'), /host "my portal.test" contains spaces/);
  assert.match(urlError('https://'), /no host/);
  assert.match(urlError('https:///path'), /no host/);
  assert.match(urlError('   '), /empty/);
});

test('service IDs: exactly 10 digits after digit normalisation, with the digit count in errors', () => {
  assert.deepEqual(normalizeServiceId('۱۲۳۴۵۶۷۸۹۰'), { ok: true, value: '1234567890' });
  assert.deepEqual(normalizeServiceId('٠١٢٣٤٥٦٧٨٩'), { ok: true, value: '0123456789' });
  const eleven = normalizeServiceId('12345678901');
  assert.ok(!eleven.ok && /has 11 digits/.test(eleven.message));
  const nine = normalizeServiceId('123456789');
  assert.ok(!nine.ok && /has 9 digits/.test(nine.message) && /leading zero/.test(nine.message));
  const dashed = normalizeServiceId('123-456-7890');
  assert.ok(!dashed.ok && /it has 10 digits and other characters/.test(dashed.message));
  assert.deepEqual(
    normalizeServiceId('="0123456789"'),
    { ok: true, value: '0123456789' },
    'Excel text-cell form',
  );
  const excel = normalizeServiceId('1.23457E+09');
  assert.ok(!excel.ok && /scientific notation/.test(excel.message));
});

test('service types: G2C/G2B/G2G in any case and their Persian names', () => {
  const t = (s: string) => {
    const r = normalizeServiceType(s);
    return r.ok ? r.value : `error: ${r.message}`;
  };
  assert.equal(t('g2c'), 'G2C');
  assert.equal(t(' G2b '), 'G2B');
  assert.equal(t('شهروند'), 'G2C');
  assert.equal(t('كسب و كار'), 'G2B');
  assert.equal(t('کسب‌وکار'), 'G2B');
  assert.equal(t('دولت'), 'G2G');
  assert.match(t('B2B'), /unknown service type "B2B"/);
  assert.match(t(''), /empty/);
});

test('agency IDs: Persian digits become ASCII; spaces and punctuation are refused', () => {
  assert.deepEqual(normalizeAgencyId(' ۱۰۱ '), { ok: true, value: '101' });
  assert.deepEqual(normalizeAgencyId('moe-2'), { ok: true, value: 'moe-2' });
  const bad = normalizeAgencyId('a b');
  assert.ok(!bad.ok && /may contain only/.test(bad.message));
});
