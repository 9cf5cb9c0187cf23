// JSON and YAML agency lists: { agencies: [ { id, name, name_en?, parent?, portal_url, services: [...] } ] }
// or a bare list of agencies. Problems name the path of the value, e.g. agencies[2].services[0].id.
import type { AgencyRecord, ProblemCollector, RawField, ServiceRecord } from './records.ts';

export type PathSegment = string | number;
/** Line of the value at a path, when the source can tell. */
export type Locate = (path: PathSegment[]) => number | undefined;

export function formatPath(path: PathSegment[]): string {
  let s = '';
  for (const seg of path) s += typeof seg === 'number' ? `[${seg}]` : s ? `.${seg}` : seg;
  return s;
}

const keyOf = (k: string) => k.toLowerCase().replace(/[\s_-]+/g, '');

const AGENCY_KEYS: Record<string, 'id' | 'name' | 'nameEn' | 'parent' | 'portalUrl' | 'services'> = {
  id: 'id',
  name: 'name',
  namefa: 'name',
  nameen: 'nameEn',
  parent: 'parent',
  portalurl: 'portalUrl',
  services: 'services',
};
const SERVICE_KEYS: Record<string, 'id' | 'title' | 'url' | 'type' | 'main'> = {
  id: 'id',
  title: 'title',
  url: 'url',
  type: 'type',
  main: 'main',
  ismain: 'main',
  mainservice: 'main',
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export interface TreeOptions {
  /** YAML read with the failsafe schema gives every scalar as text: "~" and "null" then mean absent. */
  nullWords: boolean;
}

export function readTreeRecords(
  root: unknown,
  locate: Locate,
  out: ProblemCollector,
  opts: TreeOptions,
): AgencyRecord[] {
  const at = (path: PathSegment[]): RawField => ({
    value: undefined,
    where: formatPath(path),
    field: String(path[path.length - 1] ?? 'agencies'),
    locate: () => locateNearest(locate, path),
  });

  let list: unknown;
  let base: PathSegment[];
  if (Array.isArray(root)) {
    list = root;
    base = [];
  } else if (isObject(root)) {
    const key = Object.keys(root).find((k) => keyOf(k) === 'agencies');
    if (!key) {
      out.add({ ...at([]), field: 'agencies' }, 'expected an "agencies" list at the top level');
      return [];
    }
    for (const k of Object.keys(root)) if (k !== key) out.warn(at([k]), `unknown key "${k}" is ignored`);
    list = root[key];
    base = [key];
  } else {
    out.add(
      { ...at([]), field: 'agencies' },
      'expected an object with an "agencies" list, or a list of agencies',
    );
    return [];
  }
  if (!Array.isArray(list)) {
    out.add(at(base), 'agencies must be a list');
    return [];
  }

  const scalar = (
    obj: Record<string, unknown>,
    key: string | undefined,
    path: PathSegment[],
    yesNo = false,
  ): RawField => {
    const f = at(path);
    const v = key === undefined ? undefined : obj[key];
    if (v === undefined || v === null) return f;
    if (yesNo && typeof v === 'boolean') return { ...f, value: String(v) };
    if (typeof v === 'string') {
      const absent = opts.nullWords && /^(~|null)?$/i.test(v.trim());
      return { ...f, value: absent ? undefined : v };
    }
    if (typeof v === 'number' && Number.isFinite(v)) return { ...f, value: String(v) };
    out.add(f, `must be text, not ${Array.isArray(v) ? 'a list' : typeof v}`);
    return { ...f, skip: true };
  };

  const records: AgencyRecord[] = [];
  list.forEach((item, i) => {
    const path = [...base, i];
    if (!isObject(item)) {
      out.add(at(path), 'each agency must be an object with id, name, portal_url and services');
      return;
    }
    const keys: Partial<Record<(typeof AGENCY_KEYS)[string], string>> = {};
    for (const k of Object.keys(item)) {
      const known = AGENCY_KEYS[keyOf(k)];
      if (known && keys[known] === undefined) keys[known] = k;
      else out.warn(at([...path, k]), `unknown key "${k}" is ignored`);
    }
    const field = (name: Exclude<keyof typeof keys, 'services'>, fallback: string) =>
      scalar(item, keys[name], [...path, keys[name] ?? fallback]);

    const services: ServiceRecord[] = [];
    const svcKey = keys.services;
    const svcList = svcKey === undefined ? undefined : item[svcKey];
    if (svcKey !== undefined && svcList !== undefined && svcList !== null && !Array.isArray(svcList)) {
      if (!(opts.nullWords && typeof svcList === 'string' && /^(~|null)?$/i.test(svcList.trim()))) {
        out.add(at([...path, svcKey]), 'services must be a list');
      }
    } else if (Array.isArray(svcList) && svcKey !== undefined) {
      svcList.forEach((s, j) => {
        const sp = [...path, svcKey, j];
        if (!isObject(s)) {
          out.add(at(sp), 'each service must be an object with id, title, url and type');
          return;
        }
        const sk: Partial<Record<'id' | 'title' | 'url' | 'type' | 'main', string>> = {};
        for (const k of Object.keys(s)) {
          const known = SERVICE_KEYS[keyOf(k)];
          if (known && sk[known] === undefined) sk[known] = k;
          else out.warn(at([...sp, k]), `unknown key "${k}" is ignored`);
        }
        const sf = (name: 'id' | 'title' | 'url' | 'type') => scalar(s, sk[name], [...sp, sk[name] ?? name]);
        services.push({
          id: sf('id'),
          title: sf('title'),
          url: sf('url'),
          type: sf('type'),
          main: scalar(s, sk.main, [...sp, sk.main ?? 'main'], true),
        });
      });
    }

    records.push({
      id: field('id', 'id'),
      name: field('name', 'name'),
      nameEn: field('nameEn', 'name_en'),
      parent: field('parent', 'parent'),
      portalUrl: field('portalUrl', 'portal_url'),
      services,
    });
  });
  return records;
}

/** The line of the value, or of the nearest enclosing value that exists (for a missing key). */
function locateNearest(locate: Locate, path: PathSegment[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const line = locate(path.slice(0, n));
    if (line !== undefined) return line;
  }
  return undefined;
}
