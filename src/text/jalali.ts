// Jalali (Persian solar hijri) dates: parsing user input and formatting for reports.
import jalaali from 'jalaali-js';
import { toAsciiDigits, toPersianDigits } from './normalize.ts';

const MONTHS_FA = [
  'فروردین',
  'اردیبهشت',
  'خرداد',
  'تیر',
  'مرداد',
  'شهریور',
  'مهر',
  'آبان',
  'آذر',
  'دی',
  'بهمن',
  'اسفند',
];

export interface JalaliDate {
  jy: number;
  jm: number;
  jd: number;
}

export function toJalali(d: Date): JalaliDate {
  // Iran time (UTC+3:30, no DST since 1401) so a report's date matches the evaluator's calendar.
  const t = new Date(d.getTime() + 3.5 * 3600_000);
  return jalaali.toJalaali(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** 1403/05/12 (ASCII digits) or ۱۴۰۳/۰۵/۱۲ with persian=true. */
export function formatJalali(d: Date, opts: { persian?: boolean; time?: boolean } = {}): string {
  const j = toJalali(d);
  let s = `${j.jy}/${String(j.jm).padStart(2, '0')}/${String(j.jd).padStart(2, '0')}`;
  if (opts.time) {
    const t = new Date(d.getTime() + 3.5 * 3600_000);
    s += ` ${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`;
  }
  return opts.persian ? toPersianDigits(s) : s;
}

/** "۱۲ مرداد ۱۴۰۳" */
export function formatJalaliLong(d: Date): string {
  const j = toJalali(d);
  return `${toPersianDigits(j.jd)} ${MONTHS_FA[j.jm - 1]} ${toPersianDigits(j.jy)}`;
}

/**
 * Parse a date given as Jalali (1403/05/12, 1403-5-12, Persian digits) or ISO (2024-08-02, or a full
 * timestamp). Years below 1700 are read as Jalali. Returns the instant at 00:00 Iran time for dates.
 */
export function parseDateInput(input: string): Date {
  const s = toAsciiDigits(input.trim());
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (y < 1700) {
      if (!jalaali.isValidJalaaliDate(y, mo, d)) throw new Error(`"${input}" is not a valid Jalali date`);
      const g = jalaali.toGregorian(y, mo, d);
      return new Date(Date.UTC(g.gy, g.gm - 1, g.gd) - 3.5 * 3600_000);
    }
    const utc = new Date(Date.UTC(y, mo - 1, d));
    if (utc.getUTCMonth() !== mo - 1 || utc.getUTCDate() !== d)
      throw new Error(`"${input}" is not a valid date`);
    return new Date(utc.getTime() - 3.5 * 3600_000);
  }
  const dt = new Date(s);
  if (isNaN(dt.getTime()))
    throw new Error(`"${input}" is not a date: use Jalali 1403/05/12 or ISO 2024-08-02`);
  return dt;
}
