// Declared detectors (detectors.yaml): each names a generic check and the options it runs with. This
// module reads and validates the declarations and gives the checks typed access to their options.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { hasHostGroup, hasTopic, hasUrlTopic } from './phrases.ts';
import type { DetectorResult, SiteView } from './site.ts';

export interface Declaration {
  id: string;
  /** Checklist items served (ITO / ARO numbers), for readers and reports. */
  items: string[];
  /** The generic check that runs it (checks.ts). */
  check: string;
  /** Positive verdicts, best first. */
  verdicts: string[];
  /** Verdicts meaning "not found". */
  negative: string[];
  [option: string]: unknown;
}

export type Check = (site: SiteView, d: Declaration) => DetectorResult;

const FILE = 'detectors.yaml';

function fail(id: string, field: string, why: string): never {
  throw new Error(`src/probes/content/${FILE}: ${id}.${field}: ${why}`);
}

/** Read and check every declaration: known check, phrase lists, URL word lists and host lists exist. */
export function loadDeclarations(checks: Record<string, Check>, text?: string): Declaration[] {
  const raw = parse(text ?? readFileSync(new URL(`./${FILE}`, import.meta.url), 'utf8')) as Record<
    string,
    Record<string, unknown>
  >;
  return Object.entries(raw).map(([id, body]) => {
    if (!body || typeof body !== 'object') fail(id, '', 'must be a mapping');
    const d = { id, ...body } as Declaration;
    if (typeof d.check !== 'string' || !checks[d.check])
      fail(
        id,
        'check',
        `unknown check ${JSON.stringify(d.check)} (known: ${Object.keys(checks).join(', ')})`,
      );
    for (const k of ['items', 'verdicts', 'negative'] as const)
      if (!Array.isArray(d[k]) || !d[k].length) fail(id, k, 'must be a non-empty list');
    for (const [k, v] of Object.entries(d)) {
      if (k === 'urlTopic' || k.endsWith('UrlTopic')) {
        if (typeof v !== 'string' || !hasUrlTopic(v)) fail(id, k, `no list "${v}" in phrases/urls.yaml`);
      } else if (k === 'topic' || k.endsWith('Topic') || k === 'exclude') {
        if (typeof v !== 'string' || !hasTopic(v)) fail(id, k, `no phrase list "${v}" in phrases/*.yaml`);
      } else if (k === 'hosts' || k.endsWith('Hosts')) {
        if (typeof v !== 'string' || !hasHostGroup(v)) fail(id, k, `no host list "${v}" in hosts.yaml`);
      }
    }
    return d;
  });
}

// Typed access to options; a wrong or missing option names the detector and field.
export function str(d: Declaration, k: string): string {
  const v = d[k];
  if (typeof v !== 'string') fail(d.id, k, 'must be a string');
  return v;
}

export function optStr(d: Declaration, k: string): string | undefined {
  return d[k] === undefined ? undefined : str(d, k);
}

export function num(d: Declaration, k: string, dflt?: number): number {
  const v = d[k] ?? dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(d.id, k, 'must be a number');
  return v;
}

export function list(d: Declaration, k: string, dflt?: string[]): string[] {
  const v = d[k] ?? dflt;
  if (!Array.isArray(v)) fail(d.id, k, 'must be a list');
  return v.map(String);
}

const patterns = new WeakMap<Declaration, Map<string, RegExp>>();

/** An option holding a regular expression (case-insensitive). */
export function re(d: Declaration, k: string): RegExp {
  let m = patterns.get(d);
  if (!m) patterns.set(d, (m = new Map()));
  let r = m.get(k);
  if (!r) {
    try {
      r = new RegExp(str(d, k), 'i');
    } catch (e) {
      fail(d.id, k, `bad pattern: ${(e as Error).message}`);
    }
    m.set(k, r);
  }
  return r;
}

let raw: Record<string, Record<string, unknown>> | null = null;

/** One declaration as written (for helpers used outside a detector run, such as the probe's search). */
export function declarationOf(id: string): Declaration {
  raw ??= parse(readFileSync(new URL(`./${FILE}`, import.meta.url), 'utf8')) as Record<
    string,
    Record<string, unknown>
  >;
  if (!raw[id]) throw new Error(`src/probes/content/${FILE}: no detector "${id}"`);
  return { id, ...raw[id] } as Declaration;
}
