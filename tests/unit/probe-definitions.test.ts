// The probe list and its fact catalogue: docs/facts.md matches it, every fact a shipped checklist
// reads is declared by a probe, and checklist settings reach the probes through one path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checklistSettingsOf } from '../../src/audit/settings.ts';
import { wcagTags } from '../../src/browser/settings.ts';
import { factsMarkdown, tableCells } from '../../src/probes/facts-doc.ts';
import { factCatalogue, PROBES, settingsInput } from '../../src/probes/registry.ts';

test('docs/facts.md is the catalogue (regenerate with npm run docs:facts)', () => {
  assert.deepEqual(tableCells(readFileSync('docs/facts.md', 'utf8')), tableCells(factsMarkdown()));
});

test('every fact has one probe, a type, a level and Persian and English labels', () => {
  const names = factCatalogue().map((f) => `${f.probe}:${f.name}`);
  assert.deepEqual(
    names.filter((n, i) => names.indexOf(n) !== i),
    [],
    'no probe declares a fact twice',
  );
  for (const f of factCatalogue()) {
    assert.match(f.name, /^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9]+)+$/, f.name);
    assert.ok(f.label.fa.trim() && f.label.en.trim(), `${f.name} has both labels`);
    assert.ok(f.level.length > 0, `${f.name} has a level`);
  }
  const ids = PROBES.map((d) => d.id);
  assert.equal(new Set(ids).size, ids.length, 'probe ids are unique');
});

test('every fact a shipped checklist reads is in the catalogue', () => {
  const known = new Set(factCatalogue().map((f) => f.name));
  const missing: string[] = [];
  for (const file of readdirSync('checklists').filter((f) => f.endsWith('.yaml'))) {
    const text = readFileSync(join('checklists', file), 'utf8');
    const read = [
      ...[...text.matchAll(/\bfact:\s*([a-zA-Z0-9.]+)/g)].map((m) => m[1]),
      ...[...text.matchAll(/^\s+([a-z][a-zA-Z0-9]*\.[a-zA-Z0-9.]+):\s*\{\s*from:/gm)].map((m) => m[1]),
    ];
    for (const f of read) if (!known.has(f)) missing.push(`${file}: ${f}`);
  }
  assert.deepEqual([...new Set(missing)], []);
});

test('checklist settings reach the browser probes; the command line wins', () => {
  const dir = mkdtempSync(join(tmpdir(), 'payesh-settings-'));
  try {
    const copy = join(dir, 'ito-p7-aaa.yaml');
    copyFileSync(join('checklists', 'ito-p7.yaml'), copy);
    const text = readFileSync(copy, 'utf8')
      .replace(/^ {2}wcagLevel: A$/m, '  wcagLevel: AAA')
      .replace(/^ {2}lighthouseRuns: 3$/m, '  lighthouseRuns: 2')
      .replace(/countsAdjustTools: true/, 'countsAdjustTools: false');
    writeFileSync(copy, text);
    const axe = PROBES.find((d) => d.id === 'axe')!;
    const lighthouse = PROBES.find((d) => d.id === 'lighthouse')!;
    const official = axe.settings(settingsInput({ checklist: checklistSettingsOf('ito-p7') }));
    const changed = axe.settings(settingsInput({ checklist: checklistSettingsOf(copy) }));
    assert.equal(official.wcagLevel, 'A');
    assert.equal(official.countsAdjustTools, true);
    assert.equal(changed.wcagLevel, 'AAA');
    assert.equal(changed.countsAdjustTools, false);
    assert.ok(wcagTags(changed.wcagLevel).includes('wcag2aaa'));
    assert.ok(!wcagTags(official.wcagLevel).includes('wcag2aa'));
    assert.equal(lighthouse.settings(settingsInput({ checklist: checklistSettingsOf('ito-p7') })).runs, 3);
    assert.equal(lighthouse.settings(settingsInput({ checklist: checklistSettingsOf(copy) })).runs, 2);
    const cli = lighthouse.settings(
      settingsInput({ checklist: checklistSettingsOf(copy), browser: { runs: 1 } }),
    );
    assert.equal(cli.runs, 1, '--runs on the command line wins over the checklist');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
