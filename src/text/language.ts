// The language of a page's visible text from character statistics: which script dominates, and
// within the Arabic script whether the text is Persian or Arabic; within the Latin script whether
// it is English. Used to check that a "second language" page really is in another language.

/** fa Persian, ar Arabic, en English, latin another Latin-script language, cyrillic, other. */
export type TextLanguage = 'fa' | 'ar' | 'en' | 'latin' | 'cyrillic' | 'other';

export interface LanguageGuess {
  /** null when the text is too short or no script dominates. */
  lang: TextLanguage | null;
  /** Letters counted. */
  letters: number;
  /** Share of the dominant script among all letters (0..1). */
  share: number;
}

export const LANGUAGE_NAMES: Record<TextLanguage, { en: string; fa: string }> = {
  fa: { en: 'Persian', fa: 'فارسی' },
  ar: { en: 'Arabic', fa: 'عربی' },
  en: { en: 'English', fa: 'انگلیسی' },
  latin: { en: 'a Latin-script language', fa: 'زبانی با خط لاتین' },
  cyrillic: { en: 'a Cyrillic-script language', fa: 'زبانی با خط سیریلیک' },
  other: { en: 'another language', fa: 'زبانی دیگر' },
};

const ARABIC_SCRIPT = /[\u0620-\u064A\u066E-\u06D3\u06FA-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]/gu;
const LATIN = /[A-Za-z\u00C0-\u024F]/gu;
const CYRILLIC = /[\u0400-\u04FF]/gu;
const ANY_LETTER = /\p{L}/gu;
// Letters Persian has and Arabic lacks; in Persian prose گ alone is about one letter in a hundred.
const PERSIAN_ONLY = /[پچژگ]/gu;
// Letters written in Arabic and (almost) never in Persian prose: teh marbuta, alef maksura, hamza forms.
const ARABIC_MARKS = /[ةىأإؤ]/gu;
const ENGLISH_WORDS = new Set([
  'the',
  'and',
  'of',
  'to',
  'in',
  'for',
  'is',
  'on',
  'with',
  'are',
  'by',
  'our',
]);

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

/** Fewer letters than this say too little about a page's language. */
export const MIN_LETTERS = 150;

export function guessLanguage(text: string, minLetters = MIN_LETTERS): LanguageGuess {
  const letters = count(text, ANY_LETTER);
  const arabic = count(text, ARABIC_SCRIPT);
  const latin = count(text, LATIN);
  const cyrillic = count(text, CYRILLIC);
  const best = Math.max(arabic, latin, cyrillic, letters - arabic - latin - cyrillic);
  const share = letters ? best / letters : 0;
  // Menus and footers of a bilingual site mix scripts; the body's language must still be the clear majority.
  if (letters < minLetters || share < 0.6) return { lang: null, letters, share };
  if (best === arabic) {
    const persianOnly = count(text, PERSIAN_ONLY) / arabic;
    const arabicMarks = count(text, ARABIC_MARKS) / arabic;
    const words = text.split(/[^\p{L}]+/u).filter((w) => count(w, ARABIC_SCRIPT) > 0);
    const articled = words.length ? words.filter((w) => w.startsWith('ال')).length / words.length : 0;
    const isArabic = persianOnly < 0.004 && (arabicMarks >= 0.01 || articled >= 0.15);
    return { lang: isArabic ? 'ar' : 'fa', letters, share };
  }
  if (best === latin) {
    const words = text
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter(Boolean);
    const common = words.length ? words.filter((w) => ENGLISH_WORDS.has(w)).length / words.length : 0;
    return { lang: common >= 0.04 ? 'en' : 'latin', letters, share };
  }
  if (best === cyrillic) return { lang: 'cyrillic', letters, share };
  return { lang: 'other', letters, share };
}
