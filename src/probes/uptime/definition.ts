// The uptime probe: reads the monitor's checks for the page over the audit's period.
import { defineProbe } from '../definition.ts';

const percent = (name: string, fa: string, en: string, meaning: string) => ({
  name,
  type: 'number' as const,
  range: '0-100',
  level: ['portal' as const, 'service' as const],
  label: { fa, en },
  meaning,
});

export const definition = defineProbe({
  id: 'uptime',
  appliesTo: ['portal', 'service'],
  needs: ['store'],
  facts: [
    percent(
      'uptime.percent',
      'دسترس‌پذیری زمانی (درصد)',
      'uptime (%)',
      'up checks / checks made over the period (time-weighted)',
    ),
    percent(
      'uptime.coverage',
      'پوشش پایش زمانی (درصد)',
      'uptime monitoring coverage (%)',
      'checks made / checks expected',
    ),
    percent(
      'uptime.blockedPercent',
      'سهم زمان مسدود',
      'time blocked',
      'share of the window covered by blocked checks (WAF, 403, 429), outside the uptime denominator',
    ),
    {
      name: 'uptime.checks',
      type: 'number',
      level: ['portal', 'service'],
      label: { fa: 'تعداد بررسی‌ها', en: 'checks made' },
      meaning: 'checks made in the window',
    },
  ],
  settings: (input) => ({ period: input.period }),
  create: async (res, s) =>
    (await import('./index.ts')).createUptimeProbeFromSettings({ store: res.store, period: s.period }),
});
