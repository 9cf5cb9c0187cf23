// `payesh tls` as a child process against loopback TLS servers.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ONE_YEAR,
  startTlsServer,
  TEST_HOST,
  TLS_FIXTURE_DIR,
  type RunningTlsServer,
} from '../../fixtures/tls/servers.ts';

const BIN = join(TLS_FIXTURE_DIR, '..', '..', 'bin', 'payesh.mjs');
const CA = join(TLS_FIXTURE_DIR, 'ca.pem');

function payesh(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err
        ? typeof (err as NodeJS.ErrnoException).code === 'number'
          ? Number((err as NodeJS.ErrnoException).code)
          : 1
        : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const common = (port: number, extra: string[] = []) => [
  'tls',
  `${TEST_HOST}:${port}`,
  '--resolve',
  `${TEST_HOST}:${port}:127.0.0.1`,
  '--allow-private',
  '--extra-ca',
  CA,
  ...extra,
];

describe('payesh tls', () => {
  let modern: RunningTlsServer;
  let legacy: RunningTlsServer;
  let expired: RunningTlsServer;
  before(async () => {
    modern = await startTlsServer({ cert: 'good-rsa', hsts: `max-age=${ONE_YEAR}`, httpRedirect: true });
    legacy = await startTlsServer({ cert: 'good-rsa', minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
    expired = await startTlsServer({ cert: 'expired', hsts: `max-age=${ONE_YEAR}` });
  });
  after(async () => {
    await modern?.close();
    await legacy?.close();
    await expired?.close();
  });

  test('--json on a modern server: A+, empty reasons, findings included', async () => {
    const r = await payesh(common(modern.port, ['--http-port', String(modern.httpPort), '--json']));
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.grade, 'A+');
    assert.deepEqual(out.reasons, []);
    assert.equal(out.findings.protocols['TLSv1.3'], 'yes');
    assert.equal(out.findings.httpRedirect.redirectsToHttps, true);
    assert.equal(out.findings.certificate.hostnameMatch, true);
  });

  test('--json on a TLS 1.0 server: B with the TLS 1.0 reason', async () => {
    const r = await payesh(common(legacy.port, ['--json']));
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.grade, 'B');
    assert.ok(
      out.reasons.some((x: string) => /^accepts TLS 1\.0 \(cipher [A-Z0-9-]+\) → capped at B$/.test(x)),
      out.reasons.join('\n'),
    );
  });

  test('readable output for an expired certificate shows T and the reason', async () => {
    const r = await payesh(common(expired.port));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^TLS grade for ${TEST_HOST}:${expired.port}: T$`, 'm'));
    assert.match(r.stdout, /certificate expired on 2021-01-01 → T \(would be A\+ if trusted\)/);
    assert.match(r.stdout, /EXPIRED/);
    assert.match(r.stdout, /Not tested:\n {2}- POODLE over TLS/);
    assert.match(r.stdout, /Handshake simulation:\n {2}Android 4\.4\.2 /);
    assert.match(r.stdout, /Heartbleed +not-vulnerable: /);
  });

  test('bad host argument → exit 2 with a clear message', async () => {
    const r = await payesh(['tls', 'bad host:x']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /expected HOST or HOST:PORT/);
  });

  test('loopback without --allow-private → exit 2, blocked-private', async () => {
    const r = await payesh([
      'tls',
      `${TEST_HOST}:${modern.port}`,
      '--resolve',
      `${TEST_HOST}:${modern.port}:127.0.0.1`,
      '--json',
    ]);
    assert.equal(r.code, 2);
    assert.equal(JSON.parse(r.stdout).error.type, 'blocked-private');
    assert.match(r.stderr, /blocked-private/);
  });
});
