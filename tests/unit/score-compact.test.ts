import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compactAgencyResult, expandAgencyResult } from '../../src/score/compact.ts';
import type { AgencyResult } from '../../src/score/types.ts';

const evidence = [{ kind: 'url' as const, url: 'https://a.test/faq', label: 'FAQ page' }];
const ref = {
  id: 7,
  probe: 'content',
  url: 'https://a.test/',
  toolVersion: 't',
  finishedAt: '2026-01-01T00:00:00Z',
  evidence,
};
const row = (indicatorId: string) => ({
  indicatorId,
  facts: [{ fact: 'faq.count', value: 12, how: 'portal', measurements: [ref] }],
});
const agency = {
  agencyId: 'A1',
  services: [
    { serviceId: '1000000001', indicators: [row('15'), row('13')] },
    { serviceId: '1000000002', indicators: [row('15')] },
  ],
} as unknown as AgencyResult;

test("a stored scorecard keeps each measurement's evidence once and gives it back on reading", () => {
  const stored = compactAgencyResult(agency);
  const text = JSON.stringify(stored);
  assert.equal(text.split('https://a.test/faq').length - 1, 1, 'evidence stored once');
  const back = expandAgencyResult(JSON.parse(text));
  assert.deepEqual(back, agency);
});
