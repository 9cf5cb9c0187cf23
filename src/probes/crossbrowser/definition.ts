// Cross-browser (ARO): the portal home in Chromium and in Firefox compared.
import { browserSettingsFrom } from '../browser-settings.ts';
import { defineProbe } from '../definition.ts';

export const definition = defineProbe({
  id: 'crossbrowser',
  appliesTo: ['portal'],
  needs: ['browser', 'page'],
  facts: [
    {
      name: 'browsers.ok',
      type: 'boolean',
      level: ['portal'],
      label: { fa: 'سازگاری با مرورگرها', en: 'works in the major browsers' },
      meaning:
        'loads in Chromium and Firefox with no extra script errors and the same main navigation; absent when no second engine can be driven',
    },
  ],
  settings: browserSettingsFrom,
  create: async (res, s) =>
    (await import('./index.ts')).createCrossBrowserProbe(
      s,
      await res.browser(),
      await res.pages(),
      await res.firefox(),
    ),
});
