// The CLI parses and refuses options without loading measuring, scoring, report or store code: the
// modules the command files reach through static imports (what loads before any command runs) are only
// light helpers. Commands load the rest with import() when they run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const SRC = resolve('src');

/** Static value imports of a file (type-only imports are erased; import() loads later). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  const re = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\bfrom\s*)?['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[1];
    out.push(spec.startsWith('.') ? resolve(dirname(file), spec) : `pkg:${spec}`);
  }
  return out;
}

function closure(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const walk = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    if (!f.startsWith('pkg:')) staticImports(f).forEach(walk);
  };
  entries.forEach(walk);
  return seen;
}

test('starting the CLI loads only command definitions and light helpers', () => {
  // main.ts registers every command module at start, so all of src/cli loads before a command runs.
  const cli = readdirSync(resolve(SRC, 'cli'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => resolve(SRC, 'cli', f));
  const loaded = [...closure(cli)].map((f) =>
    f.startsWith('pkg:') ? f : relative(SRC, f).replaceAll('\\', '/'),
  );
  // Allowed: option parsers and plain helpers (report/formats, store/open, audit/budget, uptime durations).
  const heavy = loaded.filter(
    (f) =>
      /^(audit\/(?!budget\.ts)|browser|queue|score|plan|agencies\/load|report\/(?!formats\.ts)|store\/(?!open\.ts))/.test(
        f,
      ) ||
      (f.startsWith('probes/') && !/^probes\/(uptime\/duration|tls\/suites)\.ts$/.test(f)) ||
      (f.startsWith('pkg:') && !/^pkg:(node:.*|commander|yaml|jalaali-js)$/.test(f)),
  );
  assert.deepEqual(heavy, [], 'load these inside the command action with import()');
});
