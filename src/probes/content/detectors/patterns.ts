// Number and date shapes found in normalised text (ASCII digits, Persian letters unified).
import { phraseSource } from '../phrases.ts';

/** Iranian phone numbers: landlines (0 + area code + number), mobiles (09..), with +98 or 0098. */
export const PHONE =
  /(?<![\d/.])(?:(?:\+|00)98[ -]?|0)(?:\(?\d{2,3}\)?[ -]?\d{3,4}[ -]?\d{4}|9\d{2}[ -]?\d{3}[ -]?\d{4})(?![\d/])/g;
/** Short call-centre numbers (e.g. 1500, 111) only count right after a phone label (phrases: phoneLabel). */
let callCentre: RegExp | null = null;
function callCentreRe(): RegExp {
  return (callCentre ??= new RegExp(
    `(?:${phraseSource('phoneLabel')})[^0-9\\n]{0,15}(?<!\\d)(1\\d{2,5})(?!\\d)`,
    'g',
  ));
}
export const EMAIL = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/g;
export const IPV4 = /(?<![\d.])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?![\d.])/;

const FA_MONTHS = 'فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|ابان|آذر|اذر|دی|بهمن|اسفند';
const EN_MONTHS =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';

export const DATE_PATTERNS: { calendar: 'jalali' | 'gregorian'; re: RegExp }[] = [
  { calendar: 'jalali', re: /(?<!\d)1[34]\d{2}[/\-.](?:0?[1-9]|1[0-2])[/\-.](?:0?[1-9]|[12]\d|3[01])(?!\d)/ },
  // Day first, as a right-to-left footer often writes it: 09/05/1396.
  { calendar: 'jalali', re: /(?<!\d)(?:0?[1-9]|[12]\d|3[01])[/\-.](?:0?[1-9]|1[0-2])[/\-.]1[34]\d{2}(?!\d)/ },
  {
    calendar: 'jalali',
    re: new RegExp(`(?<!\\d)(?:0?[1-9]|[12]\\d|3[01]) (?:${FA_MONTHS}) (?:ماه )?1[34]\\d{2}(?!\\d)`),
  },
  // A two-digit Jalali year, year first, as footers write it: 96/12/08 (1370-1409 are 70-99 and 00-09).
  // Only read right after an update label (label-then-date), where a number this shape is a date.
  {
    calendar: 'jalali',
    re: /(?<![\d/.-])(?:[7-9]\d|0\d)([/\-.])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])(?![\d/.-]?\d)/,
  },
  // Year first with any separator and unpadded parts: 2024-03-03, 2018/3/13.
  {
    calendar: 'gregorian',
    re: /(?<!\d)(?:19|20)\d{2}([/\-.])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])(?!\d)/,
  },
  { calendar: 'gregorian', re: /(?<!\d)(?:0?[1-9]|[12]\d|3[01])\/(?:0?[1-9]|1[0-2])\/(?:19|20)\d{2}(?!\d)/ },
  {
    calendar: 'gregorian',
    re: new RegExp(`(?:${EN_MONTHS})\\.? (?:0?[1-9]|[12]\\d|3[01]),? (?:19|20)\\d{2}`),
  },
  {
    calendar: 'gregorian',
    re: new RegExp(`(?<!\\d)(?:0?[1-9]|[12]\\d|3[01]) (?:${EN_MONTHS})\\.? (?:19|20)\\d{2}`),
  },
];

export function findDate(
  norm: string,
): { text: string; calendar: 'jalali' | 'gregorian'; index: number } | null {
  let best: { text: string; calendar: 'jalali' | 'gregorian'; index: number } | null = null;
  for (const p of DATE_PATTERNS) {
    const m = p.re.exec(norm);
    if (m && (!best || m.index < best.index)) best = { text: m[0], calendar: p.calendar, index: m.index };
  }
  return best;
}

/**
 * North American numbers (US and Canadian pages: 800-852-5711, 1-877-847-3663, (916) 445-2841): a
 * three-digit area code and exchange, neither starting with 0 or 1 (the numbering plan's rule), and four
 * digits, grouped by hyphens or dots. Years, postal codes, Jalali dates and Iranian numbers (0 + area
 * code) never take this shape.
 */
const NORTH_AMERICAN =
  /(?<![\w+\-./])(?:1[-.])?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[-.])[2-9]\d{2}[-.]\d{4}(?![\w\-/]|\.\d)/g;

/** International numbers written with a country code (+966 1 467 0000, +98 24 3305 1234). */
const INTERNATIONAL = /(?<![\w+])\+\d[\d \-()]{6,18}\d(?!\d)/g;

/**
 * A number right after a phone label, in any grouping: area code first or last, as right-to-left
 * text often shows it ("9-33420651-024", "33051 (24) 98+"), or a city number without its area code.
 */
let labelled: RegExp | null = null;
function labelledRe(): RegExp {
  return (labelled ??= new RegExp(
    `(?:${phraseSource('phoneLabel')})[^0-9\\n]{0,15}?(\\+?\\d[\\d \\-()]{4,22}\\d\\+?)(?!\\d)`,
    'g',
  ));
}

const digits = (s: string) => s.replace(/\D/g, '').length;

export function phonesIn(norm: string): string[] {
  const out = new Set<string>();
  for (const m of norm.matchAll(PHONE)) out.add(m[0].trim());
  for (const m of norm.matchAll(NORTH_AMERICAN)) out.add(m[0].trim());
  for (const m of norm.matchAll(INTERNATIONAL))
    if (digits(m[0]) >= 9 && digits(m[0]) <= 15) out.add(m[0].trim());
  // A number already read in one shape is not counted again in another.
  const known = () => [...out].map((x) => x.replace(/\D/g, ''));
  for (const m of norm.matchAll(labelledRe())) {
    const d = m[1].replace(/\D/g, '');
    if (d.length >= 7 && d.length <= 15 && !known().some((x) => x.includes(d) || d.includes(x)))
      out.add(m[1].trim());
  }
  for (const m of norm.matchAll(callCentreRe())) out.add(m[1]);
  return [...out];
}
