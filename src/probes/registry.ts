// The probes of a run: the runner builds them from the list (catalogue.ts: adding a probe is one folder
// and one line there) with the run's shared resources and the chosen checklist's settings.
import type { Logger } from 'pino';
import type { NetOptions } from '../net/options.ts';
import { UnknownProbeError } from '../core/errors.ts';
import type { Probe } from './types.ts';
import type { ProbeDefinition, SettingsInput } from './definition.ts';
import type { RunResources } from './resources.ts';
import { factCatalogue, PROBES, type AnyProbeDefinition } from './catalogue.ts';

export { factCatalogue, factLabel, PROBES, type AnyProbeDefinition } from './catalogue.ts';

export const ALL_PROBE_IDS = PROBES.map((d) => d.id);

export interface ProbeSettings {
  net: NetOptions;
  log: Logger;
  /** Only these probe ids (default: all). */
  only?: string[];
  /** Leave out these probe ids. */
  skip?: string[];
  /** Lighthouse runs per page, preset, WCAG level, page limits ... from the command line. */
  browser?: Record<string, unknown>;
  crawl?: Record<string, unknown>;
  /** Settings of the chosen checklist (wcagLevel, lighthouseRuns, countsAdjustTools ...). */
  checklist?: Record<string, number | string | boolean>;
  /** Database the uptime probe reads the monitor's checks from. */
  store?: unknown;
  period?: { from?: string; to?: string };
  /** Definitions to use instead of PROBES (a test adding its own probe). */
  definitions?: readonly AnyProbeDefinition[];
}

export interface ProbeSet {
  probes: Probe[];
  definitions: AnyProbeDefinition[];
  /** The run's shared resources (browser, crawls). */
  resources: RunResources;
  /** Releases shared resources (the browser). */
  close(): Promise<void>;
}

export function selectedDefinitions(
  s: Pick<ProbeSettings, 'only' | 'skip' | 'definitions'>,
): AnyProbeDefinition[] {
  const all = s.definitions ?? PROBES;
  const known = all.map((d) => d.id);
  for (const id of [...(s.only ?? []), ...(s.skip ?? [])])
    if (!known.includes(id)) throw new UnknownProbeError(id, known);
  return all.filter((d) => (!s.only || s.only.includes(d.id)) && !(s.skip ?? []).includes(d.id));
}

export function selectedProbeIds(s: Pick<ProbeSettings, 'only' | 'skip' | 'definitions'>): string[] {
  return selectedDefinitions(s).map((d) => d.id);
}

export function settingsInput(s: Omit<ProbeSettings, 'net' | 'log'>): SettingsInput {
  return {
    checklist: s.checklist ?? {},
    browser: s.browser ?? {},
    crawl: s.crawl ?? {},
    period: s.period,
  };
}

/** Builds the selected probes once for a run, with one set of shared resources. */
export async function createProbes(s: ProbeSettings): Promise<ProbeSet> {
  const definitions = selectedDefinitions(s);
  // Loaded here: the list and its fact catalogue are read by the scorer and the CLI without running probes.
  const { RunResources } = await import('./resources.ts');
  const resources = new RunResources({
    net: s.net,
    log: s.log,
    store: s.store,
    browser: s.browser as never,
    render: s.crawl?.render !== false,
  });
  const input = settingsInput(s);
  const probes: Probe[] = [];
  try {
    for (const d of definitions) probes.push(await d.create(resources, d.settings(input)));
  } catch (e) {
    await resources.close();
    throw e;
  }
  return { probes, definitions, resources, close: () => resources.close() };
}
