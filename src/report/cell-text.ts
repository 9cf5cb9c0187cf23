// Text that goes into spreadsheet files. Crawled text is hostile: it must never run as a formula in
// any Excel locale (where the list separator may be ";" and fields may be split on tabs), and it
// must never carry characters XML 1.0 forbids, which make Excel refuse the whole workbook.

/**
 * Characters that start a formula when a spreadsheet reads a cell: = + - @ (and their full-width
 * forms, which some locales' input methods turn into the ASCII ones), tab, CR and LF.
 */
const FORMULA_START = /^[\s\u00a0]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/;

/** A leading apostrophe makes a spreadsheet show the text as it is instead of evaluating it. */
export function guardFormula(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/**
 * One CSV field: formula-guarded, and quoted when it holds a quote, a separator of any locale
 * (comma, semicolon, tab), a line break or edge spaces.
 */
export function csvText(s: string): string {
  const t = guardFormula(xmlSafe(s));
  return /[",;\t\r\n]/.test(t) || t !== t.trim() ? `"${t.replace(/"/g, '""')}"` : t;
}

// C0 controls other than tab, LF and CR; U+FFFE, U+FFFF; surrogates not in a pair.
const XML_FORBIDDEN = new RegExp(
  '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\ufffe\\uffff]' +
    '|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]',
  'g',
);

/** Text with every character XML 1.0 forbids removed (what an XLSX cell may hold). */
export function xmlSafe(s: string): string {
  return s.replace(XML_FORBIDDEN, '');
}
