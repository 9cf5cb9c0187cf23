import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planJobs, planTargets } from '../../src/plan/plan.ts';
import type { Agency } from '../../src/agencies/model.ts';
import type { Probe } from '../../src/probes/types.ts';

const agencies: Agency[] = [
  {
    id: 'A1',
    nameFa: 'یک',
    portalUrl: 'https://www.one.test/',
    services: [
      { id: '1000000001', title: 'الف', url: 'https://www.one.test/s/1', type: 'G2C' },
      { id: '1000000002', title: 'ب', url: 'https://eservices.one.test:8443/s/2', type: 'G2B' },
    ],
  },
  { id: 'A2', nameFa: 'دو', portalUrl: 'http://www.two.test/', services: [] },
];

test('portal, service and one host target per HTTPS host:port', () => {
  const t = planTargets(agencies);
  assert.deepEqual(
    t.map((x) => `${x.kind} ${x.agencyId} ${x.host}`),
    [
      'portal A1 www.one.test:443',
      'host A1 www.one.test:443',
      'service A1 www.one.test:443',
      'service A1 eservices.one.test:8443',
      'host A1 eservices.one.test:8443',
      'portal A2 www.two.test:80',
    ],
  );
});

test("jobs follow each probe's target kinds and interleave hosts", () => {
  const targets = planTargets(agencies).map((t, i) => ({ ...t, id: i + 1 }));
  const probe = (id: string, appliesTo: Probe['appliesTo']): Probe => ({
    id,
    appliesTo,
    run: async () => {
      throw new Error('not run');
    },
  });
  const jobs = planJobs(targets, [probe('http', ['portal', 'service']), probe('tls', ['host'])]);
  assert.equal(jobs.filter((j) => j.probe === 'tls').length, 2);
  assert.equal(jobs.filter((j) => j.probe === 'http').length, 4);
  // The first three jobs are on three different hosts.
  assert.equal(new Set(jobs.slice(0, 3).map((j) => j.host)).size, 3);
});
