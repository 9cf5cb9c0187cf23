// Evaluates checklist conditions over facts with three outcomes (true, false, unknown when a fact
// is missing) and writes them as sentences an evaluator can read, in English and Persian.
import { toPersianNumber } from '../text/normalize.ts';
import { factValueLabel } from '../core/facts.ts';
import { factLabel } from '../probes/catalogue.ts';
import type { Bilingual, CompareOp, Condition, FactValue, Operand } from './types.ts';

export type Truth = true | false | 'unknown';

export type FactGetter = (name: string) => FactValue | undefined;
export type Settings = Record<string, number | string | boolean>;

function resolve(v: Operand, settings: Settings): number | string | boolean {
  return typeof v === 'object' ? settings[v.setting] : v;
}

function compare(a: FactValue, op: CompareOp, b: number | string | boolean): boolean {
  if (op === '==') return a === b;
  if (op === '!=') return a !== b;
  if (typeof a !== 'number' || typeof b !== 'number') return false;
  switch (op) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

/** Three-valued: all is false if any part is false, any is true if any part is true, otherwise unknown wins. */
export function evaluate(c: Condition, get: FactGetter, settings: Settings = {}): Truth {
  if ('otherwise' in c) return true;
  if ('all' in c) {
    const parts = c.all.map((x) => evaluate(x, get, settings));
    if (parts.includes(false)) return false;
    return parts.includes('unknown') ? 'unknown' : true;
  }
  if ('any' in c) {
    const parts = c.any.map((x) => evaluate(x, get, settings));
    if (parts.includes(true)) return true;
    return parts.includes('unknown') ? 'unknown' : false;
  }
  if ('not' in c) {
    const r = evaluate(c.not, get, settings);
    return r === 'unknown' ? r : !r;
  }
  const v = get(c.fact);
  if ('exists' in c) return (v !== undefined && v !== null) === c.exists;
  if (v === undefined || v === null) return 'unknown';
  if ('eq' in c) return v === c.eq;
  if ('in' in c) return c.in.includes(v);
  return compare(v, c.op, resolve(c.value, settings));
}

/** Fact names a condition reads, in order of first appearance. */
export function factsOf(c: Condition, out: string[] = []): string[] {
  if ('otherwise' in c) return out;
  if ('all' in c) c.all.forEach((x) => factsOf(x, out));
  else if ('any' in c) c.any.forEach((x) => factsOf(x, out));
  else if ('not' in c) factsOf(c.not, out);
  else if (!out.includes(c.fact)) out.push(c.fact);
  return out;
}

const OP_EN: Record<CompareOp, string> = { '>': '>', '>=': '≥', '<': '<', '<=': '≤', '==': '=', '!=': '≠' };
const OP_FA: Record<CompareOp, string> = {
  '>': 'بیشتر از',
  '>=': 'دست‌کم',
  '<': 'کمتر از',
  '<=': 'حداکثر',
  '==': 'برابر',
  '!=': 'نابرابر با',
};

function lit(v: FactValue | undefined, fa: boolean): string {
  if (v === undefined) return fa ? 'اندازه‌گیری نشده' : 'not measured';
  if (v === null) return fa ? 'نامعلوم' : 'unknown';
  if (typeof v === 'boolean') return fa ? (v ? 'بله' : 'خیر') : v ? 'yes' : 'no';
  if (typeof v === 'number') {
    const s = String(Math.round(v * 100) / 100);
    return fa ? toPersianNumber(s) : s;
  }
  const spoken = factValueLabel(v);
  // Persian: the word inside «», isolated (FSI…PDI) so a Latin grade or word keeps the quotes in place.
  return fa ? `«\u2068${spoken?.fa ?? v}\u2069»` : `"${spoken?.en ?? v}"`;
}

/** A fact as a sentence names it: its label, never the internal key. */
const name = (fact: string, fa: boolean) => (fa ? factLabel(fact).fa : factLabel(fact).en);

function describeOne(c: Condition, settings: Settings, fa: boolean, get?: FactGetter): string {
  const now = (fact: string) =>
    get ? (fa ? ` (اکنون ${lit(get(fact), true)})` : ` (now ${lit(get(fact), false)})`) : '';
  if ('otherwise' in c)
    return fa ? 'هیچ‌یک از گزینه‌های بالاتر برقرار نیست' : 'none of the higher options holds';
  if ('all' in c) return c.all.map((x) => describeOne(x, settings, fa, get)).join(fa ? ' و ' : ' and ');
  if ('any' in c)
    return '(' + c.any.map((x) => describeOne(x, settings, fa, get)).join(fa ? ' یا ' : ' or ') + ')';
  if ('not' in c) return (fa ? 'نه: ' : 'not ') + describeOne(c.not, settings, fa, get);
  if ('exists' in c)
    return fa
      ? `${name(c.fact, fa)} ${c.exists ? 'اندازه‌گیری شده' : 'اندازه‌گیری نشده'}${now(c.fact)}`
      : `${name(c.fact, fa)} ${c.exists ? 'is measured' : 'is not measured'}${now(c.fact)}`;
  if ('eq' in c)
    return fa
      ? `${name(c.fact, fa)} برابر ${lit(c.eq, true)}${now(c.fact)}`
      : `${name(c.fact, fa)} = ${lit(c.eq, false)}${now(c.fact)}`;
  if ('in' in c) {
    const list = c.in.map((x) => lit(x, fa)).join(fa ? '، ' : ', ');
    return fa
      ? `${name(c.fact, fa)} یکی از ${list}${now(c.fact)}`
      : `${name(c.fact, fa)} is one of ${list}${now(c.fact)}`;
  }
  const val = resolve(c.value, settings);
  return fa
    ? `${name(c.fact, fa)} ${OP_FA[c.op]} ${lit(val, true)}${now(c.fact)}`
    : `${name(c.fact, fa)} ${OP_EN[c.op]} ${lit(val, false)}${now(c.fact)}`;
}

/** The condition as a sentence; with `get`, each fact's current value is shown next to it. */
export function describe(c: Condition, settings: Settings = {}, get?: FactGetter): Bilingual {
  return { en: describeOne(c, settings, false, get), fa: describeOne(c, settings, true, get) };
}

/** A fact's label in both languages (for lists of facts). */
export function factName(fact: string): Bilingual {
  return factLabel(fact);
}

/** Renders a fact value for sentences. */
export function factText(v: FactValue | undefined): Bilingual {
  return { en: lit(v, false), fa: lit(v, true) };
}
