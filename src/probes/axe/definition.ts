// Accessibility (ITO indicator 12): axe-core rules of the checklist's WCAG level.
import { browserSettingsFrom } from '../browser-settings.ts';
import { defineProbe } from '../definition.ts';

export const definition = defineProbe({
  id: 'axe',
  appliesTo: ['portal', 'service'],
  needs: ['browser', 'page'],
  facts: [
    {
      name: 'a11y.level',
      type: 'string',
      range: 'full, partial, none',
      level: ['portal', 'service'],
      label: { fa: 'سطح دسترس‌پذیری', en: 'accessibility level' },
      meaning:
        '`full` (no violation of the configured WCAG level), `partial` (most rules pass and a basic aid: lang, image alternatives, labels, skip link or adjusting tools), `none`; thresholds in docs/browser.md',
    },
    {
      name: 'a11y.violations',
      type: 'number',
      level: ['portal', 'service'],
      label: { fa: 'تعداد قواعد نقض‌شده WCAG', en: 'violated WCAG rules' },
      meaning: 'violated rules at the configured level',
    },
    {
      name: 'a11y.adjustTools',
      type: 'boolean',
      level: ['portal', 'service'],
      label: { fa: 'ابزار تنظیم اندازه‌ی قلم و رنگ', en: 'font-size and colour controls' },
      meaning:
        'font-size / contrast / colour controls found (always false when the checklist sets countsAdjustTools: false)',
    },
  ],
  settings: browserSettingsFrom,
  create: async (res, s) =>
    (await import('./index.ts')).createAxeProbe(s, await res.browser(), await res.pages()),
  details: (m) => [
    { label: { fa: 'سطح WCAG', en: 'WCAG level' }, value: (m.values.wcagLevel as string) ?? null },
    { label: { fa: 'نتیجه', en: 'result' }, value: (m.values.level as string) ?? null },
  ],
});
