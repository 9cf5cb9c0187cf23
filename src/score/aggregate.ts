// The arithmetic of the official method (ITO period 7, annex T), kept apart so the published
// ranking table can be reproduced from priority scores alone.
import type { Band, Checklist, Priority } from './types.ts';

/** Rounds half away from zero on the decimal value (97.255 -> 97.26, not float noise's 97.25). */
export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return (Math.sign(x) * Math.round(Number((Math.abs(x) * f).toPrecision(12)))) / f;
}

/**
 * A total out of 100 as the weighted mean of priority scores (0-100). Priorities whose score is
 * null (every indicator not applicable) are left out and the remaining weights rescaled.
 */
export function weightedTotal(
  priorities: Pick<Priority, 'id' | 'weight'>[],
  scores: Record<string, number | null>,
): number | null {
  let sum = 0;
  let weights = 0;
  for (const p of priorities) {
    const s = scores[p.id];
    if (s === null || s === undefined) continue;
    sum += p.weight * s;
    weights += p.weight;
  }
  return weights > 0 ? sum / weights : null;
}

/** Sum of the priority weights: the checklist's maximum in its own points (100 for ITO, 35 for ARO 1397). */
export function maxPoints(cl: Pick<Checklist, 'priorities'>): number {
  return cl.priorities.reduce((s, p) => s + p.weight, 0);
}

export function bandOf(bands: Band[], total: number | null): Band | null {
  if (total === null) return null;
  const t = round(total, 2);
  return bands.find((b) => t >= b.min) ?? null;
}

/** Persian alphabetical order (پ چ ژ گ ک ی in their places, not by code point). */
export const persianOrder = new Intl.Collator('fa', { sensitivity: 'base', ignorePunctuation: true });

/**
 * Ranks descending by total. Equal totals (to 1e-9, unrounded) get consecutive ranks in Persian
 * alphabetical order of `name`, as table 2-4 of the period-7 report lists them; totals of 0 (the
 * agencies that did not take part) come last in their listed order, as that table prints them.
 * Without `name`, ties keep their listed order. Entries with no total get no rank.
 */
export function rankByTotal<T extends { total: number | null }>(
  items: T[],
  name?: (item: T) => string,
): Map<T, number> {
  const key = (t: number) => Math.round(t * 1e9);
  const order = items
    .map((item, i) => ({ item, i }))
    .filter((x) => x.item.total !== null)
    .sort(
      (a, b) =>
        key(b.item.total!) - key(a.item.total!) ||
        (name && key(a.item.total!) !== 0 ? persianOrder.compare(name(a.item), name(b.item)) : 0) ||
        a.i - b.i,
    );
  return new Map(order.map((x, r) => [x.item, r + 1]));
}

/** National mean as the period-7 report computes it: over the agencies with a non-zero total. */
export function nationalMean(totals: (number | null)[]): number | null {
  return mean(totals.filter((t): t is number => t !== null && t > 0));
}

export function mean(xs: number[]): number | null {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null;
}
