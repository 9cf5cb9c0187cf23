// Parses --format lists ("html,csv") with a clear error for unknown names.
import { UsageError } from '../net/options.ts';

const KNOWN = ['html', 'csv', 'json', 'xlsx', 'pdf'] as const;
export type KnownFormat = (typeof KNOWN)[number];

export function parseFormats(list: string): KnownFormat[] {
  const out: KnownFormat[] = [];
  for (const raw of list
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)) {
    if (!(KNOWN as readonly string[]).includes(raw))
      throw new UsageError(`--format: unknown format "${raw}" (use ${KNOWN.join(', ')})`);
    if (!out.includes(raw as KnownFormat)) out.push(raw as KnownFormat);
  }
  if (out.length === 0) throw new UsageError(`--format: give at least one of ${KNOWN.join(', ')}`);
  return out;
}
