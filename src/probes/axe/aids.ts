// Visible accessibility aids: font-size, contrast, typeface and colour controls, accessibility
// toolbars or widgets. The page lists its controls; matching happens here on normalised text.
import { inPageCall } from '../../browser/in-page.ts';
import { normalizeForMatch } from '../../text/normalize.ts';

export type AidKind = 'font-size' | 'contrast' | 'typeface' | 'colour' | 'toolbar';

export interface AccessibilityAid {
  kind: AidKind;
  /** What matched: the control's text or label. */
  text: string;
  selector: string;
}

export interface AidCandidate {
  text: string;
  selector: string;
  /** Attributes that name the control without text (class, id, aria-label, title). */
  hints: string;
}

/** Lists visible controls and short labelled elements, plus known accessibility-widget scripts. */
export const LIST_AID_CANDIDATES = inPageCall(String.raw`
  const out = [];
  const sel = 'a, button, [role=button], [role=switch], input[type=button], input[type=checkbox], select, label, [onclick], [tabindex]';
  const seen = new Set();
  for (const el of document.querySelectorAll(sel)) {
    if (out.length >= 1500) break;
    if (seen.has(el) || !isVisible(el)) continue;
    seen.add(el);
    const text = (el.innerText || el.value || '').trim().replace(/\s+/g, ' ');
    if (text.length > 60) continue;
    const img = el.querySelector('img[alt]');
    const hints = [el.id, el.getAttribute('class'), el.getAttribute('aria-label'), el.getAttribute('title'), img && img.getAttribute('alt')]
      .filter(Boolean).join(' ');
    if (!text && !hints) continue;
    out.push({ text, selector: cssPath(el), hints });
  }
  for (const el of document.querySelectorAll('[id*=access i], [class*=access i], [id*=a11y i], [class*=a11y i], [aria-label]')) {
    if (out.length >= 1600) break;
    if (seen.has(el) || !isVisible(el)) continue;
    seen.add(el);
    const hints = [el.id, el.getAttribute('class'), el.getAttribute('aria-label')].filter(Boolean).join(' ');
    out.push({ text: '', selector: cssPath(el), hints });
  }
  for (const s of document.querySelectorAll('script[src]')) {
    out.push({ text: '', selector: 'script[src="' + s.getAttribute('src') + '"]', hints: 'script ' + s.src });
  }
  return out;
`);

const P = (words: string[]) => words.map((w) => normalizeForMatch(w));

// Patterns are matched on normalizeForMatch output (ZWNJ -> space, ي -> ی, ك -> ک, lower case).
const PATTERNS: { kind: AidKind; words: string[]; hints: RegExp }[] = [
  {
    kind: 'font-size',
    words: P([
      'افزایش اندازه قلم',
      'کاهش اندازه قلم',
      'اندازه قلم',
      'اندازه متن',
      'اندازه فونت',
      'بزرگ‌نمایی متن',
      'درشت‌نمایی',
      'font size',
      'increase font',
      'decrease font',
      'text size',
      'a+',
      'a-',
      'a +',
      'a -',
    ]),
    hints: /font-?(size|up|down|inc|dec|plus|minus|larger|smaller)|text-?(size|resize)|zoom-?(in|out)/i,
  },
  {
    kind: 'contrast',
    words: P(['کنتراست', 'تضاد رنگ', 'سیاه و سفید', 'خاکستری', 'contrast', 'grayscale', 'greyscale']),
    hints: /contrast|grayscale|greyscale/i,
  },
  {
    kind: 'typeface',
    words: P([
      'تغییر قلم',
      'نوع قلم',
      'تغییر فونت',
      'نوع فونت',
      'قلم خوانا',
      'readable font',
      'dyslexia',
      'font family',
    ]),
    hints: /font-?(family|face|change)|dyslexi|readable-?font/i,
  },
  {
    kind: 'colour',
    words: P([
      'تغییر رنگ',
      'رنگ زمینه',
      'رنگ پس زمینه',
      'حالت شب',
      'حالت تاریک',
      'وارونه',
      'invert colors',
      'change colour',
      'change color',
      'dark mode',
      'night mode',
    ]),
    hints: /invert|colou?r-?(change|switch|scheme|mode)|bg-?colou?r|dark-?mode|night-?mode/i,
  },
  {
    kind: 'toolbar',
    words: P([
      'دسترسی‌پذیری',
      'دسترس پذیری',
      'نابینایان',
      'کم‌بینایان',
      'ناشنوایان',
      'معلولان',
      'accessibility',
    ]),
    hints: /accessib|a11y|userway|acsb|equalweb|ally-?toolbar|handicap|disabilit/i,
  },
];

function matchesWord(text: string, word: string): boolean {
  // Short Latin tokens (a+, a-) must be the whole label, or "Data-" would count.
  if (word.length <= 3) return text === word;
  return text.includes(word);
}

/** Match candidates to aids: one entry per kind and element; at most `limit` per kind. */
export function findAids(candidates: AidCandidate[], limit = 3): AccessibilityAid[] {
  const found: AccessibilityAid[] = [];
  for (const c of candidates) {
    const text = normalizeForMatch(c.text);
    const hints = normalizeForMatch(c.hints);
    // A script is an aid only as a known accessibility widget: theme scripts carry words such as
    // Liferay's colorSchemeId on every page, which is no control a visitor can use.
    const script = c.hints.startsWith('script ');
    for (const p of PATTERNS) {
      if (script && p.kind !== 'toolbar') continue;
      if (found.filter((f) => f.kind === p.kind).length >= limit) continue;
      const byText = text !== '' && p.words.some((w) => matchesWord(text, w));
      const byHint =
        !byText && (p.hints.test(c.hints) || p.words.some((w) => w.length > 3 && hints.includes(w)));
      if (byText || byHint)
        found.push({ kind: p.kind, text: c.text || c.hints.slice(0, 120), selector: c.selector });
    }
  }
  return found;
}

/** Labels of "skip to content" links (normalised, lower case). */
const SKIP_WORDS = P([
  'پرش به محتوا',
  'پرش به محتوای اصلی',
  'رفتن به محتوا',
  'رفتن به محتوای اصلی',
  'برو به محتوای اصلی',
  'محتوای اصلی',
  'skip to content',
  'skip to main',
  'skip navigation',
  'jump to content',
]);

/** In-page links to a fragment near the top of the page: candidates for a skip link (visible or not). */
export const LIST_SKIP_CANDIDATES = inPageCall(String.raw`
  const out = [];
  for (const a of [...document.querySelectorAll('a[href^="#"]')].slice(0, 40)) {
    const href = a.getAttribute('href');
    if (!href || href.length < 2) continue;
    out.push({ text: (a.textContent || a.getAttribute('aria-label') || a.getAttribute('title') || '').trim().replace(/\s+/g, ' ').slice(0, 80), selector: cssPath(a), hints: href });
  }
  return out;
`);

/** A skip link among the candidates: its label says so, or it is named skip/skip-link. */
export function findSkipLink(candidates: AidCandidate[]): AidCandidate | null {
  return (
    candidates.find((c) => {
      const t = normalizeForMatch(c.text);
      return SKIP_WORDS.some((w) => t.includes(w)) || /^#?(skip|skip-?link|skip-?to)/i.test(c.hints);
    }) ?? null
  );
}
