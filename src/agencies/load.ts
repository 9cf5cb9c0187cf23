// Public entry points: read an agency list file (CSV, JSON or YAML) into validated agencies plus
// every problem found, or throw one error listing them all.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { UsageError } from '../net/options.ts';
import { decodeListBytes, type ListEncoding } from './decode.ts';
import type { Agency, ListProblem } from './model.ts';
import { readCsvRecords } from './read-csv.ts';
import { readTreeRecords, type Locate, type PathSegment } from './read-tree.ts';
import { assembleAgencies, ProblemCollector, type AgencyRecord, type RecordMode } from './records.ts';
import { formatProblem } from './report.ts';

export type ListFormat = 'csv' | 'json' | 'yaml';

export interface AgencyListResult {
  agencies: Agency[];
  /** Errors: any of them means the list must not be used. Sorted by line. */
  problems: ListProblem[];
  /** Worth telling, not blocking (unknown columns or keys, a name that is not Persian). */
  warnings: ListProblem[];
  format: ListFormat;
  encoding?: ListEncoding;
}

export function formatFromFileName(file: string): ListFormat | undefined {
  switch (extname(file).toLowerCase()) {
    case '.csv':
    case '.tsv':
    case '.txt':
      return 'csv';
    case '.json':
      return 'json';
    case '.yaml':
    case '.yml':
      return 'yaml';
    default:
      return undefined;
  }
}

/** Guess the format of text with no telling extension. */
export function sniffFormat(text: string): ListFormat {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  const firstLine = start.split(/\r?\n|\r/, 1)[0] ?? '';
  if (/^(---|#|-\s|[\w"']+\s*:(\s|$))/.test(firstLine) && !/[,\t]/.test(firstLine)) return 'yaml';
  return 'csv';
}

/** Parse an agency list already in memory. Bytes are checked for encoding; text is taken as is. */
export function parseAgencyList(
  input: string | Uint8Array,
  fileName: string,
  format?: ListFormat,
): AgencyListResult {
  const out = new ProblemCollector(fileName);
  let text: string;
  let encoding: ListEncoding | undefined;
  if (typeof input === 'string') {
    text = input.replace(/^\uFEFF/, '');
  } else {
    const decoded = decodeListBytes(input);
    text = decoded.text;
    encoding = decoded.encoding;
    if (decoded.problem) out.add({ where: '', field: 'encoding' }, decoded.problem);
  }
  const fmt = format ?? formatFromFileName(fileName) ?? sniffFormat(text);

  let records: AgencyRecord[] = [];
  let mode: RecordMode = 'tree';
  if (text.trim() === '') {
    out.add({ where: '', field: 'file' }, 'the file is empty');
  } else if (fmt === 'csv') {
    records = readCsvRecords(text, out);
    mode = 'rows';
  } else {
    records = readTree(text, fmt, out);
  }
  const agencies = assembleAgencies(records, mode, out);
  if (agencies.length === 0 && out.problems.length === 0) {
    out.add({ where: '', field: 'agencies' }, 'the list has no agencies');
  }
  return {
    agencies,
    problems: sortProblems(out.problems),
    warnings: sortProblems(out.warnings),
    format: fmt,
    encoding,
  };
}

function readTree(text: string, fmt: 'json' | 'yaml', out: ProblemCollector): AgencyRecord[] {
  const lineCounter = new LineCounter();
  if (fmt === 'json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      const pos = /position (\d+)/.exec((e as Error).message);
      const line = pos ? lineAt(text, Number(pos[1])) : undefined;
      out.add(
        { where: line ? String(line) : '', field: 'json', line },
        `not valid JSON: ${(e as Error).message}`,
      );
      return [];
    }
    // JSON is YAML too: the YAML parser gives each value's position so problems can name a line.
    // Parsed only when a problem needs a line: a valid list costs nothing extra.
    let doc: Document | undefined;
    const locate: Locate = (path) => {
      doc ??= parseDocument(text, { lineCounter, uniqueKeys: false });
      return locator(doc, lineCounter)(path);
    };
    return readTreeRecords(value, locate, out, { nullWords: false });
  }
  // failsafe: every scalar stays text, so "0012345678" keeps its leading zeros and "yes" stays "yes".
  const doc = parseDocument(text, { lineCounter, schema: 'failsafe', uniqueKeys: false });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const line = err.linePos?.[0]?.line;
      out.add(
        { where: line ? String(line) : '', field: 'yaml', line },
        `not valid YAML: ${err.message.split('\n')[0]}`,
      );
    }
    return [];
  }
  // toJS() resolves aliases and can still refuse the document (an alias to an anchor set later).
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (e) {
    out.add({ where: '', field: 'yaml' }, `not valid YAML: ${(e as Error).message.split('\n')[0]}`);
    return [];
  }
  return readTreeRecords(value, locator(doc, lineCounter), out, { nullWords: true });
}

function locator(doc: Document, lc: LineCounter): Locate {
  return (path: PathSegment[]) => {
    if (doc.errors.length > 0) return undefined;
    const node = (path.length === 0 ? doc.contents : doc.getIn(path, true)) as {
      range?: [number, number, number];
    } | null;
    const start = node?.range?.[0];
    return start === undefined ? undefined : lc.linePos(start).line;
  };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/** File-level problems first, then by line; problems on one line keep the order they were found. */
function sortProblems(list: ListProblem[]): ListProblem[] {
  return list
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.line ?? 0) - (b.p.line ?? 0) || a.i - b.i)
    .map((x) => x.p);
}

export async function loadAgencyList(file: string): Promise<AgencyListResult> {
  if (/\.xlsx$/i.test(file)) return loadXlsxList(file);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    const format = formatFromFileName(file) ?? 'csv';
    return {
      agencies: [],
      problems: [{ file, where: '', field: 'file', message: `cannot read: ${why}` }],
      warnings: [],
      format,
    };
  }
  return parseAgencyList(bytes, file);
}

/** An Excel list: its first sheet read as CSV, so rows give the same errors (line N = row N). */
async function loadXlsxList(file: string): Promise<AgencyListResult> {
  const { xlsxToCsv } = await import('../util/xlsx-rows.ts');
  let text: string;
  try {
    text = await xlsxToCsv(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : `not a readable Excel workbook (${(e as Error).message})`;
    return {
      agencies: [],
      problems: [{ file, where: '', field: 'file', message: `cannot read: ${why}` }],
      warnings: [],
      format: 'csv',
    };
  }
  return parseAgencyList(text, file, 'csv');
}

/** A list with problems: the command that asked for it stops with exit code 2 and names every problem. */
export class AgencyListError extends UsageError {
  constructor(
    readonly file: string,
    readonly problems: ListProblem[],
  ) {
    super(
      `agency list ${file} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => '  ' + formatProblem(p)).join('\n'),
    );
  }
}

/** Read and validate a list; throws AgencyListError (a UsageError, exit 2) listing every problem. */
export async function readAgencyListOrThrow(file: string): Promise<Agency[]> {
  const result = await loadAgencyList(file);
  if (result.problems.length > 0) throw new AgencyListError(file, result.problems);
  return result.agencies;
}
