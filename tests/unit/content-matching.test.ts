// Persian-aware phrase matching and the number/date shapes the detectors rely on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeForMatch } from '../../src/text/normalize.ts';
import { isLabel, matchText } from '../../src/probes/content/phrases.ts';
import { findDate, phonesIn } from '../../src/probes/content/detectors/patterns.ts';

test('phrases match across Arabic letters, ZWNJ, joined words and word boundaries', () => {
  assert.equal(matchText('ميز خدمت الكترونيكي', 'serviceDesk'), 'میز خدمت الکترونیکی');
  assert.ok(matchText('پرسش‌های متداول', 'faq'));
  assert.ok(matchText('پرسشهای متداول', 'faq'));
  assert.ok(matchText('سؤالات متداول', 'faq'));
  assert.equal(matchText('کارخانه‌های استان', 'home'), null, 'خانه must not match inside a longer word');
  assert.equal(matchText('Homework', 'home'), null);
  assert.ok(isLabel(normalizeForMatch('بیانیه حریم خصوصی'), 'privacy'));
  assert.equal(
    isLabel(
      normalizeForMatch('در این گزارش درباره حریم خصوصی کاربران و قوانین جدید کشور صحبت شد'),
      'privacy',
    ),
    null,
  );
});

test('phone numbers in Persian, Arabic and Latin digits; short call-centre numbers only after a label', () => {
  assert.deepEqual(phonesIn(normalizeForMatch('تلفن: ۰۲۱-۶۶۵۵۴۴۳۳')), ['021-66554433']);
  assert.deepEqual(phonesIn(normalizeForMatch('همراه ٠٩١٢١٢٣٤٥٦٧')), ['09121234567']);
  assert.deepEqual(phonesIn(normalizeForMatch('tel: +98 21 8493 2000')), ['+98 21 8493 2000']);
  assert.deepEqual(phonesIn(normalizeForMatch('مرکز تماس: ۱۵۵۵')), ['1555']);
  assert.deepEqual(phonesIn(normalizeForMatch('سال ۱۴۰۳ و شماره نامه ۲۰۰۳۰۰۱۲۳۴۰۰۰۰۱')), []);
});

test('phone numbers as right-to-left pages show them, with a country code, or without an area code', () => {
  // Area code last, a range of lines first: the visual order of a Persian footer.
  assert.deepEqual(phonesIn(normalizeForMatch('تلفن : 9-33420651-024 پست الکترونیک')), ['9-33420651-024']);
  assert.deepEqual(phonesIn(normalizeForMatch('تلفن: 33051 (24) 98+ copyright')), ['33051 (24) 98+']);
  assert.deepEqual(phonesIn(normalizeForMatch('تلفن گویا : ۵۵۶۰۲۰۵۰')), ['55602050']);
  assert.deepEqual(phonesIn(normalizeForMatch('الرياض 11692 : +9661-46-70-000')), ['+9661-46-70-000']);
  // Postal codes and years are not phone numbers.
  assert.deepEqual(phonesIn(normalizeForMatch('کد پستی: 73461-81746 سال 1397')), []);
});

test('North American numbers: area code and exchange not starting with 0 or 1, hyphens or dots', () => {
  assert.deepEqual(phonesIn('general information: 800-852-5711'), ['800-852-5711']);
  assert.deepEqual(phonesIn('general information: 1-877-847-3663'), ['1-877-847-3663']);
  assert.deepEqual(phonesIn('call (916) 445-2841 today'), ['(916) 445-2841']);
  // An Iranian number is read once, in its own shape; dates, postal codes, ISBNs, versions and numbers
  // whose area code starts with 1 are not numbers to call.
  assert.deepEqual(phonesIn(normalizeForMatch('۰۲۱-۸۸۶-۱۲۳۴')), ['021-886-1234']);
  assert.deepEqual(
    phonesIn('1396-12-08 2018-03-12 14911-15719 isbn 978-964-00-1234-5 v2.345.6789 123-456-7890'),
    [],
  );
});

test('dates: Jalali numeric and with month names, Gregorian ISO and English', () => {
  assert.deepEqual(findDate(normalizeForMatch('۱۴۰۳/۰۲/۱۵'))?.calendar, 'jalali');
  assert.equal(findDate(normalizeForMatch('۱۲ مرداد ۱۴۰۲'))?.text, '12 مرداد 1402');
  assert.equal(findDate('2024-03-03')?.calendar, 'gregorian');
  assert.equal(findDate('march 3, 2024')?.text, 'march 3, 2024');
  assert.equal(findDate('1403/13/40'), null);
  // Day first, as a right-to-left footer writes it.
  assert.equal(findDate(normalizeForMatch('بروزرسانی ۰۹/۰۵/۱۳۹۶ ۰۸:۰۵'))?.calendar, 'jalali');
  assert.equal(findDate('09/05/1396')?.text, '09/05/1396');
  // A two-digit Jalali year, year first (96/12/08), and a Gregorian year first without padding.
  assert.deepEqual(findDate(normalizeForMatch('تاریخ بروزرسانی :۹۶/۱۲/۰۸')), {
    text: '96/12/08',
    calendar: 'jalali',
    index: 17,
  });
  assert.equal(findDate('last update: 2018/3/13')?.calendar, 'gregorian');
  assert.equal(findDate('last update: 2018/3/13')?.text, '2018/3/13');
  // Not a short date: mixed separators, a month 13, part of a longer number or a full year.
  assert.equal(findDate('96/12.08'), null);
  assert.equal(findDate('96/13/08'), null);
  assert.equal(findDate('4596/12/08'), null);
  assert.equal(findDate('1396/12/08')?.text, '1396/12/08');
});
