// Writes docs/facts.md from the probes' fact catalogue: npm run docs:facts
import { writeFileSync } from 'node:fs';
import { factsMarkdown } from '../src/probes/facts-doc.ts';

writeFileSync('docs/facts.md', factsMarkdown());
