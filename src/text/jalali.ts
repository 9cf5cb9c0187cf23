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

// Dates and times go through Intl with the Persian calendar and the Asia/Tehran zone (Node's ICU has
// both), so the years when Iran kept daylight-saving time (until 1401) come out right, not a fixed +03:30.
export const IRAN_TIME_ZONE = 'Asia/Tehran';

const PARTS = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', {
  timeZone: IRAN_TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

interface IranParts extends JalaliDate {
  hour: number;
  minute: number;
  second: number;
}

function iranParts(d: Date): IranParts {
  const p: Record<string, number> = {};
  for (const part of PARTS.formatToParts(d))
    if (part.type !== 'literal' && part.type !== 'era') p[part.type] = Number(part.value);
  return { jy: p.year, jm: p.month, jd: p.day, hour: p.hour, minute: p.minute, second: p.second };
}

/** The Jalali date of an instant in Iran. */
export function toJalali(d: Date): JalaliDate {
  const { jy, jm, jd } = iranParts(d);
  return { jy, jm, jd };
}

/** Iran's offset from UTC at an instant, in minutes (210, or 270 in former daylight-saving summers). */
export function iranOffsetMinutes(d: Date): number {
  const p = iranParts(d);
  const g = jalaali.toGregorian(p.jy, p.jm, p.jd);
  const wall = Date.UTC(g.gy, g.gm - 1, g.gd, p.hour, p.minute, p.second);
  return Math.round((wall - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
}

/** The instant of a wall-clock time in Iran (the offset of that day, daylight-saving years included). */
function iranWallToInstant(gy: number, gm: number, gd: number): Date {
  const wall = Date.UTC(gy, gm - 1, gd);
  // Two steps settle the offset even on the night a clock change happens.
  let t = wall - 210 * 60_000;
  t = wall - iranOffsetMinutes(new Date(t)) * 60_000;
  return new Date(wall - iranOffsetMinutes(new Date(t)) * 60_000);
}

/** 1403/05/12 (ASCII digits) or ۱۴۰۳/۰۵/۱۲ with persian=true; time adds HH:MM in Iran time. */
export function formatJalali(d: Date, opts: { persian?: boolean; time?: boolean } = {}): string {
  const p = iranParts(d);
  const two = (n: number) => String(n).padStart(2, '0');
  let s = `${p.jy}/${two(p.jm)}/${two(p.jd)}`;
  if (opts.time) s += ` ${two(p.hour)}:${two(p.minute)}`;
  return opts.persian ? toPersianDigits(s) : s;
}

/** "۱۲ مرداد ۱۴۰۳" */
export function formatJalaliLong(d: Date): string {
  const j = toJalali(d);
  return `${toPersianDigits(j.jd)} ${MONTHS_FA[j.jm - 1]} ${toPersianDigits(j.jy)}`;
}

/**
 * Parse a date given as Jalali (1403/05/12, 1403-5-12, Persian digits) or ISO (2024-08-02, or a full
 * timestamp). Years below 1700 are read as Jalali. Returns the instant at 00:00 Iran time (of that day's
 * offset) for dates.
 */
export function parseDateInput(input: string): Date {
  const s = toAsciiDigits(input.trim());
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (y < 1700) {
      if (!jalaali.isValidJalaaliDate(y, mo, d)) throw new Error(`"${input}" is not a valid Jalali date`);
      const g = jalaali.toGregorian(y, mo, d);
      return iranWallToInstant(g.gy, g.gm, g.gd);
    }
    const utc = new Date(Date.UTC(y, mo - 1, d));
    if (utc.getUTCMonth() !== mo - 1 || utc.getUTCDate() !== d)
      throw new Error(`"${input}" is not a valid date`);
    return iranWallToInstant(y, mo, d);
  }
  const dt = new Date(s);
  if (isNaN(dt.getTime()))
    throw new Error(`"${input}" is not a date: use Jalali 1403/05/12 or ISO 2024-08-02`);
  return dt;
}
