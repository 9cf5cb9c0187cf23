// Browser probe settings from the checklist and the command line: the checklist's wcagLevel,
// lighthouseRuns and countsAdjustTools unless the command line chose otherwise.
import type { BrowserSettings, WcagLevel } from '../browser/settings.ts';
import type { SettingsInput } from './definition.ts';

export function browserSettingsFrom(input: SettingsInput): Partial<BrowserSettings> {
  const c = input.checklist;
  const out: Partial<BrowserSettings> = {};
  if (typeof c.wcagLevel === 'string') out.wcagLevel = c.wcagLevel.toUpperCase() as WcagLevel;
  if (typeof c.lighthouseRuns === 'number') out.runs = c.lighthouseRuns;
  if (typeof c.countsAdjustTools === 'boolean') out.countsAdjustTools = c.countsAdjustTools;
  for (const [k, v] of Object.entries(input.browser))
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
