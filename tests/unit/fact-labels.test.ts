// Every fact a checklist reads is declared in the fact catalogue with a Persian and an English label,
// and every word a checklist compares a fact with is spoken, so no sentence shows an internal key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { FACT_VALUE_LABELS } from '../../src/core/facts.ts';
import { factCatalogue, factLabel } from '../../src/probes/registry.ts';
import { loadChecklist } from '../../src/score/checklists.ts';
import { factsOf } from '../../src/score/conditions.ts';
import type { Condition } from '../../src/score/types.ts';

const checklists = () =>
  readdirSync('checklists')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => loadChecklist(f.replace(/\.yaml$/, '')));

function conditionsOf(ind: ReturnType<typeof loadChecklist>['indicators'][number]): Condition[] {
  return [...ind.options.flatMap((o) => (o.when ? [o.when] : [])), ...(ind.requires ? [ind.requires] : [])];
}

/** String words a condition compares facts with (eq / in). */
function wordsOf(c: Condition, out = new Set<string>()): Set<string> {
  if ('all' in c) c.all.forEach((x) => wordsOf(x, out));
  else if ('any' in c) c.any.forEach((x) => wordsOf(x, out));
  else if ('not' in c) wordsOf(c.not, out);
  else if ('eq' in c && typeof c.eq === 'string') out.add(c.eq);
  else if ('in' in c) for (const v of c.in) if (typeof v === 'string') out.add(v);
  return out;
}

test('every fact the checklists read is in the catalogue with a label in both languages', () => {
  const declared = new Set(factCatalogue().map((f) => f.name));
  for (const cl of checklists())
    for (const ind of cl.indicators)
      for (const c of conditionsOf(ind))
        for (const f of factsOf(c)) {
          assert.ok(declared.has(f), `${cl.id} indicator ${ind.id}: fact ${f} is not declared by any probe`);
          const label = factLabel(f);
          assert.ok(label.fa && label.en && label.fa !== f && label.en !== f, `${f} has no label`);
        }
});

test('every word a checklist compares a fact with is spoken in both languages (grades stay letters)', () => {
  for (const cl of checklists())
    for (const ind of cl.indicators)
      for (const c of conditionsOf(ind))
        for (const w of wordsOf(c))
          if (!/^[A-F][+-]?$|^[TM]$/.test(w))
            assert.ok(
              FACT_VALUE_LABELS[w]?.fa && FACT_VALUE_LABELS[w]?.en,
              `${cl.id} ${ind.id}: "${w}" has no label`,
            );
});

test('a fact declared by two probes has one label', () => {
  const seen = new Map<string, string>();
  for (const f of factCatalogue()) {
    const l = `${f.label.fa} / ${f.label.en}`;
    if (seen.has(f.name)) assert.equal(l, seen.get(f.name), f.name);
    seen.set(f.name, l);
  }
});
