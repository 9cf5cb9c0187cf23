// The TLS probe: one scan per host and port, graded like SSL Labs (docs/tls-grading.md).
import { defineProbe } from '../definition.ts';

export const definition = defineProbe({
  id: 'tls',
  appliesTo: ['host'],
  needs: ['fetch'],
  facts: [
    {
      name: 'tls.grade',
      type: 'string',
      range: 'A+, A, A-, B, C, D, E, F, T, M',
      level: ['host'],
      label: { fa: 'رتبه‌ی امنیت ارتباط (TLS)', en: 'TLS grade' },
      meaning: 'A+, A, A-, B, C, D, E, F, T (untrusted), M (name mismatch)',
    },
  ],
  settings: () => ({}),
  create: async () => (await import('./probe.ts')).createTlsProbe(),
});
