// Finds and loads checklist files. An id resolves to checklists/<id>.yaml in the project; anything
// with a slash or a .yaml/.yml ending is read as a path.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { ChecklistError } from './errors.ts';
import { validateChecklist } from './schema.ts';
import type { Checklist } from './types.ts';

export const DEFAULT_CHECKLIST = 'ito-p7';

/** The project's checklists/ directory (next to src/). */
export const CHECKLIST_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'checklists');

const cache = new Map<string, Checklist>();

function displayPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : p;
}

/** Parses and validates checklist text; `file` is used in error messages. */
export function parseChecklist(text: string, file: string): Checklist {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) {
    throw new ChecklistError(
      doc.errors.map((e) => ({
        file,
        where: e.linePos ? `line ${e.linePos[0].line}` : '',
        message: e.message.split('\n')[0],
      })),
    );
  }
  // toJS() resolves aliases and can still refuse the document (an alias to an anchor set later).
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (e) {
    throw new ChecklistError([
      { file, where: '', message: `not valid YAML: ${(e as Error).message.split('\n')[0]}` },
    ]);
  }
  return validateChecklist(value, file);
}

export function checklistPath(idOrPath: string): string {
  if (/[\\/]/.test(idOrPath) || /\.ya?ml$/i.test(idOrPath)) return resolve(idOrPath);
  return join(CHECKLIST_DIR, `${idOrPath}.yaml`);
}

/** Loads a checklist by id (checklists/<id>.yaml) or path. Throws ChecklistError (exit 2) on problems. */
export function loadChecklist(idOrPath: string = DEFAULT_CHECKLIST): Checklist {
  const path = checklistPath(idOrPath);
  const hit = cache.get(path);
  if (hit) return hit;
  const file = displayPath(path);
  if (!existsSync(path)) {
    const known = listChecklistIds();
    throw new ChecklistError([
      { file, where: '', message: `no such checklist (known ids: ${known.join(', ') || 'none'})` },
    ]);
  }
  const cl = parseChecklist(readFileSync(path, 'utf8'), file);
  const expected = basename(path).replace(/\.ya?ml$/i, '');
  if (!/[\\/]/.test(idOrPath) && cl.id !== expected)
    throw new ChecklistError([
      { file, where: 'id', message: `"${cl.id}" does not match the file name "${expected}"` },
    ]);
  cache.set(path, cl);
  return cl;
}

function listChecklistIds(): string[] {
  if (!existsSync(CHECKLIST_DIR)) return [];
  return readdirSync(CHECKLIST_DIR)
    .filter((f) => /\.ya?ml$/i.test(f))
    .map((f) => f.replace(/\.ya?ml$/i, ''))
    .sort();
}

/** All checklists shipped in checklists/, validated. */
export function listChecklists(): Checklist[] {
  return listChecklistIds().map((id) => loadChecklist(id));
}
