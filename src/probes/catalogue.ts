// Every probe payesh has: a plain list of definitions (each folder's definition.ts), and the fact
// catalogue they declare. Adding a probe is one folder and one line here. This module loads no probe
// code (definitions load theirs when a run builds them), so the scorer may read the facts' labels here.
import type { Bilingual, FactSpec } from '../core/facts.ts';
import type { ProbeDefinition } from './definition.ts';
import { definition as http } from './http/definition.ts';
import { definition as tls } from './tls/definition.ts';
import { definition as content } from './content/definition.ts';
import { definition as links } from './links/definition.ts';
import { definition as uptime } from './uptime/definition.ts';
import { definition as lighthouse } from './lighthouse/definition.ts';
import { definition as axe } from './axe/definition.ts';
import { definition as responsive } from './responsive/definition.ts';
import { definition as crossbrowser } from './crossbrowser/definition.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProbeDefinition = ProbeDefinition<any>;

export const PROBES: readonly AnyProbeDefinition[] = [
  http,
  tls,
  content,
  links,
  uptime,
  lighthouse,
  axe,
  responsive,
  crossbrowser,
];

/** The fact catalogue: every fact of every probe, with the probe that gives it. */
export function factCatalogue(
  definitions: readonly AnyProbeDefinition[] = PROBES,
): (FactSpec & { probe: string })[] {
  return definitions.flatMap((d) => d.facts.map((f) => ({ ...f, probe: d.id })));
}

let labels: Map<string, Bilingual> | null = null;

/** A fact's Persian and English label from the catalogue (report sentences); its name when undeclared. */
export function factLabel(fact: string): Bilingual {
  labels ??= new Map(factCatalogue().map((f) => [f.name, f.label]));
  return labels.get(fact) ?? { fa: fact, en: fact };
}
