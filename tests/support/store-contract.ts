// The behaviour every Store implementation must show, as node:test cases. Each backend's test file
// calls storeContract() with a function that opens a fresh, empty store.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Agency } from '../../src/agencies/model.ts';
import type { Measurement } from '../../src/probes/types.ts';
import type { Store } from '../../src/store/repository.ts';

export interface ContractBackend {
  /** A fresh, empty store for one case. */
  open(): Promise<Store>;
  /** Opens a second handle on the same database as `store` (to check that migrations run once). */
  reopen?(store: Store): Promise<Store>;
}

const agencies: Agency[] = [
  {
    id: 'tax',
    nameFa: 'سازمان امور مالیاتی',
    nameEn: 'Tax Affairs',
    portalUrl: 'https://tax.example.test/',
    services: [{ id: '1000000001', title: 'ثبت‌نام', url: 'https://my.tax.example.test/reg', type: 'G2C' }],
  },
  {
    id: 'agri',
    nameFa: 'وزارت جهاد کشاورزی',
    parent: 'دولت',
    portalUrl: 'https://agri.example.test/',
    services: [],
  },
  { id: 'aaa', nameFa: 'الف', portalUrl: 'http://aaa.example.test/', services: [] },
];

function measurement(probe: string, url: string, over: Partial<Measurement> = {}): Measurement {
  return {
    probe,
    url,
    values: { facts: { 'http.status': 200, 'http.ok': true }, title: 'درگاه ملی' },
    evidence: [{ kind: 'url', url, label: 'صفحه' }],
    toolVersion: 'payesh-test/1',
    startedAt: '2024-03-20T10:00:00.000Z',
    finishedAt: '2024-03-20T10:00:01.500Z',
    ...over,
  };
}

async function withStore(backend: ContractBackend, fn: (s: Store) => Promise<void>): Promise<void> {
  const store = await backend.open();
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

/** A run with the three agencies, their targets and one job per (probe, target). */
async function seedRun(s: Store, runId = 'r1') {
  await s.createRun({ id: runId, agenciesFile: 'agencies.csv', options: { only: ['http'] } });
  await s.saveAgencies(runId, agencies);
  const targets = await s.addTargets(runId, [
    {
      agencyId: 'tax',
      serviceId: null,
      kind: 'portal',
      url: 'https://tax.example.test/',
      host: 'tax.example.test:443',
    },
    {
      agencyId: 'tax',
      serviceId: '1000000001',
      kind: 'service',
      url: 'https://my.tax.example.test/reg',
      host: 'my.tax.example.test:443',
    },
    {
      agencyId: 'tax',
      serviceId: null,
      kind: 'host',
      url: 'https://tax.example.test:443/',
      host: 'tax.example.test:443',
    },
    {
      agencyId: 'agri',
      serviceId: null,
      kind: 'portal',
      url: 'https://agri.example.test/',
      host: 'agri.example.test:443',
    },
  ]);
  await s.addJobs(
    runId,
    targets.flatMap((t) =>
      t.kind === 'host' ? [{ probe: 'tls', targetId: t.id! }] : [{ probe: 'http', targetId: t.id! }],
    ),
  );
  return targets;
}

export function storeContract(name: string, backend: ContractBackend, skip?: string): void {
  const t = (title: string, fn: () => Promise<void>) => test(`${name}: ${title}`, { skip }, fn);

  t('runs are created, listed and finished', async () => {
    await withStore(backend, async (s) => {
      await s.ensurePeriod({ id: 'p7', name: 'دوره هفتم', startsOn: '2024-03-20' });
      await s.ensurePeriod({ id: 'p7', name: 'دوره ۷' });
      const r = await s.createRun({
        id: 'r1',
        periodId: 'p7',
        agenciesFile: 'a.csv',
        checklistId: 'ito-7',
        options: { perHost: 2 },
      });
      assert.equal(r.state, 'planned');
      assert.equal(r.periodId, 'p7');
      assert.deepEqual(r.options, { perHost: 2 });
      assert.equal(r.finishedAt, null);
      await new Promise((res) => setTimeout(res, 5));
      await s.createRun({ id: 'r2', agenciesFile: 'b.csv' });
      assert.deepEqual(
        (await s.listRuns()).map((x) => x.id),
        ['r2', 'r1'],
      );
      await s.setRunState('r1', 'running');
      assert.equal((await s.getRun('r1'))!.finishedAt, null);
      await s.setRunState('r1', 'done');
      const done = (await s.getRun('r1'))!;
      assert.equal(done.state, 'done');
      assert.match(done.finishedAt!, /^\d{4}-\d\d-\d\dT/);
      assert.equal(await s.getRun('nope'), undefined);
      await assert.rejects(s.createRun({ id: 'r1', agenciesFile: 'again.csv' }));
    });
  });

  t('agencies keep their list order and Persian text', async () => {
    await withStore(backend, async (s) => {
      await s.createRun({ id: 'r1', agenciesFile: 'a.csv' });
      await s.saveAgencies('r1', agencies);
      await s.saveAgencies('r1', agencies); // idempotent
      const back = await s.listAgencies('r1');
      assert.deepEqual(back, agencies);
    });
  });

  t('targets are deduplicated and numbered in insertion order', async () => {
    await withStore(backend, async (s) => {
      const targets = await seedRun(s);
      assert.equal(targets.length, 4);
      assert.deepEqual(
        targets.map((x) => x.kind),
        ['portal', 'service', 'host', 'portal'],
      );
      assert.equal(targets[0].serviceId, null);
      assert.equal(targets[1].serviceId, '1000000001');
      assert.equal(targets[0].runId, 'r1');
      assert.ok(targets.every((x) => typeof x.id === 'number'));
      assert.ok(targets[0].id! < targets[1].id! && targets[1].id! < targets[3].id!);
      const again = await s.addTargets('r1', [
        {
          agencyId: 'tax',
          serviceId: null,
          kind: 'portal',
          url: 'https://tax.example.test/',
          host: 'tax.example.test:443',
        },
        {
          agencyId: 'aaa',
          serviceId: null,
          kind: 'portal',
          url: 'http://aaa.example.test/',
          host: 'aaa.example.test:80',
        },
      ]);
      assert.equal(again.length, 5);
      assert.deepEqual(again.slice(0, 4), targets);
    });
  });

  t('jobs: added once, states, attempts, reset of running jobs', async () => {
    await withStore(backend, async (s) => {
      const targets = await seedRun(s);
      const jobs = await s.listJobs('r1');
      assert.deepEqual(
        jobs.map((j) => j.key),
        [`http:${targets[0].id}`, `http:${targets[1].id}`, `tls:${targets[2].id}`, `http:${targets[3].id}`],
      );
      assert.ok(jobs.every((j) => j.state === 'pending' && j.attempts === 0 && j.lastError === null));
      const key = jobs[0].key;
      await s.setJobState('r1', key, 'running');
      await s.addJobs('r1', [{ probe: 'http', targetId: targets[0].id! }]); // existing job keeps its state
      assert.equal((await s.getJob('r1', key))!.state, 'running');
      assert.equal((await s.getJob('r1', key))!.attempts, 1);
      await s.setJobState('r1', key, 'pending', 'refused: connection refused');
      await s.setJobState('r1', key, 'running');
      const j = (await s.getJob('r1', key))!;
      assert.equal(j.attempts, 2);
      assert.equal(j.lastError, 'refused: connection refused');
      await s.setJobState('r1', jobs[1].key, 'running');
      assert.deepEqual(
        (await s.listJobs('r1', 'running')).map((x) => x.key),
        [key, jobs[1].key],
      );
      assert.equal(await s.resetRunningJobs('r1'), 2);
      assert.equal((await s.getJob('r1', key))!.crashes, 1, 'a job left running counts a crash');
      assert.equal((await s.listJobs('r1', 'running')).length, 0);
      assert.equal((await s.listJobs('r1', 'pending')).length, 4);
      assert.equal(await s.getJob('r1', 'http:999999'), undefined);
    });
  });

  t(
    'a run lease has one owner at a time; it is renewed by its owner and free once released or expired',
    async () => {
      await withStore(backend, async (s) => {
        await s.createRun({ id: 'r1', agenciesFile: 'a.csv' });
        assert.deepEqual(await s.acquireRunLease('r1', 'host:1:a', 60_000), { held: true });
        assert.deepEqual(await s.acquireRunLease('r1', 'host:1:a', 60_000), { held: true });
        const other = await s.acquireRunLease('r1', 'host:2:b', 60_000);
        assert.equal(other.held, false);
        assert.equal(!other.held && other.owner, 'host:1:a');
        await s.releaseRunLease('r1', 'host:2:b'); // not its lease: nothing happens
        assert.equal((await s.acquireRunLease('r1', 'host:2:b', 60_000)).held, false);
        await s.releaseRunLease('r1', 'host:1:a');
        assert.deepEqual(await s.acquireRunLease('r1', 'host:2:b', 1), { held: true });
        await new Promise((r) => setTimeout(r, 20));
        assert.deepEqual(
          await s.acquireRunLease('r1', 'host:3:c', 60_000),
          { held: true },
          'an expired lease lapses',
        );
      });
    },
  );

  t('saveMeasurement stores one row per (run, target, probe) and finishes the job', async () => {
    await withStore(backend, async (s) => {
      const targets = await seedRun(s);
      const [portal, service] = targets;
      await s.saveMeasurement('r1', portal.id!, measurement('http', portal.url));
      let job = (await s.getJob('r1', `http:${portal.id}`))!;
      assert.equal(job.state, 'done');
      assert.equal(job.lastError, null);
      await s.saveMeasurement(
        'r1',
        portal.id!,
        measurement('http', portal.url, { values: { facts: { 'http.status': 503 } } }),
      );
      const ms = await s.listMeasurements('r1', { probe: 'http' });
      assert.equal(ms.length, 1);
      assert.deepEqual(ms[0].values, { facts: { 'http.status': 503 } });
      assert.equal(ms[0].runId, 'r1');
      assert.equal(ms[0].targetId, portal.id);
      assert.deepEqual(ms[0].evidence, [{ kind: 'url', url: portal.url, label: 'صفحه' }]);
      assert.equal(ms[0].error, undefined);

      await s.saveMeasurement(
        'r1',
        service.id!,
        measurement('http', service.url, { values: {}, error: { type: 'refused', message: 'ECONNREFUSED' } }),
      );
      job = (await s.getJob('r1', `http:${service.id}`))!;
      assert.equal(job.state, 'failed');
      assert.equal(job.lastError, 'refused: ECONNREFUSED');
      const failed = await s.listMeasurements('r1', { targetId: service.id! });
      assert.deepEqual(failed[0].error, { type: 'refused', message: 'ECONNREFUSED' });

      assert.equal((await s.listMeasurements('r1', { agencyId: 'tax' })).length, 2);
      assert.equal((await s.listMeasurements('r1', { agencyId: 'agri' })).length, 0);
      assert.equal((await s.listMeasurements('r1')).length, 2);
    });
  });

  t('racing saves of one measurement leave exactly one row', async () => {
    await withStore(backend, async (s) => {
      const targets = await seedRun(s);
      const portal = targets[0];
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          s.saveMeasurement(
            'r1',
            portal.id!,
            measurement('http', portal.url, {
              values: { attempt: i },
              startedAt: `2024-03-20T10:00:${String(i).padStart(2, '0')}.000Z`,
            }),
          ),
        ),
      );
      const ms = await s.listMeasurements('r1', { targetId: portal.id! });
      assert.equal(ms.length, 1);
      assert.equal(typeof ms[0].values.attempt, 'number');
      assert.equal((await s.getJob('r1', `http:${portal.id}`))!.state, 'done');
    });
  });

  t('monitor sessions and uptime checks', async () => {
    await withStore(backend, async (s) => {
      const id = await s.startMonitorSession({ intervalMs: 300_000, agenciesFile: 'a.csv' });
      assert.equal(typeof id, 'number');
      await s.beatMonitorSession(id);
      await s.recordUptimeCheck({
        agencyId: 'tax',
        serviceId: null,
        url: 'https://tax.example.test/',
        checkedAt: '2024-03-20T10:00:00.000Z',
        outcome: 'up',
        status: 200,
        responseMs: 123.456,
        reason: null,
        sessionId: id,
      });
      await s.recordUptimeCheck({
        agencyId: 'agri',
        url: 'https://agri.example.test/',
        checkedAt: '2024-03-20T10:05:00.000Z',
        outcome: 'down',
        status: null,
        responseMs: null,
        reason: 'timeout',
        sessionId: id,
      });
      await s.stopMonitorSession(id);
      const sessions = await s.listMonitorSessions();
      assert.equal(sessions.length, 1);
      assert.equal(sessions[0].intervalMs, 300_000);
      assert.ok(sessions[0].stoppedAt);
      assert.equal((await s.listMonitorSessions('9000-01-01')).length, 0);
      const all = await s.listUptimeChecks({});
      assert.equal(all.length, 2);
      assert.equal(all[0].responseMs, 123.456);
      assert.equal(all[0].serviceId, null);
      assert.equal(all[1].reason, 'timeout');
      assert.deepEqual(
        (await s.listUptimeChecks({ agencyId: 'agri' })).map((c) => c.outcome),
        ['down'],
      );
      assert.equal((await s.listUptimeChecks({ from: '2024-03-20T10:01:00Z' })).length, 1);
      assert.equal((await s.listUptimeChecks({ url: 'https://tax.example.test/' })).length, 1);
    });
  });

  t('evaluator inputs', async () => {
    await withStore(backend, async (s) => {
      const base = {
        periodId: 'p7',
        checklistId: 'ito-7',
        agencyId: 'tax',
        serviceId: null,
        indicatorId: 'i1',
        value: 0.5,
        notApplicable: false,
        reason: null,
        note: 'بازبینی شد',
        evidenceUrl: 'https://tax.example.test/faq',
        author: 'ارزیاب',
        createdAt: '2024-03-21T08:00:00.000Z',
      };
      const a = await s.saveEvaluatorInput(base);
      const b = await s.saveEvaluatorInput({
        ...base,
        agencyId: 'agri',
        value: null,
        notApplicable: true,
        reason: 'ندارد',
      });
      assert.ok(b > a);
      const tax = await s.listEvaluatorInputs({ agencyId: 'tax' });
      assert.equal(tax.length, 1);
      assert.deepEqual(tax[0], { ...base, id: a });
      const agri = (
        await s.listEvaluatorInputs({ periodId: 'p7', checklistId: 'ito-7', agencyId: 'agri' })
      )[0];
      assert.equal(agri.notApplicable, true);
      assert.equal(agri.value, null);
      assert.equal((await s.listEvaluatorInputs({ checklistId: 'other' })).length, 0);
    });
  });

  t('scores and scorecards are replaced per (run, checklist)', async () => {
    await withStore(backend, async (s) => {
      await seedRun(s);
      const rows = [
        {
          agencyId: 'tax',
          serviceId: null,
          indicatorId: 'b',
          value: 0.75,
          option: 'خوب',
          points: 2.5,
          source: 'auto',
          details: { n: 1 },
        },
        {
          agencyId: 'tax',
          serviceId: '1000000001',
          indicatorId: 'a',
          value: null,
          option: null,
          points: null,
          source: 'missing',
          details: {},
        },
      ];
      const cards = [
        { agencyId: 'zz', total: null, rank: null, band: null, data: {} },
        { agencyId: 'tax', total: 81.25, rank: 2, band: 'B', data: { priorities: [1] } },
        { agencyId: 'agri', total: 90.5, rank: 1, band: 'A', data: {} },
      ];
      await s.saveScores('r1', 'ito-7', rows, cards);
      assert.deepEqual(await s.listScores('r1', 'ito-7'), rows);
      assert.deepEqual(
        (await s.listScorecards('r1', 'ito-7')).map((c) => [c.agencyId, c.rank, c.total]),
        [
          ['agri', 1, 90.5],
          ['tax', 2, 81.25],
          ['zz', null, null],
        ],
      );
      await s.saveScores('r1', 'ito-7', rows.slice(0, 1), cards.slice(1, 2));
      assert.equal((await s.listScores('r1', 'ito-7')).length, 1);
      assert.equal((await s.listScorecards('r1', 'ito-7')).length, 1);
      assert.equal((await s.listScores('r1', 'aro-1400')).length, 0);
    });
  });

  if (backend.reopen)
    t('opening the same database again does not re-run migrations', async () => {
      await withStore(backend, async (s) => {
        await s.createRun({ id: 'kept', agenciesFile: 'a.csv' });
        const handles = await Promise.all([backend.reopen!(s), backend.reopen!(s), backend.reopen!(s)]);
        try {
          for (const h of handles) assert.equal((await h.getRun('kept'))?.id, 'kept');
        } finally {
          for (const h of handles) await h.close();
        }
      });
    });
}
