// Validates a parsed checklist file. Every problem is collected and reported with the file and the
// path inside it (e.g. `indicators[3].options[1].when: unknown operator "=>"`), not just the first.
import { ChecklistError, type Problem } from './errors.ts';
import { DERIVATIONS } from './facts.ts';
import type {
  Aggregate,
  Band,
  Bilingual,
  Checklist,
  CompareOp,
  Condition,
  FactRead,
  FactSource,
  FactValue,
  Indicator,
  Level,
  Method,
  Operand,
  NotApplicablePolicy,
  TakesResultOf,
  Option,
  Priority,
  ServiceScope,
} from './types.ts';

const LEVELS: Level[] = ['service', 'portal', 'agency'];
const METHODS: Method[] = ['auto', 'site', 'decl'];
const OPS: CompareOp[] = ['>', '>=', '<', '<=', '==', '!='];
const SOURCES: FactSource[] = ['self', 'portal', 'services', 'host', 'portal-and-services'];
const AGGREGATES: Aggregate[] = ['mean', 'min', 'max', 'all', 'any', 'first', 'worst'];
const SCOPES: ServiceScope[] = ['all-services', 'main-service'];

// The keys each map of a checklist may have: anything else is a mistake (a misspelt key, or a label cut
// at an unquoted comma in a YAML flow map) and is reported with its path.
const KEYS = {
  top: ['id', 'title', 'period', 'source', 'settings', 'measure', 'priorities', 'bands', 'indicators'],
  priority: ['id', 'title', 'weight'],
  band: ['id', 'label', 'min'],
  indicator: [
    'id',
    'title',
    'priority',
    'level',
    'weight',
    'weightDerived',
    'appliesToG2G',
    'method',
    'withoutServices',
    'notApplicable',
    'takesResultOf',
    'settings',
    'facts',
    'requires',
    'note',
    'options',
  ],
  option: ['value', 'label', 'when'],
  bilingual: ['fa', 'en'],
  factRead: ['from', 'over', 'aggregate', 'fallback', 'derive', 'order'],
} as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown) => v === null || ['number', 'string', 'boolean'].includes(typeof v);

class Collector {
  readonly problems: Problem[] = [];
  constructor(readonly file: string) {}
  add(where: string, message: string): void {
    this.problems.push({ file: this.file, where, message });
  }
  /** Reports every key of `o` that is not in `known`. */
  keys(o: Obj, known: readonly string[], where: string): void {
    for (const k of Object.keys(o))
      if (!known.includes(k))
        this.add(
          `${where}${where ? '.' : ''}${k.trim() ? k : JSON.stringify(k)}`,
          `unknown key "${k}" (expected ${known.join(', ')})`,
        );
  }
}

function str(c: Collector, o: Obj, key: string, where: string, required = true): string | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') {
    if (required) c.add(`${where}${where ? '.' : ''}${key}`, 'is required');
    return undefined;
  }
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') {
    c.add(`${where}${where ? '.' : ''}${key}`, `expected text, got ${JSON.stringify(v)}`);
    return undefined;
  }
  return v;
}

function num(c: Collector, o: Obj, key: string, where: string): number | undefined {
  const v = o[key];
  const path = `${where}.${key}`;
  if (v === undefined) {
    c.add(path, 'is required');
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    c.add(path, `expected a number, got ${JSON.stringify(v)}`);
    return undefined;
  }
  return v;
}

function bilingual(c: Collector, v: unknown, where: string): Bilingual {
  if (!isObj(v)) {
    c.add(where, 'expected { fa: ..., en: ... }');
    return { fa: '', en: '' };
  }
  c.keys(v, KEYS.bilingual, where);
  return { fa: str(c, v, 'fa', where) ?? '', en: str(c, v, 'en', where) ?? '' };
}

function settings(c: Collector, v: unknown, where: string): Record<string, number | string | boolean> {
  if (v === undefined) return {};
  if (!isObj(v)) {
    c.add(where, 'expected a map of settings');
    return {};
  }
  const out: Record<string, number | string | boolean> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'number' || typeof val === 'string' || typeof val === 'boolean') out[k] = val;
    else c.add(`${where}.${k}`, 'a setting must be a number, text or true/false');
  }
  return out;
}

/** Page sets a measurement can serve (see `measure:` in docs/scoring.md). */
export const MEASURE_SCOPES = ['portal', 'main-service', 'services'] as const;
export type MeasureScope = (typeof MEASURE_SCOPES)[number];

/** `measure:` maps a probe id to the pages it serves, e.g. lighthouse: [portal, main-service]. */
function measure(c: Collector, v: unknown, where: string): Record<string, MeasureScope[]> {
  if (v === undefined) return {};
  if (!isObj(v)) {
    c.add(where, 'expected a map from probe id to a list of: ' + MEASURE_SCOPES.join(', '));
    return {};
  }
  const out: Record<string, MeasureScope[]> = {};
  for (const [probe, list] of Object.entries(v)) {
    if (!Array.isArray(list) || list.length === 0) {
      c.add(`${where}.${probe}`, 'expected a non-empty list of: ' + MEASURE_SCOPES.join(', '));
      continue;
    }
    for (const [i, x] of list.entries())
      if (!MEASURE_SCOPES.includes(x as MeasureScope))
        c.add(`${where}.${probe}[${i}]`, `"${String(x)}" is not one of ${MEASURE_SCOPES.join(', ')}`);
    out[probe] = list.filter((x): x is MeasureScope => MEASURE_SCOPES.includes(x as MeasureScope));
  }
  return out;
}

const FACT_NAME = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/;

function operand(c: Collector, v: unknown, where: string, known: Set<string>): Operand | undefined {
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (isObj(v) && typeof v.setting === 'string' && Object.keys(v).length === 1) {
    if (!known.has(v.setting)) c.add(where, `unknown setting "${v.setting}"`);
    return { setting: v.setting };
  }
  c.add(where, `expected a number, text, true/false or { setting: name }, got ${JSON.stringify(v)}`);
  return undefined;
}

/** Validates one condition; `known` holds the setting names it may reference. */
function parseCondition(c: Collector, v: unknown, where: string, known: Set<string>): Condition | undefined {
  if (!isObj(v)) {
    c.add(where, 'a condition must be a map such as { fact: speed.score, op: ">", value: 90 }');
    return undefined;
  }
  const keys = Object.keys(v);
  const list = (k: 'all' | 'any'): Condition | undefined => {
    const arr = v[k];
    if (!Array.isArray(arr) || arr.length === 0) {
      c.add(`${where}.${k}`, 'expected a non-empty list of conditions');
      return undefined;
    }
    const parts = arr.map((x, i) => parseCondition(c, x, `${where}.${k}[${i}]`, known));
    if (parts.some((p) => !p)) return undefined;
    return k === 'all' ? { all: parts as Condition[] } : { any: parts as Condition[] };
  };
  if ('all' in v || 'any' in v || 'not' in v || 'otherwise' in v) {
    if (keys.length !== 1) {
      c.add(
        where,
        `"${keys[0]}" cannot be combined with ${keys
          .slice(1)
          .map((k) => `"${k}"`)
          .join(', ')}`,
      );
      return undefined;
    }
    if ('all' in v) return list('all');
    if ('any' in v) return list('any');
    if ('not' in v) {
      const inner = parseCondition(c, v.not, `${where}.not`, known);
      return inner ? { not: inner } : undefined;
    }
    if (v.otherwise !== true) {
      c.add(`${where}.otherwise`, 'must be true');
      return undefined;
    }
    return { otherwise: true };
  }
  if (typeof v.fact !== 'string' || !FACT_NAME.test(v.fact)) {
    c.add(
      `${where}.fact`,
      v.fact === undefined
        ? 'is required (or use all / any / not / otherwise)'
        : `"${String(v.fact)}" is not a dotted fact name`,
    );
    return undefined;
  }
  const fact = v.fact;
  const rest = keys.filter((k) => k !== 'fact');
  if ('op' in v) {
    const extra = rest.filter((k) => k !== 'op' && k !== 'value');
    if (extra.length) c.add(where, `unexpected key "${extra[0]}" next to op`);
    if (!OPS.includes(v.op as CompareOp)) {
      c.add(`${where}.op`, `unknown operator "${String(v.op)}" (expected one of ${OPS.join(' ')})`);
      return undefined;
    }
    if (!('value' in v)) {
      c.add(`${where}.value`, 'is required with op');
      return undefined;
    }
    const val = operand(c, v.value, `${where}.value`, known);
    return val === undefined ? undefined : { fact, op: v.op as CompareOp, value: val };
  }
  if ('eq' in v && rest.length === 1) {
    if (!isScalar(v.eq)) {
      c.add(`${where}.eq`, 'expected a number, text, true/false or null');
      return undefined;
    }
    return { fact, eq: v.eq as FactValue };
  }
  if ('in' in v && rest.length === 1) {
    if (!Array.isArray(v.in) || v.in.length === 0 || !v.in.every(isScalar)) {
      c.add(`${where}.in`, 'expected a non-empty list of values');
      return undefined;
    }
    return { fact, in: v.in as (number | string | boolean | null)[] };
  }
  if ('exists' in v && rest.length === 1) {
    if (typeof v.exists !== 'boolean') {
      c.add(`${where}.exists`, 'must be true or false');
      return undefined;
    }
    return { fact, exists: v.exists };
  }
  c.add(
    where,
    `a fact condition needs exactly one of op+value, eq, in, exists (got ${rest.map((k) => `"${k}"`).join(', ') || 'none'})`,
  );
  return undefined;
}

function factReads(c: Collector, v: unknown, where: string, level: Level): Record<string, FactRead> {
  if (v === undefined) return {};
  if (!isObj(v)) {
    c.add(where, 'expected a map from fact name to { from, aggregate, fallback }');
    return {};
  }
  const out: Record<string, FactRead> = {};
  for (const [fact, spec] of Object.entries(v)) {
    const w = `${where}.${fact}`;
    if (!FACT_NAME.test(fact)) c.add(w, `"${fact}" is not a dotted fact name`);
    if (!isObj(spec)) {
      c.add(w, 'expected { from, aggregate, fallback }');
      continue;
    }
    c.keys(spec, KEYS.factRead, w);
    const from = (spec.from ?? 'self') as FactSource;
    if (!SOURCES.includes(from))
      c.add(`${w}.from`, `unknown source "${String(spec.from)}" (expected ${SOURCES.join(', ')})`);
    const aggregate = (spec.aggregate ?? (from === 'services' ? 'mean' : 'first')) as Aggregate;
    let order: string[] | undefined;
    if (aggregate === 'worst') {
      if (!Array.isArray(spec.order) || !spec.order.length || !spec.order.every((x) => typeof x === 'string'))
        c.add(`${w}.order`, 'aggregate "worst" needs order: the values from worst to best');
      else order = spec.order as string[];
    } else if (spec.order !== undefined) c.add(`${w}.order`, 'order is only read by aggregate "worst"');
    if (!AGGREGATES.includes(aggregate))
      c.add(
        `${w}.aggregate`,
        `unknown aggregate "${String(spec.aggregate)}" (expected ${AGGREGATES.join(', ')})`,
      );
    const fallback =
      spec.fallback === undefined || spec.fallback === null || spec.fallback === 'none'
        ? null
        : (spec.fallback as FactSource);
    if (fallback && !SOURCES.includes(fallback))
      c.add(`${w}.fallback`, `unknown source "${String(spec.fallback)}"`);
    if ((from === 'services' || from === 'portal-and-services') && level === 'service')
      c.add(`${w}.from`, 'a service-level indicator reads its own service page; use "self"');
    let over: ServiceScope | undefined;
    if (spec.over !== undefined) {
      if (!SCOPES.includes(spec.over as ServiceScope))
        c.add(`${w}.over`, `unknown scope "${String(spec.over)}" (expected ${SCOPES.join(', ')})`);
      else if (
        from !== 'services' &&
        from !== 'portal-and-services' &&
        from !== 'host' &&
        fallback !== 'services' &&
        fallback !== 'host'
      )
        c.add(`${w}.over`, 'only a read from "services" or "host" chooses which service pages it reads');
      else over = spec.over as ServiceScope;
    }
    let derive: string | undefined;
    if (spec.derive !== undefined) {
      if (typeof spec.derive !== 'string' || !(spec.derive in DERIVATIONS))
        c.add(
          `${w}.derive`,
          `unknown function "${String(spec.derive)}" (known: ${Object.keys(DERIVATIONS).join(', ')})`,
        );
      else derive = spec.derive;
    }
    out[fact] = {
      from,
      ...(over ? { over } : {}),
      aggregate,
      ...(order ? { order } : {}),
      fallback,
      ...(derive ? { derive } : {}),
    };
  }
  return out;
}

function option(c: Collector, v: unknown, where: string, known: Set<string>): Option | undefined {
  if (!isObj(v)) {
    c.add(where, 'expected { value, label: { fa, en }, when }');
    return undefined;
  }
  c.keys(v, KEYS.option, where);
  const value = num(c, v, 'value', where);
  if (value !== undefined && (value < 0 || value > 1))
    c.add(`${where}.value`, `must be between 0 and 1, got ${value}`);
  const label = bilingual(c, v.label, `${where}.label`);
  const when = v.when === undefined ? undefined : parseCondition(c, v.when, `${where}.when`, known);
  return value === undefined ? undefined : { value, label, ...(when ? { when } : {}) };
}

function indicator(
  c: Collector,
  v: unknown,
  where: string,
  priorities: Set<string>,
  globalSettings: Set<string>,
): Indicator | undefined {
  if (!isObj(v)) {
    c.add(where, 'expected an indicator map');
    return undefined;
  }
  c.keys(v, KEYS.indicator, where);
  const id = str(c, v, 'id', where);
  const title = bilingual(c, v.title, `${where}.title`);
  const priority = str(c, v, 'priority', where);
  if (priority && !priorities.has(priority))
    c.add(`${where}.priority`, `unknown priority "${priority}" (declared: ${[...priorities].join(', ')})`);
  const level = v.level as Level;
  if (!LEVELS.includes(level))
    c.add(`${where}.level`, `expected one of ${LEVELS.join(', ')}, got ${JSON.stringify(v.level)}`);
  const weight = num(c, v, 'weight', where);
  if (weight !== undefined && weight < 0) c.add(`${where}.weight`, 'must not be negative');
  if (typeof v.appliesToG2G !== 'boolean') c.add(`${where}.appliesToG2G`, 'must be true or false');
  const method = v.method as Method;
  if (!METHODS.includes(method))
    c.add(`${where}.method`, `expected one of ${METHODS.join(', ')}, got ${JSON.stringify(v.method)}`);
  const own = settings(c, v.settings, `${where}.settings`);
  const known = new Set([...globalSettings, ...Object.keys(own)]);
  const options: Option[] = [];
  if (!Array.isArray(v.options) || v.options.length < 2)
    c.add(`${where}.options`, 'expected a list of at least two options');
  else
    v.options.forEach((o, i) => {
      const parsed = option(c, o, `${where}.options[${i}]`, known);
      if (parsed) options.push(parsed);
    });
  const values = options.map((o) => o.value);
  const dup = values.find((x, i) => values.indexOf(x) !== i);
  if (dup !== undefined) c.add(`${where}.options`, `value ${dup} appears twice`);
  for (let i = 1; i < values.length; i++)
    if (values[i] >= values[i - 1]) {
      c.add(`${where}.options[${i}].value`, 'options must be listed best first (values descending)');
      break;
    }
  // Judge on the raw options so a condition that failed validation is not reported twice.
  if (
    method === 'auto' &&
    Array.isArray(v.options) &&
    v.options.some((o) => isObj(o) && o.when === undefined)
  )
    c.add(`${where}.options`, 'every option of an auto indicator needs a "when" condition');
  const requires =
    v.requires === undefined ? undefined : parseCondition(c, v.requires, `${where}.requires`, known);
  const facts = factReads(c, v.facts, `${where}.facts`, level);
  const withoutServices = v.withoutServices;
  if (withoutServices !== undefined && withoutServices !== 'leave-out' && withoutServices !== 'portal')
    c.add(`${where}.withoutServices`, `expected leave-out or portal, got ${JSON.stringify(withoutServices)}`);
  else if (withoutServices === 'portal' && level !== 'service')
    c.add(`${where}.withoutServices`, 'only a service-level indicator can be left out for lack of services');
  const na = notApplicablePolicy(c, v.notApplicable, `${where}.notApplicable`, options);
  const takes = takesResultOf(c, v.takesResultOf, `${where}.takesResultOf`, options);
  if (id === undefined || priority === undefined || weight === undefined) return undefined;
  return {
    id,
    title,
    priority,
    level,
    weight,
    appliesToG2G: v.appliesToG2G === true,
    method,
    options,
    facts,
    ...(requires ? { requires } : {}),
    settings: own,
    ...(withoutServices === 'portal' ? { withoutServices: 'portal' as const } : {}),
    ...(typeof v.note === 'string' ? { note: v.note } : {}),
    ...(v.weightDerived === true ? { weightDerived: true } : {}),
    ...(na ? { notApplicable: na } : {}),
    ...(takes ? { takesResultOf: takes } : {}),
  };
}

/** `takesResultOf: { checklist, indicator, map: { <their value>: <our value> }, source }` */
function takesResultOf(
  c: Collector,
  v: unknown,
  where: string,
  options: Option[],
): TakesResultOf | undefined {
  if (v === undefined) return undefined;
  const shape =
    'expected { checklist: <id>, indicator: <id>, map: { <their value>: <our value> }, source: "..." }';
  if (!isObj(v)) {
    c.add(where, shape);
    return undefined;
  }
  for (const k of Object.keys(v))
    if (!['checklist', 'indicator', 'map', 'source'].includes(k))
      c.add(`${where}.${k}`, 'unknown key (expected checklist, indicator, map, source)');
  const str = (k: string) =>
    typeof v[k] === 'string' && (v[k] as string).trim() ? (v[k] as string) : undefined;
  if (!str('checklist')) c.add(`${where}.checklist`, 'name the checklist whose result is taken');
  if (v.indicator === undefined || (typeof v.indicator !== 'string' && typeof v.indicator !== 'number'))
    c.add(`${where}.indicator`, 'name the indicator whose result is taken');
  if (!str('source')) c.add(`${where}.source`, 'quote the source of the rule (document, table, text)');
  const map: Record<string, number> = {};
  if (!isObj(v.map) || Object.keys(v.map).length === 0) c.add(`${where}.map`, shape);
  else
    for (const [from, to] of Object.entries(v.map)) {
      if (!Number.isFinite(Number(from)))
        c.add(`${where}.map.${from}`, "keys are the other checklist's option values");
      if (typeof to !== 'number' || !options.some((o) => o.value === to))
        c.add(
          `${where}.map.${from}`,
          `expected one of this indicator's option values (${options.map((o) => o.value).join(', ')}), got ${JSON.stringify(to)}`,
        );
      else map[String(Number(from))] = to;
    }
  if (!str('checklist') || !str('source') || v.indicator === undefined) return undefined;
  return { checklist: str('checklist')!, indicator: String(v.indicator), map, source: str('source')! };
}

/** `notApplicable: { score: omit | <option value>, source: "..." }` */
function notApplicablePolicy(
  c: Collector,
  v: unknown,
  where: string,
  options: Option[],
): NotApplicablePolicy | undefined {
  if (v === undefined) return undefined;
  if (!isObj(v)) {
    c.add(where, 'expected { score: omit | <option value>, source: "<where the rule comes from>" }');
    return undefined;
  }
  for (const k of Object.keys(v))
    if (k !== 'score' && k !== 'source') c.add(`${where}.${k}`, 'unknown key (expected score, source)');
  if (typeof v.source !== 'string' || !v.source.trim())
    c.add(`${where}.source`, 'quote the source of the rule (document, table, text)');
  if (v.score === 'omit') return { value: null, source: String(v.source ?? '') };
  if (typeof v.score !== 'number' || !options.some((o) => o.value === v.score)) {
    c.add(
      `${where}.score`,
      `expected omit or one of the option values (${options.map((o) => o.value).join(', ')}), got ${JSON.stringify(v.score)}`,
    );
    return undefined;
  }
  return { value: v.score, source: String(v.source ?? '') };
}

/** Validates a parsed checklist; throws ChecklistError listing every problem. */
export function validateChecklist(raw: unknown, file: string): Checklist {
  const c = new Collector(file);
  if (!isObj(raw))
    throw new ChecklistError([{ file, where: '', message: 'expected a YAML map at the top level' }]);
  c.keys(raw, KEYS.top, '');
  const id = str(c, raw, 'id', '') ?? '';
  if (id && !/^[a-z0-9][a-z0-9-]*$/.test(id))
    c.add('id', `"${id}" must be lower-case letters, digits and dashes`);
  const title = bilingual(c, raw.title, 'title');
  const period = bilingual(c, raw.period, 'period');
  const global = settings(c, raw.settings, 'settings');
  const measured = measure(c, raw.measure, 'measure');

  const priorities: Priority[] = [];
  if (!Array.isArray(raw.priorities) || raw.priorities.length === 0)
    c.add('priorities', 'expected a non-empty list');
  else
    raw.priorities.forEach((p, i) => {
      const w = `priorities[${i}]`;
      if (!isObj(p)) return c.add(w, 'expected { id, title, weight }');
      c.keys(p, KEYS.priority, w);
      const pid = str(c, p, 'id', w);
      const weight = num(c, p, 'weight', w);
      if (weight !== undefined && weight <= 0) c.add(`${w}.weight`, 'must be positive');
      if (pid && priorities.some((x) => x.id === pid)) c.add(`${w}.id`, `duplicate priority "${pid}"`);
      if (pid && weight !== undefined)
        priorities.push({ id: pid, title: bilingual(c, p.title, `${w}.title`), weight });
    });

  const pids = new Set(priorities.map((p) => p.id));
  const indicators: Indicator[] = [];
  if (!Array.isArray(raw.indicators) || raw.indicators.length === 0)
    c.add('indicators', 'expected a non-empty list');
  else
    raw.indicators.forEach((x, i) => {
      const ind = indicator(c, x, `indicators[${i}]`, pids, new Set(Object.keys(global)));
      if (!ind) return;
      if (indicators.some((o) => o.id === ind.id))
        c.add(`indicators[${i}].id`, `duplicate indicator id "${ind.id}"`);
      indicators.push(ind);
    });

  const rawPriorities = new Set(
    Array.isArray(raw.indicators) ? raw.indicators.map((x) => (isObj(x) ? x.priority : undefined)) : [],
  );
  for (const p of priorities) {
    const inP = indicators.filter((x) => x.priority === p.id);
    if (!rawPriorities.has(p.id)) c.add('priorities', `priority "${p.id}" has no indicators`);
    const sum = inP.reduce((s, x) => s + x.weight, 0);
    if (inP.length && sum <= 0) c.add('priorities', `priority "${p.id}": indicator weights sum to 0`);
  }

  const bands: Band[] = [];
  if (raw.bands !== undefined) {
    if (!Array.isArray(raw.bands)) c.add('bands', 'expected a list of { id, label, min }');
    else
      raw.bands.forEach((b, i) => {
        const w = `bands[${i}]`;
        if (!isObj(b)) return c.add(w, 'expected { id, label, min }');
        c.keys(b, KEYS.band, w);
        const bid = str(c, b, 'id', w);
        const min = num(c, b, 'min', w);
        if (min !== undefined && (min < 0 || min > 100)) c.add(`${w}.min`, 'must be between 0 and 100');
        if (i > 0 && min !== undefined && min >= bands[bands.length - 1]?.min)
          c.add(`${w}.min`, 'bands must be listed best first (min descending)');
        if (bid && min !== undefined)
          bands.push({ id: bid, label: bilingual(c, b.label, `${w}.label`), min });
      });
    if (bands.length && bands[bands.length - 1].min !== 0)
      c.add('bands', 'the last band must start at 0 so every total has a band');
  }

  if (c.problems.length) throw new ChecklistError(c.problems);
  return {
    id,
    title,
    period,
    ...(typeof raw.source === 'string' ? { source: raw.source } : {}),
    file,
    settings: global,
    measure: measured,
    priorities,
    indicators,
    bands,
  };
}
