// Persian-first text normalisation, applied before any matching or comparison.

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const ARABIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';

/** Persian (۰-۹) and Arabic-Indic (٠-٩) digits to ASCII. */
export function toAsciiDigits(s: string): string {
  return s.replace(/[۰-۹٠-٩]/g, (d) => {
    const i = PERSIAN_DIGITS.indexOf(d);
    return String(i >= 0 ? i : ARABIC_DIGITS.indexOf(d));
  });
}

/** ASCII digits to Persian digits, for reports. */
export function toPersianDigits(s: string | number): string {
  return String(s).replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)]);
}

/** Persian digits with the Persian decimal separator between digits: "0.4 < x < 1" -> "۰٫۴ < x < ۱". */
export function toPersianNumber(s: string | number): string {
  return toPersianDigits(String(s).replace(/(\d)\.(?=\d)/g, '$1٫'));
}

// Zero-width non-joiner and its look-alikes (ZWJ, soft hyphen, LRM/RLM, BOM, word joiner).
const ZW_CHARS = /[\u200B-\u200F\u00AD\u2060\uFEFF\u202A-\u202E]/g;
// Arabic diacritics (harakat, tanwin, shadda, sukun, superscript alef) and tatweel.
const DIACRITICS = /[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;

/**
 * Normalise for matching: Arabic yeh/kaf to Persian, other Arabic letter variants folded,
 * ZWNJ-like characters to a space, digits to ASCII, diacritics and tatweel removed,
 * whitespace collapsed, Latin lower-cased.
 */
export function normalizeForMatch(s: string): string {
  return toAsciiDigits(
    s
      .normalize('NFC')
      .replace(/[يىئ]/g, 'ی')
      .replace(/ك/g, 'ک')
      .replace(/[ةۀ]/g, 'ه')
      .replace(/[أإٱآ]/g, 'ا')
      .replace(/ؤ/g, 'و')
      .replace(DIACRITICS, '')
      .replace(ZW_CHARS, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Gentler normalisation for stored display text: letters and digits unified, ZWNJ kept. */
export function normalizeText(s: string): string {
  return toAsciiDigits(s.normalize('NFC').replace(/ي/g, 'ی').replace(/ك/g, 'ک'))
    .replace(/[\u200B\u200E\u200F\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Share of letters that are Arabic-script (Persian) versus Latin; 0..1, or null when there are no letters. */
export function persianScriptRatio(s: string): number | null {
  const persian = (s.match(/[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]/g) ?? []).length;
  const latin = (s.match(/[A-Za-z]/g) ?? []).length;
  const total = persian + latin;
  return total === 0 ? null : persian / total;
}

/**
 * Normalised with every space removed, for "contains" checks that must not depend on whether a writer
 * used a ZWNJ, a space or nothing between parts of a word (پرسش‌های / پرسش های / پرسشهای).
 */
export function normalizeLoose(s: string): string {
  return normalizeForMatch(s).replace(/ /g, '');
}
