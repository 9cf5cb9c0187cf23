// Normalisation and validation of single agency-list values (IDs, service types, free text).
import { normalizeForMatch, normalizeText } from '../text/normalize.ts';
import type { ServiceType } from './model.ts';

export type FieldResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Display text: trimmed, spaces collapsed, ي→ی ك→ک, Persian/Arabic digits to ASCII. */
export function cleanText(raw: string | undefined): string {
  return raw === undefined ? '' : normalizeText(raw);
}

/** IDs: as cleanText, and Excel's ="0123" text-cell form (used to keep leading zeros) unwrapped. */
export function cleanId(raw: string): string {
  const s = cleanText(raw);
  const wrapped = /^="(.*)"$/.exec(s);
  return wrapped ? wrapped[1].trim() : s;
}

// Agency IDs end up in report file names and URLs, so keep them to letters, digits and a few marks.
const AGENCY_ID = /^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u;

export function normalizeAgencyId(raw: string): FieldResult<string> {
  const s = cleanId(raw);
  if (!s) return { ok: false, message: 'agency ID is empty' };
  if (!AGENCY_ID.test(s)) {
    return { ok: false, message: `agency ID "${s}" may contain only letters, digits, ".", "_" and "-"` };
  }
  return { ok: true, value: s };
}

/** Key under which two agency IDs are the same agency ("MOE" and "moe"). */
export function agencyKey(id: string): string {
  return id.toLowerCase();
}

const EXCEL_SCIENTIFIC = /^\d(?:\.\d+)?e\+?\d+$/i;

/** A service ID (شناسه خدمت) is exactly 10 ASCII digits after digit normalisation. */
export function normalizeServiceId(raw: string): FieldResult<string> {
  const s = cleanId(raw);
  if (!s) return { ok: false, message: 'service ID is empty' };
  if (/^\d{10}$/.test(s)) return { ok: true, value: s };
  if (EXCEL_SCIENTIFIC.test(s)) {
    return {
      ok: false,
      message: `service ID "${s}" is in scientific notation (a spreadsheet turned it into a number); format the column as text and enter the 10 digits`,
    };
  }
  const digits = (s.match(/\d/g) ?? []).length;
  if (/^\d+$/.test(s)) {
    const hint = digits === 9 ? ' (a spreadsheet may have dropped a leading zero)' : '';
    return { ok: false, message: `service ID "${s}" has ${digits} digits; it must have exactly 10${hint}` };
  }
  return {
    ok: false,
    message: `service ID "${s}" must be exactly 10 digits; it has ${digits} digit${digits === 1 ? '' : 's'} and other characters`,
  };
}

// Compared after normalizeForMatch with spaces removed, so "کسب‌وکار", "کسب و کار" and "كسب وكار" all match.
const SERVICE_TYPES: Record<string, ServiceType> = {
  g2c: 'G2C',
  شهروند: 'G2C',
  شهروندان: 'G2C',
  شهروندی: 'G2C',
  دولتبهشهروند: 'G2C',
  g2b: 'G2B',
  کسبوکار: 'G2B',
  کسبوکارها: 'G2B',
  دولتبهکسبوکار: 'G2B',
  g2g: 'G2G',
  دولت: 'G2G',
  دولتی: 'G2G',
  دولتبهدولت: 'G2G',
};

export function normalizeServiceType(raw: string): FieldResult<ServiceType> {
  const key = normalizeForMatch(raw).replace(/[\s_-]+/g, '');
  if (!key) return { ok: false, message: 'service type is empty; expected G2C, G2B or G2G' };
  const t = SERVICE_TYPES[key];
  if (t) return { ok: true, value: t };
  return {
    ok: false,
    message: `unknown service type "${cleanText(raw)}"; expected G2C, G2B or G2G (or شهروند, کسب و کار, دولت)`,
  };
}

// The `main` mark of a service: yes/no in English or Persian, 1/0, true/false, or a tick.
const MAIN_YES = new Set([
  'yes',
  'y',
  'true',
  '1',
  'x',
  '✓',
  '✔',
  '*',
  'main',
  'بله',
  'بلی',
  'آری',
  'اری',
  'اصلی',
  'هست',
]);
const MAIN_NO = new Set(['no', 'n', 'false', '0', '-', 'خیر', 'نه', 'فرعی']);

/** Reads a service's main mark; empty means not marked. */
export function normalizeMainMark(raw: string | undefined): FieldResult<boolean> {
  const key = normalizeForMatch(raw ?? '');
  if (key === '' || MAIN_NO.has(key)) return { ok: true, value: false };
  if (MAIN_YES.has(key)) return { ok: true, value: true };
  return {
    ok: false,
    message: `main mark "${cleanText(raw)}" is not yes or no; write yes (بله) for a main service, or leave it empty`,
  };
}
