// scoreRun and the score/input/explain commands against a real SQLite file with hand-made measurements.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Agency } from '../../src/agencies/model.ts';
import { round } from '../../src/score/aggregate.ts';
import { compareScores, siteScoreJson } from '../../src/score/compare.ts';
import { scoreRun, storedAgencyResults } from '../../src/score/score-run.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'payesh.mjs');
let dir: string;
let db: string;

const agencies: Agency[] = [
  {
    id: 'alpha',
    nameFa: 'سازمان آلفا',
    portalUrl: 'https://alpha.example.ir/',
    services: [
      { id: '1000000001', title: 'صدور مجوز', url: 'https://alpha.example.ir/s/1', type: 'G2C' },
      { id: '1000000002', title: 'استعلام', url: 'https://svc.alpha.example.ir/s/2', type: 'G2G' },
    ],
  },
  { id: 'beta', nameFa: 'سازمان بتا', portalUrl: 'https://beta.example.ir/', services: [] },
];

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args, '--db', db], {
    encoding: 'utf8',
    cwd: ROOT,
    env: { ...process.env, USER: 'evaluator1' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'payesh-score-'));
  db = join(dir, 'payesh.db');
  const store = new SqliteStore(db);
  await store.ensurePeriod({ id: 'p7', name: 'دوره هفتم' });
  await store.createRun({ id: 'run1', periodId: 'p7', agenciesFile: 'agencies.csv', checklistId: 'ito-p7' });
  await store.saveAgencies('run1', agencies);
  const targets = await store.addTargets('run1', [
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
  ]);
  const id = (agency: string, kind: string, url: string) =>
    targets.find((t) => t.agencyId === agency && t.kind === kind && t.url === url)!.id!;
  const m = (
    probe: string,
    url: string,
    facts: Record<string, number | string | boolean>,
    error?: { type: string; message: string },
  ) => ({
    probe,
    url,
    values: error ? {} : { facts },
    evidence: [{ kind: 'url' as const, url, label: `${probe} page` }],
    ...(error ? { error } : {}),
    toolVersion: `${probe}/1.0`,
    startedAt: '2024-05-01T08:00:00.000Z',
    finishedAt: '2024-05-01T08:00:05.000Z',
  });
  const portal = id('alpha', 'portal', 'https://alpha.example.ir/');
  await store.saveMeasurement(
    'run1',
    portal,
    m('content', 'https://alpha.example.ir/', {
      'responsive.ok': true,
      'secondLanguage.level': 'general',
      'managers.kind': 'complete',
      'faq.count': 12,
      'faq.perServiceMin': 3,
    }),
  );
  await store.saveMeasurement(
    'run1',
    portal,
    m('uptime', 'https://alpha.example.ir/', { 'uptime.percent': 99.5, 'uptime.coverage': 100 }),
  );
  await store.saveMeasurement(
    'run1',
    id('alpha', 'service', 'https://alpha.example.ir/s/1'),
    m('lighthouse', 'https://alpha.example.ir/s/1', { 'speed.score': 92 }),
  );
  await store.saveMeasurement(
    'run1',
    id('alpha', 'service', 'https://svc.alpha.example.ir/s/2'),
    m('lighthouse', 'https://svc.alpha.example.ir/s/2', {}, { type: 'timeout', message: 'no load in 60 s' }),
  );
  await store.saveMeasurement(
    'run1',
    id('alpha', 'host', 'https://alpha.example.ir/'),
    m('tls', 'https://alpha.example.ir/', { 'tls.grade': 'A' }),
  );
  await store.saveMeasurement(
    'run1',
    id('alpha', 'host', 'https://svc.alpha.example.ir/'),
    m('tls', 'https://svc.alpha.example.ir/', { 'tls.grade': 'C' }),
  );
  await store.saveMeasurement(
    'run1',
    id('beta', 'portal', 'https://beta.example.ir/'),
    m('content', 'https://beta.example.ir/', { 'responsive.ok': false }),
  );
  await store.close();
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('scoreRun, evaluator input, score, explain and compare on one store', async () => {
  const store = new SqliteStore(db);
  let first;
  try {
    const result = await scoreRun(store, 'run1');
    assert.equal(result.checklistId, 'ito-p7');
    const [alpha, beta] = result.agencies;
    const [s1, s2] = alpha.services;
    const row = (s: typeof s1, id: string) => s.indicators.find((r) => r.indicatorId === id)!;
    assert.equal(row(s1, '2').value, 1); // uptime 99.5 %
    assert.equal(row(s1, '3').value, 1); // the main (first listed) service page: 92
    assert.match(row(s1, '3').facts[0].how, /mean over 1 main service page/);
    assert.equal(row(s1, '4').value, 1); // alpha.example.ir grade A
    assert.equal(row(s2, '4').source, 'not-applicable'); // G2G
    assert.equal(row(s1, '15').value, 0.25);
    assert.equal(row(s1, '12').reason, 'not-measured');
    assert.equal(round(s1.total!, 6), 10.75);
    // G2G: indicator 24 is not applicable and ito-p7 scores such cases 0.5 (seed 003 table 3-6),
    // so the integrated priority counts: 24 alone, 0.5 × 100.
    assert.equal(row(s2, '24').value, 0.5);
    assert.equal(round(s2.total!, 6), 13.75);
    assert.equal(round(alpha.total!, 2), 12.25); // mean of 10.75 and 13.75
    assert.equal(alpha.rank, 1);
    // No services listed: scored on its portal but not ranked (left out for lack of cases, as period 7 did).
    assert.equal(beta.rank, null);
    assert.match(beta.unranked!.en, /lists no services/);
    assert.equal(beta.services[0].pseudo, true);
    assert.equal(beta.band?.id, 'weak');

    const cards = await store.listScorecards('run1', 'ito-p7');
    assert.deepEqual(
      cards.map((c) => [c.agencyId, c.rank, c.band]),
      [
        ['alpha', 1, 'weak'],
        ['beta', null, 'weak'],
      ],
    );
    assert.equal(round(cards[0].total!, 6), round(alpha.total!, 6));
    const rows = await store.listScores('run1', 'ito-p7');
    assert.equal(rows.length, 30 * 3); // two alpha services and the beta stand-in
    const speed = rows.find(
      (r) => r.agencyId === 'alpha' && r.serviceId === '1000000001' && r.indicatorId === '3',
    )!;
    assert.equal(speed.source, 'auto');
    const facts = speed.details.facts as {
      measurements: { probe: string; id: number; evidence: unknown[] }[];
    }[];
    assert.equal(facts[0].measurements[0].probe, 'lighthouse');
    assert.ok(facts[0].measurements[0].id > 0);
    first = (await storedAgencyResults(store, 'run1', 'ito-p7'))[0];
  } finally {
    await store.close();
  }

  // Evaluator input: a file with problems is refused, naming each row.
  const bad = join(dir, 'bad.csv');
  writeFileSync(
    bad,
    'agency,service,indicator,value,reason\nalpha,,6,0.7,\ngamma,,6,1,\nalpha,,99,1,\nbeta,,9,n/a,\n',
  );
  const refused = cli('input', 'import', bad, '--period', 'p7', '--run', 'run1');
  assert.equal(refused.code, 2);
  assert.deepEqual(refused.err.trim().split('\n'), [
    `payesh: ${bad}: line 2 (value): 0.7 is not an option of indicator 6 (options: 1, 0)`,
    `${bad}: line 3 (agency): unknown agency "gamma"`,
    `${bad}: line 4 (indicator): unknown indicator "99" in checklist ito-p7`,
    `${bad}: line 5 (reason): "not applicable" needs a reason`,
  ]);

  const good = join(dir, 'inputs.csv');
  writeFileSync(
    good,
    'agency,service,indicator,value,reason,note,evidence_url\n' +
      'alpha,,6,1,,signature in operation,https://alpha.example.ir/sign\n' +
      'alpha,1000000002,1,0.5,,,\n' +
      'alpha,,10,1,,English services page found,\n' +
      'beta,,9,عدم مصداق,no citizen services,,\n',
  );
  const imported = cli('input', 'import', good, '--period', 'p7', '--run', 'run1');
  assert.equal(imported.code, 0, imported.err);
  assert.match(imported.out, /stored 4 inputs for period p7, checklist ito-p7/);
  const setOne = cli(
    'input',
    'set',
    '--period',
    'p7',
    '--agency',
    'alpha',
    '--indicator',
    '7',
    '--value',
    '0',
  );
  assert.equal(setOne.code, 0, setOne.err);
  const listed = cli('input', 'list', '--period', 'p7', '--json');
  const inputs = JSON.parse(listed.out) as { indicatorId: string; author: string }[];
  assert.deepEqual(inputs.map((i) => i.indicatorId).sort(), ['1', '10', '6', '7', '9']);
  assert.equal(inputs[0].author, 'evaluator1');

  // Score with the input: --fail-under 10 misses because beta is at 0.
  const scored = cli('score', 'run1', '--json', '--fail-under', '10');
  assert.equal(scored.code, 1, scored.err);
  const json = JSON.parse(scored.out);
  assert.deepEqual(json.below, ['beta']);
  const alphaJson = json.agencies.find((a: { agencyId: string }) => a.agencyId === 'alpha');
  assert.equal(alphaJson.total, 17);
  assert.equal(alphaJson.indicators['10'].source, 'overridden');
  assert.equal(alphaJson.indicators['10'].value, 1);
  assert.equal(alphaJson.indicators['6'].source, 'input');
  assert.equal(alphaJson.indicators['1'].value, 0.5);
  assert.equal(
    json.agencies.find((a: { agencyId: string }) => a.agencyId === 'beta').indicators['9'].source,
    'not-applicable',
  );

  const table = cli('score', 'run1');
  assert.equal(table.code, 0, table.err);
  assert.match(
    table.out,
    /^1 +alpha سازمان آلفا +33\.33 +24\.29 +7\.14 +0\.00 +17\.00 verified, \d+\.\d\d open +weak \(provisional\)/m,
  );
  assert.match(table.out, /Not ranked \(1\):\n {2}beta سازمان بتا: Not ranked: the agency lists no services/);
  // --missing-as-zero: the same totals, final.
  const zero = cli('score', 'run1', '--missing-as-zero');
  assert.equal(zero.code, 0, zero.err);
  assert.match(zero.out, /^1 +alpha سازمان آلفا +33\.33 +24\.29 +7\.14 +0\.00 +17\.00 +weak +\d/m);
  assert.doesNotMatch(zero.out, /provisional/);
  cli('score', 'run1');

  // Explain one indicator, with the measurement and evidence behind it and the next step.
  const explained = cli('explain', 'alpha', '10');
  assert.equal(explained.code, 0, explained.err);
  assert.match(explained.out, /indicator 10 — Portal supports more than one language/);
  assert.match(explained.out, /source overridden/);
  assert.match(explained.out, /fact secondLanguage\.level = "general" \(portal home page\)/);
  assert.match(
    explained.out,
    /measured by content content\/1\.0 at 2024-05-01T08:00:05\.000Z on https:\/\/alpha\.example\.ir\//,
  );
  assert.match(explained.out, /evaluator input: 1 by evaluator1 .*note: English services page found/);
  const notMeasured = cli('explain', 'alpha', '3', '--json');
  const explainedJson = JSON.parse(notMeasured.out);
  const s2speed = explainedJson.services[1].indicators[0];
  assert.equal(s2speed.source, 'not-applicable');
  assert.equal(explainedJson.services[0].indicators[0].next, null);
  assert.equal(cli('explain', 'alpha', '99').code, 2);

  // What changed against the first stored result.
  const store2 = new SqliteStore(db);
  try {
    const now = (await storedAgencyResults(store2, 'run1', 'ito-p7')).find((a) => a.agencyId === 'alpha')!;
    const diff = compareScores(first!, now);
    const c10 = diff.indicators.find((i) => i.indicatorId === '10')!;
    assert.deepEqual([c10.before?.value, c10.after?.value, c10.changed], [0.25, 1, true]);
    assert.match(c10.reasons.join(' '), /evaluator input changed: 1 by evaluator1/);
    assert.equal(diff.indicators.find((i) => i.indicatorId === '3')!.changed, false);
    const site = siteScoreJson(now) as {
      indicators: Record<string, { value: number | null; option: string | null }>;
    };
    assert.equal(site.indicators['3'].value, 1);
    assert.equal(site.indicators['3'].option, 'میانگین امتیاز بیشتر از ۹۰');
    assert.equal(site.indicators['12'].value, null);
  } finally {
    await store2.close();
  }
});
