// payesh.config.yaml: the options a team sets once (database, out folder, checklist, period, limits,
// identity), in the spirit of lighthouserc. Command-line options and PAYESH_DB win over the file.
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { LineCounter, parseDocument, isMap, isScalar, type Pair } from 'yaml';
import { parseAllowList } from '../net/address-policy.ts';
import { UsageError } from '../net/options.ts';

export const CONFIG_FILE = 'payesh.config.yaml';

/** Keys the file may hold: the long option names they stand for, and the kind of value. */
export const CONFIG_KEYS: Record<string, 'string' | 'number' | 'boolean' | 'list' | 'boolean-or-list'> = {
  db: 'string',
  out: 'string',
  checklist: 'string',
  period: 'string',
  lang: 'string',
  format: 'string',
  'user-agent': 'string',
  'contact-url': 'string',
  'extra-ca': 'list',
  // true (every private address), or addresses and CIDR ranges as on the command line.
  'allow-private': 'boolean-or-list',
  'request-timeout': 'number',
  'max-redirects': 'number',
  'max-body-mb': 'number',
  'page-timeout': 'number',
  'max-dom-nodes': 'number',
  'max-pages': 'number',
  'parse-memory-mb': 'number',
  'max-depth': 'number',
  concurrency: 'number',
  'per-host': 'number',
  'host-delay': 'number',
  'job-timeout': 'number',
  'site-budget': 'number',
  'page-budget': 'number',
  retries: 'number',
  runs: 'number',
  preset: 'string',
  'wcag-level': 'string',
  'external-links': 'string',
  interval: 'string',
};

export interface LoadedConfig {
  file: string;
  values: Record<string, string | number | boolean | string[]>;
}

/** The --config FILE named on the command line, else payesh.config.yaml in the current folder if present. */
export function findConfigFile(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') break;
    if (argv[i] === '--config') {
      if (!argv[i + 1]) throw new UsageError('--config: give a file');
      return argv[i + 1];
    }
    if (argv[i].startsWith('--config=')) return argv[i].slice('--config='.length);
  }
  return existsSync(CONFIG_FILE) ? CONFIG_FILE : undefined;
}

export function loadConfig(file: string): LoadedConfig {
  if (!existsSync(file)) throw new UsageError(`--config ${file}: no such file`);
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines });
  if (doc.errors.length)
    throw new UsageError(`${file}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  const at = (node: { range?: [number, number, number] | null } | null | undefined) =>
    node?.range ? `line ${lines.linePos(node.range[0]).line}` : '';
  const values: LoadedConfig['values'] = {};
  if (doc.contents === null) return { file, values };
  if (!isMap(doc.contents)) throw new UsageError(`${file}: expected keys and values (e.g. db: payesh.db)`);
  const problems: string[] = [];
  for (const pair of doc.contents.items as Pair[]) {
    const keyNode = pair.key as { value?: unknown; range?: [number, number, number] };
    const key = String(isScalar(keyNode) ? keyNode.value : keyNode);
    const where = `${file}: ${at(keyNode)} (${key})`;
    const kind = CONFIG_KEYS[key];
    if (!kind) {
      problems.push(`${where}: unknown key "${key}" (known: ${Object.keys(CONFIG_KEYS).join(', ')})`);
      continue;
    }
    const v = (pair.value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? null;
    const isList = Array.isArray(v) && v.every((x) => typeof x === 'string');
    const ok =
      kind === 'list'
        ? isList
        : kind === 'boolean-or-list'
          ? typeof v === 'boolean' || isList || typeof v === 'string'
          : kind === 'number'
            ? typeof v === 'number' && Number.isFinite(v)
            : typeof v === kind;
    if (!ok) {
      const expected =
        kind === 'list'
          ? 'a list of strings'
          : kind === 'boolean-or-list'
            ? 'true, false or a list of addresses/CIDR ranges'
            : `a ${kind}`;
      problems.push(`${where}: expected ${expected}`);
      continue;
    }
    if (kind === 'boolean-or-list' && typeof v !== 'boolean') {
      // One range as a plain string, or a list; checked here so the error names the file and line.
      const specs = Array.isArray(v) ? (v as string[]) : [v as string];
      try {
        parseAllowList(specs);
      } catch (e) {
        problems.push(`${where}: ${(e as Error).message.replace(/ \(a bare .*\)$/, '')}`);
        continue;
      }
      values[key] = specs;
      continue;
    }
    values[key] = v as LoadedConfig['values'][string];
  }
  if (problems.length) throw new UsageError(problems.join('\n'));
  return { file, values };
}

/**
 * Gives the command the file's values for options not set on the command line. Each value goes through
 * the option's own parser, so the file is checked as strictly as the command line.
 */
export function applyConfig(cmd: Command, config: LoadedConfig): void {
  for (const [key, value] of Object.entries(config.values)) {
    const opt = cmd.options.find((o) => o.long === `--${key}`);
    if (!opt) continue;
    const name = opt.attributeName();
    const source = cmd.getOptionValueSource(name);
    if (source === 'cli' || source === 'env') continue;
    if (key === 'db' && process.env.PAYESH_DB) continue;
    let v: unknown = value;
    try {
      if (Array.isArray(value)) v = value;
      else if (opt.parseArg && typeof value !== 'boolean')
        v = opt.parseArg(String(value), undefined as never);
      if (opt.argChoices && !opt.argChoices.includes(String(v)))
        throw new UsageError(`expected one of ${opt.argChoices.join(', ')}`);
    } catch (e) {
      throw new UsageError(`${config.file} (${key}): ${(e as Error).message}`);
    }
    cmd.setOptionValueWithSource(name, v, 'config');
  }
}
