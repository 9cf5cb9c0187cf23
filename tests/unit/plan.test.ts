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

test('the checklist plans what its indicators read: speed, TLS, axe, responsive on portal and main service', async () => {
  const { measurePlan } = await import('../../src/audit/measure-plan.ts');
  const { PROBES } = await import('../../src/probes/registry.ts');
  const { loadChecklist } = await import('../../src/score/index.ts');
  const targets = planTargets(agencies).map((t, i) => ({ ...t, id: i + 1 }));
  const checklist = loadChecklist('ito-p7');
  const plan = measurePlan(checklist, PROBES, targets, agencies);
  const jobs = planJobs(
    targets,
    PROBES.map((d) => ({ id: d.id, appliesTo: d.appliesTo })),
    plan,
  );
  const on = (probe: string) =>
    jobs
      .filter((j) => j.probe === probe)
      .map((j) => targets.find((t) => t.id === j.targetId)!)
      .map((t) => `${t.kind} ${t.serviceId ?? t.host}`)
      .sort();
  // A1's first listed service is its main one; the second (another host) is measured by http/uptime only.
  assert.deepEqual(on('lighthouse'), [
    'portal www.one.test:443',
    'portal www.two.test:80',
    'service 1000000001',
  ]);
  assert.deepEqual(on('axe'), on('lighthouse'));
  assert.deepEqual(on('tls'), ['host www.one.test:443'], 'TLS only on the hosts of the measured pages');
  assert.equal(on('uptime').length, 4, 'probes the checklist does not scope measure every page');
  assert.equal(on('http').length, 0, 'no ITO period 7 indicator reads an http fact');
  assert.deepEqual(on('content'), ['portal www.one.test:443', 'portal www.two.test:80']);

  // A main mark in the list moves the measurement; a checklist that reads no speed fact runs no Lighthouse.
  const marked = structuredClone(agencies);
  marked[0].services[1].main = true;
  const noSpeed = {
    ...checklist,
    indicators: checklist.indicators.filter((i) => !JSON.stringify(i).includes('speed.score')),
  };
  const plan2 = measurePlan(noSpeed, PROBES, targets, marked);
  const jobs2 = planJobs(
    targets,
    PROBES.map((d) => ({ id: d.id, appliesTo: d.appliesTo })),
    plan2,
  );
  assert.equal(jobs2.filter((j) => j.probe === 'lighthouse').length, 0);
  assert.deepEqual(
    jobs2
      .filter((j) => j.probe === 'axe')
      .map((j) => targets.find((t) => t.id === j.targetId)!.url)
      .sort(),
    ['http://www.two.test/', 'https://eservices.one.test:8443/s/2', 'https://www.one.test/'],
  );
  assert.equal(jobs2.filter((j) => j.probe === 'tls').length, 2);
  // Without a plan (--all-pages) every probe measures every page it applies to.
  assert.equal(
    planJobs(
      targets,
      PROBES.map((d) => ({ id: d.id, appliesTo: d.appliesTo })),
    ).filter((j) => j.probe === 'lighthouse').length,
    4,
  );
});
