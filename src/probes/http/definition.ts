// The HTTP probe: one plain request per page (status, timings, headers, WAF challenge, domain).
import { defineProbe } from '../definition.ts';

export const definition = defineProbe({
  id: 'http',
  appliesTo: ['portal', 'service'],
  needs: ['fetch'],
  facts: [
    {
      name: 'http.ok',
      type: 'boolean',
      level: ['portal', 'service'],
      label: { fa: 'پاسخ موفق صفحه', en: 'page answers' },
      meaning: 'final status 2xx/3xx',
    },
    {
      name: 'http.status',
      type: 'number',
      level: ['portal', 'service'],
      label: { fa: 'کد وضعیت HTTP', en: 'HTTP status' },
      meaning: 'final HTTP status',
    },
    {
      name: 'http.blocked',
      type: 'boolean',
      level: ['portal', 'service'],
      label: { fa: 'مسدود شدن توسط دیواره آتش وب', en: 'blocked by a firewall' },
      meaning:
        'a CDN/WAF challenge or block page was served instead of the site (`http.ok` is then null: blocked is not down)',
    },
    {
      name: 'domain.standard',
      type: 'boolean',
      level: ['portal', 'service'],
      label: { fa: 'دامنه‌ی استاندارد دولتی', en: 'standard government domain' },
      meaning: 'host under .gov.ir / .ir (the content probe gives it for the portal too)',
    },
  ],
  settings: () => ({}),
  create: async () => (await import('./probe.ts')).httpProbe,
  details: (m) => [
    { label: { fa: 'کد وضعیت', en: 'status' }, value: (m.values.status as number | undefined) ?? null },
  ],
});
