// ARO items that the ARO text scores "by inquiring the ITO result" (seed 000) take the ITO score of
// the same period when the store has one, and fall back to payesh's own reading otherwise.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agency } from '../../src/agencies/model.ts';
import { scoreRun } from '../../src/score/score-run.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';

let dir: string;
let db: string;

const agencies: Agency[] = [
  {
    id: 'alpha',
    nameFa: 'سازمان آلفا',
    portalUrl: 'https://alpha.example.ir/',
    services: [
      { id: '1000000001', title: 'استعلام', url: 'https://alpha.example.ir/s/1', type: 'G2C' },
      // The main service runs on its own site, which ITO indicator 4 grades (seed 003 §3-6).
      {
        id: '1000000002',
        title: 'صدور مجوز',
        url: 'https://svc.alpha.example.ir/s/2',
        type: 'G2C',
        main: true,
      },
    ],
  },
  { id: 'beta', nameFa: 'سازمان بتا', portalUrl: 'https://beta.example.ir/', services: [] },
];

async function seedRun(store: SqliteStore, runId: string, periodId: string) {
  await store.createRun({ id: runId, periodId, agenciesFile: 'agencies.csv', checklistId: 'ito-p7' });
  await store.saveAgencies(runId, agencies);
  const targets = await store.addTargets(runId, [
    { agencyId: 'alpha', kind: 'portal', url: 'https://alpha.example.ir/', host: 'alpha.example.ir' },
    {
      agencyId: 'alpha',
      serviceId: '1000000001',
      kind: 'service',
      url: 'https://alpha.example.ir/s/1',
      host: 'alpha.example.ir',
    },
    {
      agencyId: 'alpha',
      serviceId: '1000000002',
      kind: 'service',
      url: 'https://svc.alpha.example.ir/s/2',
      host: 'svc.alpha.example.ir',
    },
    { agencyId: 'alpha', kind: 'host', url: 'https://alpha.example.ir/', host: 'alpha.example.ir:443' },
    {
      agencyId: 'alpha',
      kind: 'host',
      url: 'https://svc.alpha.example.ir/',
      host: 'svc.alpha.example.ir:443',
    },
    { agencyId: 'beta', kind: 'portal', url: 'https://beta.example.ir/', host: 'beta.example.ir' },
    { agencyId: 'beta', kind: 'host', url: 'https://beta.example.ir/', host: 'beta.example.ir:443' },
  ]);
  const id = (agency: string, url: string) =>
    targets.find((t) => t.agencyId === agency && t.kind === 'host' && t.url === url)!.id!;
  const tls = (url: string, grade: string) => ({
    probe: 'tls',
    url,
    values: { facts: { 'tls.grade': grade } },
    evidence: [{ kind: 'url' as const, url, label: 'tls' }],
    toolVersion: 'tls/1.0',
    startedAt: '2022-01-10T08:00:00.000Z',
    finishedAt: '2022-01-10T08:00:05.000Z',
  });
  // The portal's site grades A; the main service's site B.
  await store.saveMeasurement(
    runId,
    id('alpha', 'https://alpha.example.ir/'),
    tls('https://alpha.example.ir/', 'A'),
  );
  await store.saveMeasurement(
    runId,
    id('alpha', 'https://svc.alpha.example.ir/'),
    tls('https://svc.alpha.example.ir/', 'B'),
  );
  await store.saveMeasurement(
    runId,
    id('beta', 'https://beta.example.ir/'),
    tls('https://beta.example.ir/', 'A'),
  );
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'payesh-taken-'));
  db = join(dir, 'payesh.db');
  const store = new SqliteStore(db);
  await store.ensurePeriod({ id: 'y1400', name: 'سال ۱۴۰۰' });
  await store.ensurePeriod({ id: 'y1399', name: 'سال ۱۳۹۹' });
  await seedRun(store, 'r1400', 'y1400');
  await seedRun(store, 'r1399', 'y1399');
  await store.close();
});

after(() => rmSync(dir, { recursive: true, force: true }));

const row = (r: Awaited<ReturnType<typeof scoreRun>>, agency: string, indicator: string) =>
  r.agencies
    .find((a) => a.agencyId === agency)!
    .services[0].indicators.find((i) => i.indicatorId === indicator)!;

test('ARO 3.2.1 reads the site itself until an ITO score of the period exists, then takes it', async () => {
  const store = new SqliteStore(db);
  try {
    const before = await scoreRun(store, 'r1400', { checklistId: 'aro-1400-national' });
    const own = row(before, 'alpha', '3.2.1');
    assert.equal(own.source, 'auto');
    assert.equal(own.value, 1); // the first service's (the portal's) site grades A
    assert.match(own.because.en, /no ito-p7 result of this period in the store for indicator 4/);

    const ito = await scoreRun(store, 'r1400', { checklistId: 'ito-p7' });
    assert.equal(row(ito, 'alpha', '4').value, 0.5); // main service's site: B

    const after = await scoreRun(store, 'r1400', { checklistId: 'aro-1400-national' });
    const taken = row(after, 'alpha', '3.2.1');
    assert.equal(taken.source, 'taken');
    assert.equal(taken.value, 0.5);
    assert.equal(taken.autoValue, 1, "payesh's own reading stays visible as evidence");
    assert.deepEqual(
      { checklist: taken.taken?.checklistId, indicator: taken.taken?.indicatorId, run: taken.taken?.runId },
      { checklist: 'ito-p7', indicator: '4', run: 'r1400' },
    );
    assert.match(taken.because.en, /Taken from ito-p7 indicator 4 of period y1400 \(run r1400\): 0\.5/);
    assert.match(taken.because.fa, /برگرفته از شاخص ۴/);
    // Stored rows keep where the value came from.
    const stored = (await store.listScores('r1400', 'aro-1400-national')).find(
      (r) => r.agencyId === 'alpha' && r.indicatorId === '3.2.1',
    )!;
    assert.equal(stored.source, 'taken');
    assert.equal((stored.details.taken as { runId: string }).runId, 'r1400');

    // Beta lists no services: ITO 4 (a service-level indicator) left it out, so nothing decides 3.2.1
    // and payesh measures it.
    const beta = row(after, 'beta', '3.2.1');
    assert.equal(beta.source, 'auto');
    assert.equal(beta.value, 1);
  } finally {
    await store.close();
  }
});

test('an ITO score of another period is not taken', async () => {
  const store = new SqliteStore(db);
  try {
    await scoreRun(store, 'r1400', { checklistId: 'ito-p7' });
    const r = await scoreRun(store, 'r1399', { checklistId: 'aro-1400-national' });
    const own = row(r, 'alpha', '3.2.1');
    assert.equal(own.source, 'auto');
    assert.equal(own.value, 1);
  } finally {
    await store.close();
  }
});
