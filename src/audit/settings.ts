// The chosen checklist's settings as the probes read them: the global `settings:` with each
// indicator's own settings over them (e.g. ITO 12's countsAdjustTools). One path, checklist -> probes.
import { loadChecklist } from '../score/index.ts';
import type { Checklist } from '../score/types.ts';

export type ChecklistSettings = Record<string, number | string | boolean>;

export function checklistSettings(checklist: Checklist): ChecklistSettings {
  const out: ChecklistSettings = { ...checklist.settings };
  for (const ind of checklist.indicators) Object.assign(out, ind.settings ?? {});
  return out;
}

/** Settings of a checklist id or path; none when no checklist is chosen. */
export function checklistSettingsOf(id: string | null | undefined): ChecklistSettings {
  return id ? checklistSettings(loadChecklist(id)) : {};
}
