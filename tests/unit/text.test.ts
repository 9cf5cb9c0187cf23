import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  normalizeForMatch,
  normalizeLoose,
  normalizeText,
  persianScriptRatio,
  toAsciiDigits,
  toPersianDigits,
} from '../../src/text/normalize.ts';
import { formatJalali, iranOffsetMinutes, parseDateInput } from '../../src/text/jalali.ts';

test('Arabic yeh and kaf, ZWNJ look-alikes, tatweel and diacritics fold for matching', () => {
  assert.equal(normalizeForMatch('ميز خدمت الكترونيكي'), normalizeForMatch('میز خدمت الکترونیکی'));
  assert.equal(normalizeLoose('پرسش\u200Cهای متداول'), normalizeLoose('پرسشهای متداول'));
  assert.equal(normalizeForMatch('سؤالات\u200Dمتداول'), 'سوالات متداول');
  assert.equal(normalizeForMatch('پرســـش‌های مُتداول'), 'پرسش های متداول');
  assert.equal(normalizeForMatch('FAQ  Page'), 'faq page');
});

test('Persian and Arabic digits become ASCII, and back for reports', () => {
  assert.equal(toAsciiDigits('۱۴۰۳/۰۵/۱۲ و ٣٤'), '1403/05/12 و 34');
  assert.equal(toPersianDigits('97.26'), '۹۷.۲۶');
  assert.equal(normalizeText('  شناسه   خدمت: ۱۲۱۰۰۱۰۰۰۱ ي ك '), 'شناسه خدمت: 1210010001 ی ک');
});

test('script ratio tells Persian pages from English ones', () => {
  assert.ok(persianScriptRatio('سازمان ملی خدمات') === 1);
  assert.ok(persianScriptRatio('National Services Organization')! === 0);
  assert.equal(persianScriptRatio('123 ...'), null);
});

test('Jalali and ISO dates parse to the same instant; Jalali formats in Iran time', () => {
  const j = parseDateInput('1403/05/12');
  const iso = parseDateInput('2024-08-02');
  assert.equal(j.getTime(), iso.getTime());
  assert.equal(parseDateInput('۱۴۰۳-۵-۱۲').getTime(), j.getTime());
  assert.equal(formatJalali(j), '1403/05/12');
  assert.equal(formatJalali(new Date('2024-08-02T21:00:00Z')), '1403/05/13'); // 00:30 the next day in Tehran
  assert.equal(formatJalali(j, { persian: true }), '۱۴۰۳/۰۵/۱۲');
  assert.throws(() => parseDateInput('1403/13/01'), /not a valid Jalali date/);
  assert.throws(() => parseDateInput('2024-02-30'), /not a valid date/);
  assert.throws(() => parseDateInput('yesterday'), /not a date/);
});

test('Jalali times follow Iran’s clock on both sides of the former daylight-saving dates', () => {
  // 1400 (2021) kept daylight-saving time from 1400/01/02 00:00 to 1400/06/30 24:00 (+04:30).
  assert.equal(formatJalali(new Date('2021-07-15T20:00:00Z'), { time: true }), '1400/04/25 00:30');
  assert.equal(
    formatJalali(new Date('2021-07-15T20:00:00Z'), { time: true, persian: true }),
    '۱۴۰۰/۰۴/۲۵ ۰۰:۳۰',
  );
  // The evening before the clocks went forward, and just after: +03:30 then +04:30.
  assert.equal(formatJalali(new Date('2021-03-21T20:29:00Z'), { time: true }), '1400/01/01 23:59');
  assert.equal(formatJalali(new Date('2021-03-21T20:31:00Z'), { time: true }), '1400/01/02 01:01');
  // The night they went back (1400/06/31 00:00 became 1400/06/30 23:00).
  assert.equal(formatJalali(new Date('2021-09-21T19:29:00Z'), { time: true }), '1400/06/30 23:59');
  assert.equal(formatJalali(new Date('2021-09-21T19:31:00Z'), { time: true }), '1400/06/30 23:01');
  // No daylight-saving time since 1402: the same summer moment is 23:30 on the earlier day.
  assert.equal(formatJalali(new Date('2023-07-15T20:00:00Z'), { time: true }), '1402/04/24 23:30');
  // A Jalali date is midnight in Iran of that day's offset.
  assert.equal(parseDateInput('1400/04/25').toISOString(), '2021-07-15T19:30:00.000Z');
  assert.equal(parseDateInput('1402/04/25').toISOString(), '2023-07-15T20:30:00.000Z');
  assert.equal(parseDateInput('2021-07-16').toISOString(), '2021-07-15T19:30:00.000Z');
  assert.equal(iranOffsetMinutes(new Date('2021-07-15T20:00:00Z')), 270);
  assert.equal(iranOffsetMinutes(new Date('2024-07-15T20:00:00Z')), 210);
});
