// The TLS probe against the demo world's three HTTPS hosts (expected A+, A, B).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startDemoWorld, type DemoWorld } from '../../fixtures/demo-world/server.ts';
import { buildNetOptions } from '../../src/net/options.ts';
import { gradeTls } from '../../src/probes/tls/grade.ts';
import { scanTls } from '../../src/probes/tls/scan.ts';

let world: DemoWorld;
before(async () => {
  world = await startDemoWorld({ ephemeral: true });
});
after(async () => {
  await world?.close();
});

for (const [host, expected] of [
  ['www.nikan.test', 'A+'],
  ['www.miyaneh.test', 'A'],
  ['www.kohan.test', 'B'],
] as const) {
  test(`${host} → ${expected}`, async () => {
    const net = buildNetOptions({ resolve: world.resolve, allowPrivate: true, extraCa: [world.caFile] });
    assert.ok(readFileSync(world.caFile, 'utf8').includes('BEGIN CERTIFICATE'));
    const f = await scanTls(net, { host, port: world.httpsPorts[host], httpPort: world.httpPort });
    const g = gradeTls(f);
    assert.equal(g.grade, expected, JSON.stringify(g.reasons));
    assert.equal(f.certificate.trusted, true);
    assert.equal(f.certificate.hostnameMatch, true);
    if (expected === 'B') assert.ok(g.reasons.some((r) => /accepts TLS 1\.0/.test(r)));
    if (expected === 'A') assert.ok(g.reasons.some((r) => /A, not A\+/.test(r)));
    if (host !== 'www.kohan.test') assert.equal(f.httpRedirect.redirectsToHttps, true);
  });
}
