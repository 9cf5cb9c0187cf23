// Responsiveness (ITO indicator 8): phone, tablet and desktop widths on the same page.
import { browserSettingsFrom } from '../browser-settings.ts';
import { defineProbe } from '../definition.ts';

export const definition = defineProbe({
  id: 'responsive',
  appliesTo: ['portal', 'service'],
  needs: ['browser', 'page'],
  facts: [
    {
      name: 'responsive.ok',
      type: 'boolean',
      level: ['portal', 'service'],
      label: { fa: 'سازگاری با تلفن همراه و تبلت', en: 'works on phones and tablets' },
      meaning:
        'at 360, 768 and 1366 px: no horizontal overflow, text not below 12 px, navigation reachable; zoom limits and overlapping tap targets are findings, not failures (docs/browser.md)',
    },
  ],
  settings: browserSettingsFrom,
  create: async (res, s) =>
    (await import('./index.ts')).createResponsiveProbe(s, await res.browser(), await res.pages()),
  details: (m) => [
    { label: { fa: 'ایرادها', en: 'failures' }, value: ((m.values.failures as string[]) ?? []).join(', ') },
  ],
});
