// Source-independent assembly: CSV rows or JSON/YAML objects become validated agencies, and every
// problem is collected with the place it came from.
import type { Agency, ListProblem, Service } from './model.ts';
import {
  agencyKey,
  cleanText,
  normalizeAgencyId,
  normalizeMainMark,
  normalizeServiceId,
  normalizeServiceType,
} from './fields.ts';
import { normalizeUrl } from './url.ts';
import { persianScriptRatio } from '../text/normalize.ts';

/** One value as it appeared in the source, with where it came from. */
export interface RawField {
  /** undefined when the key or column is absent. */
  value: string | undefined;
  /** CSV: the line number as text; JSON/YAML: the path of the value, e.g. agencies[2].services[0].id */
  where: string;
  /** The column header as written in the file, or the JSON/YAML key. */
  field: string;
  line?: number;
  /** Finds the line on demand (JSON/YAML), so that only values with a problem pay for it. */
  locate?: () => number | undefined;
  /** Absent CSV column or unusable value that is already reported: no further checks on it. */
  skip?: boolean;
}

export interface ServiceRecord {
  id: RawField;
  title: RawField;
  url: RawField;
  type: RawField;
  /** Optional: marks a main service of the agency (absent column or key: not marked). */
  main?: RawField;
}

export interface AgencyRecord {
  id: RawField;
  name: RawField;
  nameEn: RawField;
  parent: RawField;
  portalUrl: RawField;
  services: ServiceRecord[];
}

/**
 * rows: a CSV, one record per row; rows of the same agency ID are merged and must agree.
 * tree: JSON/YAML, one record per agency; a repeated agency ID is a duplicate.
 */
export type RecordMode = 'rows' | 'tree';

type Place = Pick<RawField, 'where' | 'field' | 'line' | 'locate'>;

export const lineOf = (at: Place): number | undefined => at.line ?? at.locate?.();

/** Collects problems and warnings in the order they are found. */
export class ProblemCollector {
  readonly problems: ListProblem[] = [];
  readonly warnings: ListProblem[] = [];
  constructor(readonly file: string) {}

  add(at: Place, message: string): void {
    this.problems.push(this.make(at, message));
  }

  warn(at: Place, message: string): void {
    this.warnings.push(this.make(at, message));
  }

  private make(at: Place, message: string): ListProblem {
    const p: ListProblem = { file: this.file, where: at.where, field: at.field, message };
    const line = lineOf(at);
    if (line !== undefined) p.line = line;
    return p;
  }
}

type AgencyTextKey = 'nameFa' | 'nameEn' | 'parent' | 'portalUrl';

interface Group {
  agency: Agency;
  first: AgencyRecord;
  /** The record that supplied each agency value, to name it in conflicts. */
  source: Partial<Record<AgencyTextKey, RawField>>;
  portalInvalid: boolean;
}

const present = (f: RawField) => !f.skip && f.value !== undefined && f.value.trim() !== '';

export function assembleAgencies(records: AgencyRecord[], mode: RecordMode, out: ProblemCollector): Agency[] {
  const groups = new Map<string, Group>();
  const serviceSeen = new Map<string, RawField>();
  const ref = (f: RawField) => {
    const line = lineOf(f);
    return mode === 'rows' ? `on line ${line}` : line ? `at ${f.where}, line ${line}` : `at ${f.where}`;
  };
  let previousKey: string | undefined;

  for (const rec of records) {
    const id = rec.id.skip ? undefined : normalizeAgencyId(rec.id.value ?? '');
    if (id && !id.ok) out.add(rec.id, id.message);
    const values = readAgencyValues(rec, out);

    let group: Group | undefined;
    let key: string | undefined;
    if (id?.ok) {
      key = agencyKey(id.value);
      const existing = groups.get(key);
      if (!existing) {
        group = {
          agency: { id: id.value, nameFa: '', portalUrl: '', services: [] },
          first: rec,
          source: {},
          portalInvalid: false,
        };
        groups.set(key, group);
      } else if (mode === 'rows') {
        group = existing;
      } else {
        out.add(rec.id, `duplicate agency ID "${id.value}" (also ${ref(existing.first.id)})`);
      }
      if (group) {
        mergeValues(group, rec, values, previousKey === key || group.first === rec, out, ref);
        if (values.portalInvalid) group.portalInvalid = true;
      }
    }
    previousKey = key;

    for (const s of rec.services) {
      const service = readService(s, out, serviceSeen, ref);
      if (service && group) group.agency.services.push(service);
    }
  }

  for (const g of groups.values()) {
    if (!g.agency.nameFa && !g.first.name.skip) out.add(g.first.name, 'agency name is empty');
    if (!g.agency.portalUrl && !g.portalInvalid && !g.first.portalUrl.skip) {
      out.add(g.first.portalUrl, 'portal URL is empty');
    }
    const ratio = g.agency.nameFa ? persianScriptRatio(g.agency.nameFa) : null;
    if (ratio !== null && ratio < 0.5) {
      out.warn(g.source.nameFa ?? g.first.name, `agency name "${g.agency.nameFa}" is not in Persian`);
    }
  }
  return [...groups.values()].map(({ agency: a }) => {
    // Fixed key order and no empty optional keys, so the JSON of a list reads the same every time.
    return {
      id: a.id,
      nameFa: a.nameFa,
      ...(a.nameEn ? { nameEn: a.nameEn } : {}),
      ...(a.parent ? { parent: a.parent } : {}),
      portalUrl: a.portalUrl,
      services: a.services,
    };
  });
}

interface AgencyValues {
  nameFa?: string;
  nameEn?: string;
  parent?: string;
  portalUrl?: string;
  portalInvalid: boolean;
}

function readAgencyValues(rec: AgencyRecord, out: ProblemCollector): AgencyValues {
  const v: AgencyValues = { portalInvalid: false };
  const text = (f: RawField) => (present(f) ? cleanText(f.value) || undefined : undefined);
  v.nameFa = text(rec.name);
  v.nameEn = text(rec.nameEn);
  v.parent = text(rec.parent);
  if (present(rec.portalUrl)) {
    const u = normalizeUrl(rec.portalUrl.value ?? '');
    if (u.ok) v.portalUrl = u.url;
    else {
      out.add(rec.portalUrl, u.message);
      v.portalInvalid = true;
    }
  }
  return v;
}

const FIELD_OF: Record<AgencyTextKey, keyof AgencyRecord> = {
  nameFa: 'name',
  nameEn: 'nameEn',
  parent: 'parent',
  portalUrl: 'portalUrl',
};

/** Fill the agency from a record; values already set must agree (a CSV repeats them on every row). */
function mergeValues(
  g: Group,
  rec: AgencyRecord,
  values: AgencyValues,
  adjacent: boolean,
  out: ProblemCollector,
  ref: (f: RawField) => string,
): void {
  for (const k of ['nameFa', 'nameEn', 'parent', 'portalUrl'] as const) {
    const value = values[k];
    if (value === undefined) continue;
    const here = rec[FIELD_OF[k]] as RawField;
    const current = g.agency[k];
    if (!current) {
      g.agency[k] = value;
      g.source[k] = here;
    } else if (current !== value) {
      const there = g.source[k] as RawField;
      out.add(
        here,
        adjacent
          ? `"${value}" differs from the value ${ref(there)} ("${current}") for agency ID "${g.agency.id}"; ` +
              `an agency's columns must be the same on all its rows`
          : `duplicate agency ID "${g.agency.id}": "${value}" here but "${current}" ${ref(there)}`,
      );
    }
  }
}

function readService(
  s: ServiceRecord,
  out: ProblemCollector,
  seen: Map<string, RawField>,
  ref: (f: RawField) => string,
): Service | undefined {
  const idGiven = present(s.id);
  const urlGiven = present(s.url);
  if (!idGiven && !urlGiven) {
    if (!s.id.skip && !s.url.skip) {
      out.add(s.id, 'service has a title or type but no service ID and no service URL');
    }
    return undefined;
  }
  let ok = !(s.id.skip || s.url.skip || s.title.skip || s.type.skip);
  if (!idGiven && !s.id.skip) {
    out.add(s.id, 'service URL is given but the service ID is empty');
    ok = false;
  }
  if (!urlGiven && !s.url.skip) {
    out.add(s.url, 'service ID is given but the service URL is empty');
    ok = false;
  }

  let id = '';
  if (idGiven) {
    const r = normalizeServiceId(s.id.value ?? '');
    if (!r.ok) {
      out.add(s.id, r.message);
      ok = false;
    } else {
      id = r.value;
      const before = seen.get(id);
      if (before) {
        out.add(s.id, `duplicate service ID ${id} (also ${ref(before)})`);
        ok = false;
      } else {
        seen.set(id, s.id);
      }
    }
  }

  let url = '';
  if (urlGiven) {
    const r = normalizeUrl(s.url.value ?? '');
    if (r.ok) url = r.url;
    else {
      out.add(s.url, r.message);
      ok = false;
    }
  }

  const title = cleanText(s.title.value);
  if (!title && !s.title.skip) {
    out.add(s.title, 'service title is empty');
    ok = false;
  }

  let type: Service['type'] = 'G2C';
  if (!s.type.skip) {
    const r = normalizeServiceType(s.type.value ?? '');
    if (r.ok) type = r.value;
    else {
      out.add(s.type, r.message);
      ok = false;
    }
  }
  let main = false;
  if (s.main && !s.main.skip) {
    const r = normalizeMainMark(s.main.value);
    if (r.ok) main = r.value;
    else {
      out.add(s.main, r.message);
      ok = false;
    }
  }
  return ok ? { id, title, url, type, ...(main ? { main: true as const } : {}) } : undefined;
}
