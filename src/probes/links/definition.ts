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
      name: 'links.internalChecked',
      type: 'number',
      level: ['portal'],
      label: { fa: 'پیوندهای داخلی بررسی‌شده', en: 'internal links checked' },
      meaning: "internal links (the agency's hosts) checked",
    },
    {
      name: 'links.internalBroken',
      type: 'number',
      level: ['portal'],
      label: { fa: 'پیوندهای داخلی شکسته', en: 'broken internal links' },
      meaning: 'broken internal links',
    },
    {
      name: 'links.internalBrokenShare',
      type: 'number',
      level: ['portal'],
      label: { fa: 'سهم پیوندهای داخلی شکسته', en: 'share of broken internal links' },
      meaning:
        'broken internal links / internal links checked (0-1); ITO 22 fails above the setting `maxInternalBrokenShare` (0.02)',
    },
    {
      name: 'links.navBroken',
      type: 'number',
      level: ['portal'],
      label: {
        fa: 'صفحه‌های شکسته در مسیر ناوبری',
        en: 'broken pages reached from the home or service pages',
      },
      meaning:
        'broken internal links on the home or service pages, and service pages of the agency list that do not answer; ITO 22 fails on any',
    },
    {
      name: 'links.externalBroken',
      type: 'number',
      level: ['portal'],
      label: { fa: 'پیوندهای بیرونی شکسته', en: 'broken external links' },
      meaning: 'broken links to other sites: listed, never deciding ITO 22',
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
