#!/usr/bin/env node
// Runs the test suites with Node's own runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [unit|integration] [extra node --test args]
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const which = process.argv[2] === 'unit' || process.argv[2] === 'integration' ? process.argv[2] : undefined;
const extra = process.argv.slice(which ? 3 : 2);

function find(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(find(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

const dirs = which ? [join('tests', which)] : [join('tests', 'unit'), join('tests', 'integration')];
const files = dirs.flatMap(find);
const args = [
  '--import',
  'tsx',
  '--test',
  '--test-concurrency=2',
  '--test-timeout=300000',
  ...extra,
  ...files,
];
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(r.status ?? 1);
