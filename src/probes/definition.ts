// A probe definition: what a probe needs and gives. The runner reads these to plan jobs, to build
// each probe once per run with the resources it asks for, and to check the facts it returns.
// Modelled on Lighthouse's gatherers (requiredArtifacts) and its default config (a plain list).
import type { Logger } from 'pino';
import type { NetOptions } from '../net/options.ts';
import type { DetailLine, FactSpec, Measurement, Probe, TargetKind } from './types.ts';
import type { RunResources } from './resources.ts';

/**
 * Shared resources a probe may ask for; the runner makes each once per run.
 * - fetch: plain HTTP (the network options)
 * - crawl: the agency's same-site crawl (shared by content and links)
 * - browser: the run's Chromium pool
 * - render: rendering of pages built by script (for the crawl), on the same Chromium
 * - page: the target's rendered page, loaded once per target and read by every probe that needs it
 *   (the runner keeps it open until the last such job of the target is done, then closes it)
 * - store: the database (the uptime probe reads the monitor's checks)
 */
export type ResourceName = 'fetch' | 'crawl' | 'browser' | 'render' | 'page' | 'store';

/** What settings a probe reads: the checklist's `settings:` and the command line's choices. */
export interface SettingsInput {
  /** Global settings of the chosen checklist merged with the settings of its indicators. */
  checklist: Record<string, number | string | boolean>;
  /** Browser choices from the command line (runs, preset, wcagLevel, timeouts ...); they win. */
  browser: Record<string, unknown>;
  /** Crawl choices from the command line (maxPages, maxDepth, ignoreRobots, externalLinks, render). */
  crawl: Record<string, unknown>;
  period?: { from?: string; to?: string };
}

export interface ProbeDefinition<S = unknown> {
  id: string;
  /** Target kinds the probe can run on. Host-level probes run once per host. */
  appliesTo: TargetKind[];
  /** Resources the runner must provide. */
  needs: ResourceName[];
  /** The facts it gives the scorer (the catalogue). */
  facts: FactSpec[];
  /** Its settings from the checklist and the command line (defaults filled in). */
  settings(input: SettingsInput): S;
  /** Builds the probe for one run with the run's resources. Loads heavy code lazily. */
  create(resources: RunResources, settings: S): Promise<Probe>;
  /** How a measurement's details show in a report (the runner stores them with the measurement). */
  details?(m: Measurement): DetailLine[];
}

/** Helper so a definition's settings type is inferred. */
export function defineProbe<S>(d: ProbeDefinition<S>): ProbeDefinition<S> {
  return d;
}

export interface BuildContext {
  net: NetOptions;
  log: Logger;
}
