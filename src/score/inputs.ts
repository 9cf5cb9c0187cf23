// Evaluator input: what cannot be crawled (self-declared figures) or needs a person's confirmation.
// Read from CSV or YAML, validated against the checklist (and the agency list when there is one),
// every problem reported with the file and the row.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Agency } from '../agencies/model.ts';
import { toAsciiDigits } from '../text/normalize.ts';
import { InputFileError, type Problem } from './errors.ts';
import type { Checklist, InputEntry } from './types.ts';

/** Words accepted in the value column for "not applicable" (عدم مصداق). */
const NA_WORDS = new Set(['na', 'n/a', 'not applicable', 'not-applicable', 'عدم مصداق', 'عدم‌مصداق']);

export interface InputRow {
  /** "line 3" (CSV) or "inputs[2]" (YAML). */
  where: string;
  agencyId: string;
  serviceId: string | null;
  indicatorId: string;
  value: number | null;
  notApplicable: boolean;
  reason: string | null;
  note: string | null;
  evidenceUrl: string | null;
}

interface RawRow {
  where: string;
  fields: Record<string, unknown>;
}

/** Minimal RFC 4180 CSV: quoted fields, doubled quotes, CRLF; returns rows with their 1-based line. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const out: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((c) => c.trim() !== '')) out.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += ch;
  }
  cells.push(cell);
  if (cells.some((c) => c.trim() !== '')) out.push({ line: rowLine, cells });
  return out;
}

const HEADER_ALIASES: Record<string, string> = {
  agency: 'agency',
  agency_id: 'agency',
  agencyid: 'agency',
  service: 'service',
  service_id: 'service',
  serviceid: 'service',
  indicator: 'indicator',
  indicator_id: 'indicator',
  value: 'value',
  not_applicable: 'notApplicable',
  notapplicable: 'notApplicable',
  na: 'notApplicable',
  reason: 'reason',
  note: 'note',
  evidence_url: 'evidenceUrl',
  evidenceurl: 'evidenceUrl',
  evidence: 'evidenceUrl',
};

function rawRows(text: string, path: string, file: string): RawRow[] {
  if (/\.ya?ml$/i.test(path) || /\.json$/i.test(path)) {
    let doc: unknown;
    try {
      doc = parseYaml(text);
    } catch (e) {
      throw new InputFileError([
        { file, where: '', message: `not valid YAML: ${(e as Error).message.split('\n')[0]}` },
      ]);
    }
    const list = Array.isArray(doc) ? doc : (doc as Record<string, unknown> | null)?.inputs;
    const key = Array.isArray(doc) ? '' : 'inputs';
    if (!Array.isArray(list))
      throw new InputFileError([
        { file, where: '', message: 'expected a list of inputs, or a map with an "inputs" list' },
      ]);
    return list.map((x, i) => ({
      where: `${key}[${i}]`,
      fields: typeof x === 'object' && x !== null ? (x as Record<string, unknown>) : { _bad: x },
    }));
  }
  const rows = parseCsv(text);
  if (rows.length === 0) throw new InputFileError([{ file, where: '', message: 'the file is empty' }]);
  const header = rows[0].cells.map(
    (h) =>
      HEADER_ALIASES[
        h
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, '_')
      ] ?? `?${h.trim()}`,
  );
  const unknown = header.filter((h) => h.startsWith('?'));
  const problems: Problem[] = unknown.map((h) => ({
    file,
    where: `line ${rows[0].line}`,
    message: `unknown column "${h.slice(1)}" (expected agency, service, indicator, value, reason, note, evidence_url)`,
  }));
  for (const need of ['agency', 'indicator', 'value'])
    if (!header.includes(need))
      problems.push({ file, where: `line ${rows[0].line}`, message: `missing column "${need}"` });
  if (problems.length) throw new InputFileError(problems);
  return rows.slice(1).map((r) => ({
    where: `line ${r.line}`,
    fields: Object.fromEntries(header.map((h, i) => [h, r.cells[i]?.trim() ?? ''])),
  }));
}

const text = (v: unknown): string | null => {
  if (v === undefined || v === null) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
};

function truthy(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  const s = text(v)?.toLowerCase();
  return s === 'true' || s === 'yes' || s === '1' || s === 'بله';
}

export interface ValidateOptions {
  checklist: Checklist;
  /** When given, agency and service ids are checked against it. */
  agencies?: Agency[];
}

/** Checks rows against the checklist; throws InputFileError naming every bad row. */
export function validateInputRows(raw: RawRow[], file: string, opts: ValidateOptions): InputRow[] {
  const problems: Problem[] = [];
  const out: InputRow[] = [];
  const byId = new Map(opts.checklist.indicators.map((i) => [i.id, i]));
  const agencies = opts.agencies ? new Map(opts.agencies.map((a) => [a.id, a])) : null;
  for (const { where, fields } of raw) {
    const bad = (field: string, message: string) =>
      problems.push({ file, where: `${where}${field ? ` (${field})` : ''}`, message });
    if ('_bad' in fields) {
      bad('', 'expected a map with agency, indicator and value');
      continue;
    }
    const agencyId = text(fields.agency);
    const serviceId = text(fields.service) ? toAsciiDigits(text(fields.service)!) : null;
    const indicatorId = text(fields.indicator) ? toAsciiDigits(text(fields.indicator)!) : null;
    const rawValue = text(fields.value);
    let notApplicable = truthy(fields.notApplicable);
    let value: number | null = null;
    const before = problems.length;
    if (!agencyId) bad('agency', 'is required');
    else if (agencies && !agencies.has(agencyId)) bad('agency', `unknown agency "${agencyId}"`);
    else if (agencies && serviceId && !agencies.get(agencyId)!.services.some((s) => s.id === serviceId))
      bad('service', `agency "${agencyId}" has no service "${serviceId}"`);
    const ind = indicatorId ? byId.get(indicatorId) : undefined;
    if (!indicatorId) bad('indicator', 'is required');
    else if (!ind) bad('indicator', `unknown indicator "${indicatorId}" in checklist ${opts.checklist.id}`);
    if (rawValue && NA_WORDS.has(rawValue.toLowerCase())) notApplicable = true;
    else if (rawValue !== null) {
      const n = Number(toAsciiDigits(rawValue).replace('٫', '.'));
      if (!Number.isFinite(n)) bad('value', `"${rawValue}" is not a number or "not applicable"`);
      else if (ind && !ind.options.some((o) => Math.abs(o.value - n) < 1e-9))
        bad(
          'value',
          `${n} is not an option of indicator ${ind.id} (options: ${ind.options.map((o) => o.value).join(', ')})`,
        );
      else value = ind ? ind.options.find((o) => Math.abs(o.value - n) < 1e-9)!.value : n;
    }
    if (notApplicable && value !== null) bad('value', 'a value and "not applicable" cannot both be given');
    if (!notApplicable && rawValue === null)
      bad('value', 'is required (an option value, or "not applicable" with a reason)');
    const reason = text(fields.reason);
    if (notApplicable && !reason) bad('reason', '"not applicable" needs a reason');
    const evidenceUrl = text(fields.evidenceUrl);
    if (evidenceUrl && !/^https?:\/\/\S+$/i.test(evidenceUrl))
      bad('evidence_url', `"${evidenceUrl}" is not an http(s) URL`);
    if (problems.length > before) continue;
    out.push({
      where,
      agencyId: agencyId!,
      serviceId,
      indicatorId: indicatorId!,
      value: notApplicable ? null : value,
      notApplicable,
      reason,
      note: text(fields.note),
      evidenceUrl,
    });
  }
  if (problems.length) throw new InputFileError(problems);
  return out;
}

/**
 * Reads and validates an input file (.csv, .yaml/.yml or .json). `content` is the file's text when the
 * caller already has it (an .xlsx sheet read as CSV).
 */
export function readInputFile(
  path: string,
  opts: ValidateOptions,
  displayName = path,
  content?: string,
): InputRow[] {
  if (content !== undefined) return validateInputRows(rawRows(content, path, displayName), displayName, opts);
  try {
    content = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputFileError([
      {
        file: displayName,
        where: '',
        message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      },
    ]);
  }
  return validateInputRows(rawRows(content, path, displayName), displayName, opts);
}

/** Validates one input given on the command line (payesh input set). */
export function validateOneInput(fields: Record<string, unknown>, opts: ValidateOptions): InputRow {
  return validateInputRows([{ where: 'input', fields }], 'command line', opts)[0];
}

export interface InputLookup {
  /** The input for a service (its own, else the agency-wide one), or null. */
  get(agencyId: string, serviceId: string | null, indicatorId: string): InputEntry | null;
  all(): InputEntry[];
}

/** Keeps the latest input per (agency, service, indicator): newest createdAt, later in the list on a tie. */
export function latestInputs(entries: InputEntry[]): InputLookup {
  const map = new Map<string, InputEntry>();
  const key = (a: string, s: string | null, i: string) => `${a}\u0000${s ?? ''}\u0000${i}`;
  entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.createdAt < b.e.createdAt ? -1 : a.e.createdAt > b.e.createdAt ? 1 : a.i - b.i))
    .forEach(({ e }) => map.set(key(e.agencyId, e.serviceId, e.indicatorId), e));
  return {
    get: (a, s, i) => (s !== null ? map.get(key(a, s, i)) : undefined) ?? map.get(key(a, null, i)) ?? null,
    all: () => [...map.values()],
  };
}
