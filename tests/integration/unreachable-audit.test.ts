// Never a silent zero: an agency whose portal cannot be reached gets no total and no rank, and
// `payesh site` on such a site exits 4 with the typed reason. Real loopback servers, http+content only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadChecklist } from '../../src/score/checklists.ts';
import { runCli } from '../support/cli.ts';
import { startLoopbackAudit } from '../support/loopback-audit.ts';

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test('audit of three agencies, one unreachable: two ranked, the third listed apart with the reason', async (t) => {
  const w = await startLoopbackAudit(t, {
    agencies: 3,
    services: 1,
    host: 'far',
    idPrefix: '31',
    delayMs: 0,
  });
  const dead = await closedPort();
  const list = JSON.parse(readFileSync(w.list, 'utf8')) as {
    agencies: { portal_url: string; services: { url: string }[] }[];
  };
  list.agencies[2].portal_url = `http://127.0.0.1:${dead}/`;
  list.agencies[2].services[0].url = `http://127.0.0.1:${dead}/s/1`;
  writeFileSync(w.list, JSON.stringify(list));
  const args = w.args.filter((a) => a !== '--no-score').map((a) => (a === 'http' ? 'http,content' : a));
  const out = join(w.dir, 'json');
  const r = await runCli(['audit', w.list, ...args, '--format', 'json', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout) as {
    ranking: { agencyId: string; rank: number | null; total: number | null; provisional: boolean }[];
    notMeasured: { agencyId: string; error: { type: string } }[];
    reports: string[];
  };
  const by = (id: string) => res.ranking.find((x) => x.agencyId === id)!;
  assert.deepEqual([by('FAR1').rank, by('FAR2').rank].sort(), [1, 2]);
  assert.equal(by('FAR3').rank, null);
  assert.equal(by('FAR3').total, null);
  assert.ok(by('FAR1').provisional, 'http+content leave indicators open: the total is provisional');
  assert.deepEqual(
    res.notMeasured.map((n) => [n.agencyId, n.error.type]),
    [['FAR3', 'refused']],
  );
  const report = JSON.parse(
    readFileSync(
      res.reports.find((f) => f.endsWith('report.json'))!,
      'utf8',
    ),
  );
  const far3 = report.agencies.find((a: { agencyId: string }) => a.agencyId === 'FAR3');
  assert.match(far3.notRanked, /could not be measured: refused/);
  assert.equal(far3.total, null);

  // The plain-text ending says how many could not be measured and why.
  const text = await runCli(['audit', w.list, ...args, '--format', '', '--out', out]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /Not ranked \(1\):\n {2}FAR3 .*could not be measured: refused/);
  assert.match(
    text.stdout,
    /1 of 3 agencies could not be measured \(no total, no rank\):\n {2}FAR3 .*refused/,
  );
  assert.match(text.stdout, /verified, \d+\.\d\d open/);

  // --missing-as-zero: today's arithmetic, the unreachable agency ranked last with a final total.
  const zero = await runCli(['audit', w.list, ...args, '--format', '', '--json', '--missing-as-zero']);
  assert.equal(zero.code, 0, zero.stderr);
  const z = JSON.parse(zero.stdout) as typeof res;
  const zb = (id: string) => z.ranking.find((x) => x.agencyId === id)!;
  assert.equal(zb('FAR3').rank, 3);
  assert.equal(zb('FAR1').total, by('FAR1').total);
  assert.equal(zb('FAR1').provisional, false);
});

test('payesh site on an unreachable site: typed reason on stderr, no total, exit 4', async (t) => {
  const w = await startLoopbackAudit(t, {
    agencies: 1,
    services: 1,
    host: 'one',
    idPrefix: '32',
    delayMs: 0,
  });
  const dead = await closedPort();
  const common = ['--db', w.db, '--out', join(w.dir, 'out'), '--only', 'http,content', '--allow-private'];
  const r = await runCli(['site', `http://127.0.0.1:${dead}/`, ...common, '--no-progress']);
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, /could not be measured: refused/);
  assert.doesNotMatch(r.stdout, /total/);

  // A reachable site: verified and open points, and what would close them.
  const resolve = w.args.slice(w.args.indexOf('--resolve'), w.args.indexOf('--resolve') + 2);
  const url = JSON.parse(readFileSync(w.list, 'utf8')).agencies[0].portal_url as string;
  const ok = await runCli(['site', url, ...common, ...resolve, '--no-progress']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /total \d+\.\d\d verified, \d+\.\d\d open \(provisional\)/);
  assert.match(ok.stdout, /unverified: \d+ indicators, .* open; what would close them:\n +\d+ +\w/);

  // No services listed: every indicator the site shows is still scored on the portal, FAQ (15)
  // included (a portal with no FAQ is 0, not "not applicable"); only service-level ones are left out.
  const json = await runCli(['site', url, ...common, ...resolve, '--no-progress', '--json']);
  assert.equal(json.code, 0, json.stderr);
  const site = JSON.parse(json.stdout) as {
    indicators: Record<string, { value: number | null; source: string }>;
  };
  assert.equal(site.indicators['15'].source, 'auto');
  assert.equal(typeof site.indicators['15'].value, 'number');
  const ito = loadChecklist('ito-p7');
  for (const ind of ito.indicators)
    if (ind.method !== 'decl' && (ind.level !== 'service' || ind.withoutServices === 'portal'))
      assert.notEqual(site.indicators[ind.id]?.source, 'not-applicable', `indicator ${ind.id}`);
});
