// Broken links (ITO 22): every link of the agency crawl, shared with the content probe.
import { crawlSettingsFrom } from '../content/definition.ts';
import { defineProbe } from '../definition.ts';

export const definition = defineProbe({
  id: 'links',
  appliesTo: ['portal'],
  needs: ['crawl', 'render'],
  facts: [
    {
      name: 'links.checked',
      type: 'number',
      level: ['portal'],
      label: { fa: 'پیوندهای بررسی‌شده', en: 'links checked' },
      meaning: 'links checked in the crawl',
    },
    {
      name: 'links.broken',
      type: 'number',
      level: ['portal'],
      label: { fa: 'پیوندهای شکسته', en: 'broken links' },
      meaning: 'broken links',
    },
    {
      name: 'links.skipped',
      type: 'number',
      level: ['portal'],
      label: { fa: 'پیوندهای بررسی‌نشده', en: 'links not checked' },
      meaning:
        'links not checked: external with `--external-links skip`, disallowed by robots.txt, or over the check cap',
    },
  ],
  settings: (input) => ({
    ...crawlSettingsFrom(input),
    externalLinks: input.crawl.externalLinks === 'skip' ? ('skip' as const) : ('check' as const),
  }),
  create: async (res, s) =>
    (await import('./probe.ts')).createLinksProbe({
      ...s,
      crawls: res.crawls,
      render: s.render ? await res.renderer() : undefined,
    }),
  details: (m) => [
    {
      label: { fa: 'پیوندهای شکسته', en: 'broken links' },
      value: (m.values.facts?.['links.broken'] as number) ?? null,
    },
  ],
});
