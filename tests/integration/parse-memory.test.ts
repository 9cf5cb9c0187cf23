// DOM parsing off the main thread with a heap limit: an agency of 40 pages of 2 MB each cannot take
// the audit down. Its content job fails with the typed reason parse-memory-limit; the agency next to
// it is measured as usual and the run completes. (Peak memory with the default limit: bench/parse.ts.)
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { runCli } from '../support/cli.ts';
import { bigPage, smallPage } from '../support/heavy-site.ts';

test(
  'a 40 × 2 MB site fails its own content job with parse-memory-limit; the neighbour is measured',
  { timeout: 300_000 },
  async (t) => {
    const server = createServer((req, res) => {
      const host = (req.headers.host ?? '').split(':')[0];
      const path = req.url ?? '/';
      if (path === '/robots.txt' || path.startsWith('/sitemap')) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(host === 'big.test' ? bigPage(path, 40) : smallPage(path));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const dir = mkdtempSync(join(tmpdir(), 'payesh-parse-'));
    t.after(() => {
      server.closeAllConnections();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const list = join(dir, 'agencies.json');
    writeFileSync(
      list,
      JSON.stringify({
        agencies: [
          { id: 'BIG', name: 'سازمان سنگین', portal_url: `http://big.test:${port}/`, services: [] },
          { id: 'SMALL', name: 'سازمان سبک', portal_url: `http://small.test:${port}/`, services: [] },
        ],
      }),
    );
    const db = join(dir, 'p.db');
    const r = await runCli([
      'audit',
      list,
      '--only',
      'content',
      '--no-score',
      '--no-progress',
      '--parse-memory-mb',
      '64',
      '--allow-private',
      '127.0.0.1/32',
      '--resolve',
      `big.test:${port}:127.0.0.1`,
      '--resolve',
      `small.test:${port}:127.0.0.1`,
      '--db',
      db,
      '--out',
      join(dir, 'out'),
    ]);
    assert.equal(r.code, 0, r.stderr);
    const store = SqliteStore.open(db);
    try {
      const run = (await store.listRuns())[0];
      assert.equal(run.state, 'done');
      const ms = await store.listMeasurements(run.id);
      const targets = new Map((await store.listTargets(run.id)).map((x) => [x.id, x]));
      const of = (agency: string) =>
        ms.find((m) => targets.get(m.targetId)?.agencyId === agency && m.probe === 'content');
      const big = of('BIG');
      const small = of('SMALL');
      assert.equal(big?.error?.type, 'parse-memory-limit', JSON.stringify(big?.error));
      assert.match(big!.error!.message, /parse memory limit of 64 MB/);
      assert.equal(small?.error, undefined, JSON.stringify(small?.error));
      assert.ok(Object.keys(small!.values.facts ?? {}).length > 10, 'the neighbour has its content facts');
    } finally {
      await store.close();
    }
  },
);
