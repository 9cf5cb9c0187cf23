// The fact catalogue's shape: every fact a probe hands the scorer, with its type, the targets it is
// measured on and short Persian and English labels for report sentences. docs/facts.md is generated
// from the catalogue (npm run docs:facts) and a test keeps the two equal.
import type { TargetKind } from './target.ts';

export interface Bilingual {
  fa: string;
  en: string;
}

export interface FactSpec {
  /** Dotted name, e.g. "speed.score". */
  name: string;
  type: 'boolean' | 'number' | 'string';
  /** Numbers: the range ("0-100"); strings: the words it takes. */
  range?: string;
  /** Targets the fact is measured on: portal (home page or the whole crawl), service page, host. */
  level: TargetKind[];
  /** Short label for report sentences. */
  label: Bilingual;
  /** What the value means, in English, for docs/facts.md. */
  meaning: string;
}

/** A probe's details for a report, in a shape every renderer understands (no probe-private values). */
export interface DetailLine {
  label: Bilingual;
  value: string | number | boolean | null;
  url?: string;
}
