// CSV agency lists: one row per service, the agency's columns repeated; English or Persian headers.
import { normalizeForMatch } from '../text/normalize.ts';
import { parseCsv } from './csv.ts';
import type { AgencyRecord, ProblemCollector, RawField, ServiceRecord } from './records.ts';

export type Column =
  | 'agency_id'
  | 'agency_name'
  | 'agency_name_en'
  | 'parent'
  | 'portal_url'
  | 'service_id'
  | 'service_title'
  | 'service_url'
  | 'service_type'
  | 'main';

/** Accepted header names per column. Matching ignores case, spaces, dashes, underscores, ZWNJ and ي/ی ك/ک. */
export const COLUMN_NAMES: Record<Column, string[]> = {
  agency_id: ['agency_id', 'شناسه دستگاه', 'کد دستگاه'],
  agency_name: ['agency_name', 'agency_name_fa', 'نام دستگاه', 'نام فارسی دستگاه', 'نام فارسی'],
  agency_name_en: ['agency_name_en', 'نام انگلیسی', 'نام انگلیسی دستگاه'],
  parent: ['parent', 'parent_agency', 'دستگاه مادر', 'دستگاه بالادستی', 'دستگاه متبوع'],
  portal_url: [
    'portal_url',
    'نشانی پرتال',
    'آدرس پرتال',
    'نشانی درگاه',
    'آدرس درگاه',
    'نشانی وبگاه',
    'آدرس وبگاه',
  ],
  service_id: ['service_id', 'شناسه خدمت', 'کد خدمت'],
  service_title: ['service_title', 'عنوان خدمت', 'نام خدمت'],
  service_url: ['service_url', 'نشانی خدمت', 'آدرس خدمت', 'نشانی صفحه خدمت', 'آدرس صفحه خدمت'],
  service_type: ['service_type', 'نوع خدمت'],
  main: ['main', 'main_service', 'is_main', 'خدمت اصلی', 'اصلی'],
};

const AGENCY_COLUMNS: Column[] = ['agency_id', 'agency_name', 'portal_url'];
const SERVICE_COLUMNS: Column[] = ['service_id', 'service_title', 'service_url', 'service_type'];

export function headerKey(header: string): string {
  return normalizeForMatch(header).replace(/[\s_.-]+/g, '');
}

const COLUMN_BY_KEY = new Map<string, Column>(
  (Object.entries(COLUMN_NAMES) as [Column, string[]][]).flatMap(([col, names]) =>
    names.map((n) => [headerKey(n), col] as [string, Column]),
  ),
);

export function columnOf(header: string): Column | undefined {
  return COLUMN_BY_KEY.get(headerKey(header));
}

const blank = (fields: string[]) => fields.every((f) => f.trim() === '');

export function readCsvRecords(text: string, out: ProblemCollector): AgencyRecord[] {
  const parsed = parseCsv(text);
  for (const p of parsed.problems) out.add({ where: String(p.line), field: 'csv', line: p.line }, p.message);
  const rows = parsed.records.filter((r) => !blank(r.fields));
  const header = rows.shift();
  if (!header) {
    out.add({ where: '', field: 'file' }, 'the file is empty; expected a header row and one row per service');
    return [];
  }

  const at = (line: number, field: string) => ({ where: String(line), field, line });
  const index = new Map<Column, number>();
  const label = new Map<Column, string>();
  header.fields.forEach((raw, i) => {
    const name = raw.trim();
    const col = columnOf(name);
    if (!col) {
      if (name) out.warn(at(header.line, name), `unknown column "${name}" (column ${i + 1}) is ignored`);
      return;
    }
    const earlier = index.get(col);
    if (earlier !== undefined) {
      out.add(at(header.line, col), `column ${col} appears twice (columns ${earlier + 1} and ${i + 1})`);
      return;
    }
    index.set(col, i);
    label.set(col, name);
  });

  if (index.size === 0) {
    out.add(
      at(header.line, 'header'),
      `the first row is not a header; expected columns such as agency_id, agency_name, portal_url` +
        ` (separator detected: ${parsed.delimiter === '\t' ? 'tab' : `"${parsed.delimiter}"`})`,
    );
    return [];
  }

  const anyService = SERVICE_COLUMNS.some((c) => index.has(c));
  const required = anyService ? [...AGENCY_COLUMNS, ...SERVICE_COLUMNS] : AGENCY_COLUMNS;
  for (const col of required) {
    if (!index.has(col)) {
      const others = COLUMN_NAMES[col].slice(1).join('، ');
      out.add(at(header.line, col), `required column "${col}" is missing (Persian header: ${others})`);
    }
  }
  const records: AgencyRecord[] = [];
  for (const row of rows) {
    const extra = row.fields.slice(header.fields.length).filter((f) => f.trim() !== '');
    if (extra.length > 0) {
      out.add(
        at(row.line, 'row'),
        `row has ${row.fields.length} fields but the header has ${header.fields.length}; ` +
          `put a value that contains the separator in double quotes`,
      );
    }
    const cell = (col: Column): RawField => {
      const i = index.get(col);
      const f: RawField = {
        value: i === undefined ? undefined : (row.fields[i] ?? ''),
        ...at(row.line, label.get(col) ?? col),
      };
      if (i === undefined) f.skip = true;
      return f;
    };
    const service: ServiceRecord = {
      id: cell('service_id'),
      title: cell('service_title'),
      url: cell('service_url'),
      type: cell('service_type'),
      main: cell('main'),
    };
    const hasService = Object.values(service).some((f: RawField) => (f.value ?? '').trim() !== '');
    records.push({
      id: cell('agency_id'),
      name: cell('agency_name'),
      nameEn: cell('agency_name_en'),
      parent: cell('parent'),
      portalUrl: cell('portal_url'),
      services: hasService ? [service] : [],
    });
  }
  return records;
}
