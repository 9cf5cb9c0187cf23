// Every fact a checklist reads has a Persian and an English label, so no sentence shows an internal key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { FACT_LABELS } from '../../src/score/fact-labels.ts';
import { loadChecklist } from '../../src/score/checklists.ts';
import { factsOf } from '../../src/score/conditions.ts';

test('every fact the checklists read has a label in both languages', () => {
  for (const file of readdirSync('checklists').filter((f) => f.endsWith('.yaml'))) {
    const cl = loadChecklist(file.replace(/\.yaml$/, ''));
    for (const ind of cl.indicators) {
      const facts = new Set<string>();
      for (const o of ind.options) if (o.when) factsOf(o.when).forEach((f) => facts.add(f));
      if (ind.requires) factsOf(ind.requires).forEach((f) => facts.add(f));
      for (const f of facts) {
        const label = FACT_LABELS[f];
        assert.ok(
          label?.fa && label.en,
          `${cl.id} indicator ${ind.id}: fact ${f} has no label in src/score/fact-labels.ts`,
        );
      }
    }
  }
});
