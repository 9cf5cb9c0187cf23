// docs/facts.md from the fact catalogue (npm run docs:facts writes it; a unit test compares).
import { FACT_VALUE_LABELS } from '../core/facts.ts';
import { factCatalogue, type AnyProbeDefinition } from './registry.ts';

const HEAD = `# Facts: what probes hand to the scorer

Probes never score. Each measurement's \`values.facts\` holds flat, dotted fact names with a number,
string, boolean or null. Checklists (\`checklists/*.yaml\`) select indicator options by conditions
over these facts, so a new evaluation period needs a new checklist file, not new code.

This page is generated from the catalogue each probe declares in \`src/probes/<probe>/definition.ts\`
(\`npm run docs:facts\`); the Persian and English labels are the ones report sentences use.

Level says on which target the fact is produced: \`portal\` (the agency's home page or its whole
same-site crawl), \`service\` (one service page), \`host\` (once per host and port).
When a fact is missing (probe failed or not run) the scorer records the indicator as "not measured"
with the probe's error, never as 0.
`;

const VALUES_HEAD = `
## Words

String facts take a few words (\`none\`, \`partial\`, \`full\` ...). Report sentences speak them in the
report's language (\`src/core/facts.ts\`); grades and other words without an entry are shown as they are.
`;

const cell = (s: string) => s.replaceAll('|', '\\|');

export function factsMarkdown(definitions?: readonly AnyProbeDefinition[]): string {
  const rows = factCatalogue(definitions).map((f) =>
    [
      `\`${f.name}\``,
      f.type + (f.range && f.type === 'number' ? ` ${f.range}` : ''),
      f.level.join(', '),
      f.probe,
      `${f.label.fa} / ${f.label.en}`,
      f.meaning,
    ]
      .map(cell)
      .join(' | '),
  );
  return (
    HEAD +
    '\n| fact | type | level | probe | label (fa / en) | meaning |\n| --- | --- | --- | --- | --- | --- |\n' +
    rows.map((r) => `| ${r} |`).join('\n') +
    '\n' +
    VALUES_HEAD +
    '\n| word | fa | en |\n| --- | --- | --- |\n' +
    Object.entries(FACT_VALUE_LABELS)
      .map(([w, l]) => `| \`${w}\` | ${cell(l.fa)} | ${cell(l.en)} |`)
      .join('\n') +
    '\n'
  );
}

/** Cells of every table row, trimmed: compares a generated page with its prettier-formatted copy. */
export function tableCells(md: string): string[][] {
  return md
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    )
    .filter((cells) => !cells.every((c) => /^:?-+:?$/.test(c)));
}
