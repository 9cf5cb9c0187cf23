// Checks every option before anything is created or measured: a typo costs a second, not a run.
// The plain checks run first; checklists, probes and the store are loaded only when they are needed.
import { existsSync } from 'node:fs';
import { UsageError } from '../net/options.ts';
import { parseFormats } from '../report/formats.ts';
import type { Store } from '../store/repository.ts';
import { openStore } from '../store/open.ts';

/** A number option parsed strictly: "abc", "", "5x" and out-of-range values are refused (exit 2). */
export function strictNumber(
  name: string,
  range: { min?: number; max?: number; integer?: boolean } = {},
): (v: string) => number {
  return (v: string) => {
    const s = String(v).trim();
    const n = s === '' ? NaN : Number(s);
    const bad =
      !Number.isFinite(n) ||
      (range.integer && !Number.isInteger(n)) ||
      (range.min !== undefined && n < range.min) ||
      (range.max !== undefined && n > range.max);
    if (bad) {
      const kind = range.integer ? 'a whole number' : 'a number';
      const span =
        range.min !== undefined && range.max !== undefined
          ? ` from ${range.min} to ${range.max}`
          : range.min !== undefined
            ? ` of at least ${range.min}`
            : '';
      throw new UsageError(`${name} "${v}": expected ${kind}${span}`);
    }
    return n;
  };
}

export const LANGS = ['fa', 'en'] as const;

export function checkLang(lang: unknown): 'fa' | 'en' {
  if (!(LANGS as readonly unknown[]).includes(lang))
    throw new UsageError(`--lang ${String(lang)}: expected fa or en`);
  return lang as 'fa' | 'en';
}

/** Period ids name a folder of evaluator input: letters, digits, '.', '_' and '-' (e.g. 1403-p8, ito-p7-1400). */
export function checkPeriod(period: unknown): void {
  if (period === undefined || period === null) return;
  if (typeof period !== 'string' || !/^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u.test(period))
    throw new UsageError(
      `--period "${String(period)}": expected an id of letters, digits, '.', '_' or '-' (e.g. 1403-p8)`,
    );
}

export async function checkProbes(o: Record<string, unknown>): Promise<void> {
  const { selectedProbeIds } = await import('../probes/registry.ts');
  try {
    selectedProbeIds({ only: o.only as string[] | undefined, skip: o.skip as string[] | undefined });
  } catch (e) {
    throw new UsageError(`--only/--skip: ${(e as Error).message}`);
  }
}

/** Everything the measuring commands (audit, site, demo) are given, checked at once. */
export async function checkMeasureOptions(o: Record<string, unknown>): Promise<void> {
  if (o.format !== undefined && o.format !== '') parseFormats(String(o.format));
  if (o.lang !== undefined) checkLang(o.lang);
  checkPeriod(o.period);
  if (o.preset !== undefined && o.preset !== 'desktop' && o.preset !== 'mobile')
    throw new UsageError(`--preset ${String(o.preset)}: expected desktop or mobile`);
  if (o.externalLinks !== undefined && o.externalLinks !== 'check' && o.externalLinks !== 'skip')
    throw new UsageError(`--external-links ${String(o.externalLinks)}: expected check or skip`);
  if (o.wcagLevel !== undefined && !/^(a|aa)$/i.test(String(o.wcagLevel)))
    throw new UsageError(`--wcag-level ${String(o.wcagLevel)}: expected A or AA`);
  await checkProbes(o);
  if (o.checklist !== undefined) (await import('../score/checklists.ts')).loadChecklist(String(o.checklist));
  for (const k of ['from', 'to'] as const)
    if (o[k] !== undefined) {
      const { parseDateInput } = await import('../text/jalali.ts');
      try {
        parseDateInput(String(o[k]));
      } catch (e) {
        throw new UsageError(`--${k}: ${(e as Error).message}`);
      }
    }
}

/** True when --db names a SQLite file (not a postgres:// URL). */
const isFile = (db: string) => !/^[a-z]+:\/\//.test(db);

/**
 * Opens the store for a command that only reads or adds to existing data (runs, report, score, explain,
 * uptime, input): a SQLite file that does not exist is a typo, not a new database.
 */
export async function openExistingStore(db: string): Promise<Store> {
  if (isFile(db) && db !== ':memory:' && !existsSync(db))
    throw new UsageError(
      `--db ${db}: no such database (payesh audit and payesh monitor create one; check the path or PAYESH_DB)`,
    );
  return openStore(db);
}
