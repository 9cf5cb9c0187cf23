// A real audit of two agencies, one hostile and one ordinary: the run finishes, the hostile agency's
// targets carry typed reasons, and the ordinary agency's measurements are the same in kind as in a run
// without the hostile neighbour.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { startHostileWorld, type HostileWorld } from '../../fixtures/hostile/world.ts';
import type { Agency } from '../../src/agencies/model.ts';
import { runAudit } from '../../src/audit/audit.ts';
import { clearCrawlCache } from '../../src/probes/crawl/agency-crawl.ts';
import { defaultNetOptions, parseResolve } from '../../src/net/options.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';

let world: HostileWorld;
let dir: string;
before(async () => {
  world = await startHostileWorld();
  dir = mkdtempSync(join(tmpdir(), 'payesh-hostile-audit-'));
});
after(async () => {
  await world?.close();
  rmSync(dir, { recursive: true, force: true });
});

const normal = (): Agency => ({
  id: 'N1',
  nameFa: 'سازمان نمونه',
  portalUrl: world.urls.normal,
  services: [
    {
      id: '1000000001',
      title: 'صدور مجوز',
      url: world.urls.normal.replace(/\/$/, '/services/1'),
      type: 'G2C',
    },
  ],
});
const hostile = (): Agency => ({
  id: 'H1',
  nameFa: 'سازمان ناسازگار',
  portalUrl: world.urls.slowDrip,
  services: (
    [
      'hugeBody',
      'endlessBody',
      'neverAnswers',
      'resetMidBody',
      'redirectLoop',
      'rateLimited',
      'wafChallenge',
      'silentSocket',
    ] as const
  ).map((s, i) => ({
    id: `200000000${i}`,
    title: `خدمت ${s}`,
    url: world.urls[s],
    type: 'G2C' as const,
  })),
});

interface Row {
  agency_id: string;
  kind: string;
  url: string;
  probe: string;
  error_type: string | null;
  values_json: string;
}

async function audit(name: string, agencies: Agency[]): Promise<Row[]> {
  clearCrawlCache();
  const store = new SqliteStore(join(dir, `${name}.db`));
  try {
    const net = defaultNetOptions({
      allowPrivate: true,
      resolve: new Map(world.resolve.map(parseResolve)),
      connectTimeoutMs: 1000,
      headersTimeoutMs: 1000,
      totalTimeoutMs: 1500,
      maxBodyBytes: 1024 * 1024,
    });
    const r = await runAudit({
      store,
      agencies,
      agenciesFile: `${name}.json`,
      outDir: join(dir, name),
      net,
      log: pino({ level: 'silent' }),
      runner: { concurrency: 4, perHost: 2, hostDelayMs: 0, jobTimeoutMs: 60_000, retries: 0 },
      probeSettings: { only: ['http', 'content', 'links'], crawl: { maxPages: 20 } },
      progress: false,
    });
    assert.equal(r.interrupted, false);
    assert.equal(r.summary.failed, 0, 'no job failed inside payesh');
    const db = (store as unknown as { db: import('better-sqlite3').Database }).db;
    return db
      .prepare(
        'SELECT t.agency_id, t.kind, t.url, m.probe, m.error_type, m.values_json FROM measurements m JOIN targets t ON t.id = m.target_id WHERE m.run_id = ? ORDER BY t.agency_id, t.kind, t.url, m.probe',
      )
      .all(r.run.id) as Row[];
  } finally {
    await store.close();
  }
}

test('a hostile agency does not spoil its neighbour; its targets are recorded with typed reasons', async () => {
  const alone = await audit('alone', [normal()]);
  const both = await audit('both', [hostile(), normal()]);

  // The ordinary agency: the same measurements, the same outcome and the same facts.
  const view = (rows: Row[]) =>
    rows
      .filter((r) => r.agency_id === 'N1')
      .map((r) => ({
        kind: r.kind,
        url: r.url,
        probe: r.probe,
        error: r.error_type,
        facts: JSON.parse(r.values_json).facts,
      }));
  assert.ok(view(alone).length >= 4);
  assert.deepEqual(view(both), view(alone));
  assert.ok(view(both).every((r) => r.error === null));

  // The hostile agency: every target measured, every failure typed.
  const h = both.filter((r) => r.agency_id === 'H1');
  const httpErrors = Object.fromEntries(
    h.filter((r) => r.probe === 'http').map((r) => [new URL(r.url).pathname, r.error_type]),
  );
  assert.deepEqual(httpErrors, {
    '/drip': 'timeout',
    '/huge': 'body-too-large',
    '/endless': 'body-too-large',
    '/hang': 'timeout',
    '/reset': 'reset',
    '/redirect/loop/a': 'too-many-redirects',
    '/busy': 'rate-limited',
    '/waf': 'blocked-by-waf',
    '/': 'timeout',
  });
  // The content probe read what it could (the cut 100 MB page) and says which limit it met.
  const content = h.find((r) => r.probe === 'content')!;
  assert.ok(content, 'content measured');
  assert.ok(JSON.parse(content.values_json).crawl.limitsHit.includes('page-bytes'));
  assert.ok(h.some((r) => r.probe === 'links'));
});
