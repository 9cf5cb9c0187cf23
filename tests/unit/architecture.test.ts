// The layering rules of src/: the contract in src/core sits at the bottom, the store, network,
// queue, scorer and reports never reach into probes/ (the scorer only reads the fact catalogue), and no module imports itself through others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve('src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every relative import of a file: static, type-only, re-exports and dynamic import(). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) out.push(resolve(dirname(file), m[1]));
  return out.filter((p) => p.startsWith(SRC));
}

const rel = (p: string) => relative(SRC, p).replaceAll('\\', '/');
const graph = new Map(files(SRC).map((f) => [f, importsOf(f)]));

export function findCycles(g: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string) => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of g.get(n) ?? []) {
      if (state.get(m) === 'open') cycles.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of g.keys()) if (!state.has(n)) visit(n);
  return cycles;
}

test('the cycle finder finds a cycle it is shown', () => {
  const g = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
    ['d', ['a']],
  ]);
  assert.deepEqual(findCycles(g), [['a', 'b', 'c', 'a']]);
});

test('src has no import cycles (static, type-only or dynamic)', () => {
  const cycles = findCycles(graph).map((c) => c.map(rel).join(' -> '));
  assert.deepEqual(cycles, []);
});

test('src/core imports nothing above it but the network options type', () => {
  const bad: string[] = [];
  for (const [f, deps] of graph)
    if (rel(f).startsWith('core/'))
      for (const d of deps)
        if (!rel(d).startsWith('core/') && rel(d) !== 'net/options.ts') bad.push(`${rel(f)} -> ${rel(d)}`);
  assert.deepEqual(bad, []);
});

// The scorer words its sentences with the facts' labels: it may read the catalogue of declarations,
// which loads no probe code, and nothing else under probes/.
const CATALOGUE = 'probes/catalogue.ts';

test('store, network, queue, scorer, plan and reports never import probes/ (the scorer reads the fact catalogue)', () => {
  const layers = ['store/', 'net/', 'queue/', 'score/', 'plan/', 'report/'];
  const bad: string[] = [];
  for (const [f, deps] of graph)
    if (layers.some((l) => rel(f).startsWith(l)))
      for (const d of deps)
        if (rel(d).startsWith('probes/') && !(rel(f).startsWith('score/') && rel(d) === CATALOGUE))
          bad.push(`${rel(f)} -> ${rel(d)}`);
  assert.deepEqual(bad, []);
});
