// The per-site wall-clock budget: a page that drips one byte a second cannot hold `payesh site` past
// its budget; the measurements it cut short are unverified with the typed reason budget-exceeded.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../support/cli.ts';

test(
  'a 1 byte/s site under payesh site ends at its budget with budget-exceeded',
  { timeout: 240_000 },
  async (t) => {
    const open = new Set<ServerResponse>();
    const timers = new Set<NodeJS.Timeout>();
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      open.add(res);
      const page = `<html lang="fa"><title>drip</title><body>${'<p>کند</p>'.repeat(1000)}</body></html>`;
      let i = 0;
      const tick = setInterval(() => {
        if (i >= page.length) return void res.end();
        res.write(page[i++]);
      }, 1000);
      timers.add(tick);
      res.on('close', () => {
        clearInterval(tick);
        open.delete(res);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const dir = mkdtempSync(join(tmpdir(), 'payesh-budget-'));
    t.after(() => {
      for (const tick of timers) clearInterval(tick);
      server.closeAllConnections();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const siteBudget = 12;
    const started = performance.now();
    const r = await runCli([
      'site',
      `http://drip.test:${port}/`,
      '--resolve',
      `drip.test:${port}:127.0.0.1`,
      '--allow-private',
      '127.0.0.1/32',
      '--only',
      'http,content,links,axe',
      '--site-budget',
      String(siteBudget),
      '--page-budget',
      '4',
      '--retries',
      '0',
      '--json',
      '--db',
      join(dir, 'p.db'),
      '--out',
      join(dir, 'out'),
    ]);
    const seconds = (performance.now() - started) / 1000;
    const out = JSON.parse(r.stdout) as {
      measurements?: { probe: string; error?: { type: string; message: string } }[];
    };
    const byProbe = new Map((out.measurements ?? []).map((m) => [m.probe, m]));
    t.diagnostic(`payesh site on the drip page took ${seconds.toFixed(1)} s (site budget ${siteBudget} s)`);
    t.diagnostic(
      JSON.stringify([...byProbe.values()].map((m) => [m.probe, m.error?.type, m.error?.message])),
    );
    // Not a timing assert: only that the budget, not the 30 s request limits and retries, ended the run.
    assert.ok(seconds < siteBudget + 150, `took ${seconds} s`);
    for (const probe of ['http', 'content', 'links', 'axe']) {
      const m = byProbe.get(probe);
      assert.ok(m, `${probe} measured: ${r.stderr}`);
      assert.equal(m.error?.type, 'budget-exceeded', `${probe}: ${JSON.stringify(m.error)}`);
      assert.match(m.error!.message, /budget exceeded: the (page|site) budget/);
    }
    // The page budget cut the one-page measurements; the crawl ran into the site budget.
    assert.match(byProbe.get('http')!.error!.message, /page budget of 4 s/);
    assert.match(byProbe.get('content')!.error!.message, /site budget of 12 s/);
  },
);
