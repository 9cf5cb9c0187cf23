// Speed (ITO indicator 3): Lighthouse performance, median of the checklist's lighthouseRuns.
import { browserSettingsFrom } from '../browser-settings.ts';
import { defineProbe } from '../definition.ts';

export const definition = defineProbe({
  id: 'lighthouse',
  appliesTo: ['portal', 'service'],
  needs: ['browser'],
  facts: [
    {
      name: 'speed.score',
      type: 'number',
      range: '0-100',
      level: ['portal', 'service'],
      label: { fa: 'امتیاز سرعت (Lighthouse)', en: 'speed score (Lighthouse)' },
      meaning: 'Lighthouse performance score, median of runs',
    },
  ],
  settings: browserSettingsFrom,
  create: async (res, s) => (await import('./index.ts')).createLighthouseProbe(s, await res.browser()),
  details: (m) => [
    { label: { fa: 'امتیاز میانه', en: 'median score' }, value: (m.values.score as number) ?? null },
    {
      label: { fa: 'تعداد اجرا', en: 'runs' },
      value: (m.values.runs as unknown[] | undefined)?.length ?? null,
    },
  ],
});
