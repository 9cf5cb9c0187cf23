// TLS probe against real Node TLS servers on loopback, one configuration per test, graded
// through the probe (and through `payesh tls --json` as a child process in tls-cli.test.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import {
  ONE_YEAR,
  startPlainServer,
  startTlsServer,
  fixturePem,
  TEST_HOST,
  type RunningTlsServer,
  type TlsServerConfig,
} from '../../fixtures/tls/servers.ts';
import { defaultNetOptions, type NetOptions } from '../../src/net/options.ts';
import { gradeTls, type TlsGrade } from '../../src/probes/tls/grade.ts';
import { createTlsProbe, type TlsValues } from '../../src/probes/tls/probe.ts';
import { scanTls, type TlsFindings } from '../../src/probes/tls/scan.ts';

const HSTS = `max-age=${ONE_YEAR}; includeSubDomains`;
const MODERN_12 = 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305';

function netFor(port: number, extra: Partial<NetOptions> = {}, host = TEST_HOST): NetOptions {
  return defaultNetOptions({
    allowPrivate: true,
    extraCa: [fixturePem('ca.pem')],
    resolve: new Map([[`${host}:${port}`, '127.0.0.1']]),
    ...extra,
  });
}

async function gradeOf(cfg: TlsServerConfig, host = TEST_HOST): Promise<{ f: TlsFindings; g: TlsGrade }> {
  const srv = await startTlsServer(cfg);
  try {
    const f = await scanTls(netFor(srv.port, {}, host), {
      host,
      port: srv.port,
      httpPort: srv.httpPort ?? 1,
    });
    return { f, g: gradeTls(f) };
  } finally {
    await srv.close();
  }
}

const hasReason = (g: TlsGrade, re: RegExp) =>
  assert.ok(
    g.reasons.some((r) => re.test(r)),
    `no reason matching ${re} in ${JSON.stringify(g.reasons)}`,
  );

describe('tls probe against loopback servers', () => {
  test('modern TLS 1.2 + 1.3, ECDHE + AEAD, HSTS one year, redirect → A+', async () => {
    const { f, g } = await gradeOf({ cert: 'good-rsa', ciphers: MODERN_12, hsts: HSTS, httpRedirect: true });
    assert.equal(g.grade, 'A+', JSON.stringify(g.reasons));
    assert.deepEqual(g.reasons, []);
    assert.equal(f.protocols.TLSv1, 'no');
    assert.equal(f.protocols['TLSv1.1'], 'no');
    assert.equal(f.protocols['TLSv1.2'], 'yes');
    assert.equal(f.protocols['TLSv1.3'], 'yes');
    assert.equal(f.protocols.SSLv3, 'no');
    assert.deepEqual(f.suites['TLSv1.2']!.map((s) => s.name).sort(), MODERN_12.split(':').sort());
    assert.equal(f.suites['TLSv1.3']!.length, 3);
    assert.equal(f.serverPreference['TLSv1.2'], true);
    assert.equal(f.certificate.trusted, true);
    assert.equal(f.certificate.hostnameMatch, true);
    assert.equal(f.certificate.chain[0].keyBits, 2048);
    assert.equal(f.certificate.chain[0].signatureAlgorithm, 'sha256WithRSAEncryption');
    assert.equal(f.fallbackScsv, 'supported');
    assert.equal(f.secureRenegotiation, 'yes');
    assert.deepEqual(f.tripleDes.accepted, []);
    assert.equal(f.hsts.maxAge, ONE_YEAR);
    assert.equal(f.hsts.includeSubDomains, true);
    assert.equal(f.httpRedirect.redirectsToHttps, true);
    assert.equal(f.forwardSecrecy.allSuites, true);
    assert.equal(f.aead.allSuites, true);
    assert.equal(g.score, 93);
  });

  test('same without HSTS → A, with the missing header as reason', async () => {
    const { g } = await gradeOf({ cert: 'good-rsa', ciphers: MODERN_12 });
    assert.equal(g.grade, 'A');
    hasReason(g, /no Strict-Transport-Security header .* → A, not A\+/);
  });

  test('short HSTS max-age → A', async () => {
    const { f, g } = await gradeOf({ cert: 'good-rsa', ciphers: MODERN_12, hsts: 'max-age=86400' });
    assert.equal(f.hsts.maxAge, 86400);
    assert.equal(g.grade, 'A');
    hasReason(g, /HSTS max-age 86400 is shorter/);
  });

  test('TLS 1.0 and 1.1 enabled → B', async () => {
    const { f, g } = await gradeOf({
      cert: 'good-rsa',
      minVersion: 'TLSv1',
      ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA:@SECLEVEL=0',
      hsts: HSTS,
    });
    assert.equal(f.protocols.TLSv1, 'yes');
    assert.equal(f.protocols['TLSv1.1'], 'yes');
    assert.deepEqual(
      f.suites.TLSv1!.map((s) => s.name),
      ['ECDHE-RSA-AES128-SHA'],
    );
    assert.equal(g.grade, 'B');
    hasReason(g, /accepts TLS 1\.0 \(cipher ECDHE-RSA-AES128-SHA\) → capped at B/);
    hasReason(g, /accepts TLS 1\.1/);
  });

  test('CBC-only TLS 1.2 with ECDHE → B (no AEAD with any reference client)', async () => {
    const { f, g } = await gradeOf({
      cert: 'good-rsa',
      maxVersion: 'TLSv1.2',
      ciphers: 'ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384',
      hsts: HSTS,
    });
    assert.equal(f.protocols['TLSv1.3'], 'no');
    assert.equal(f.aead.anySuite, false);
    assert.equal(g.grade, 'B');
    hasReason(g, /no AEAD suite with any reference client .* → capped at B/);
    const ok = f.simulation!.filter((s) => s.ok);
    assert.ok(ok.length >= 5, JSON.stringify(f.simulation));
    assert.ok(ok.every((s) => s.protocol === 'TLSv1.2' && s.forwardSecrecy && !s.aead));
  });

  test('RSA key exchange with CBC only → B (no forward secrecy)', async () => {
    const { f, g } = await gradeOf({
      cert: 'good-rsa',
      maxVersion: 'TLSv1.2',
      ciphers: 'AES128-SHA256:AES256-SHA256',
      hsts: HSTS,
    });
    assert.equal(f.forwardSecrecy.anySuite, false);
    assert.equal(g.grade, 'B');
    hasReason(g, /no forward secrecy .*AES(128|256)-SHA256.* → capped at B/);
    hasReason(g, /no AEAD/);
  });

  test('3DES chosen for every client offering it (emulated legacy front end) → C, naming the client', async () => {
    const { f, g } = await gradeOf({
      cert: 'good-rsa',
      ciphers: MODERN_12,
      hsts: HSTS,
      emulateLegacySuites: [0x000a],
    });
    assert.deepEqual(
      f.tripleDes.accepted.map((a) => a.suite),
      ['DES-CBC3-SHA'],
    );
    assert.equal(g.grade, 'C');
    hasReason(g, /negotiates 3DES.*DES-CBC3-SHA on TLS 1\.2.* → capped at C/);
  });

  test('TLS 1.3 only with HSTS → A+', async () => {
    const { f, g } = await gradeOf({ cert: 'good-rsa', minVersion: 'TLSv1.3', hsts: HSTS });
    assert.deepEqual(
      Object.entries(f.protocols)
        .filter(([, v]) => v === 'yes')
        .map(([k]) => k),
      ['TLSv1.3'],
    );
    assert.equal(f.fallbackScsv, 'not-applicable');
    assert.equal(f.secureRenegotiation, 'not-applicable');
    assert.equal(g.grade, 'A+', JSON.stringify(g.reasons));
  });

  test('ECDSA P-256 certificate → A+ with the EC key recorded', async () => {
    const { f, g } = await gradeOf({ cert: 'ecdsa', hsts: HSTS });
    assert.equal(f.certificate.chain[0].keyType, 'ec');
    assert.equal(f.certificate.chain[0].keyBits, 256);
    assert.equal(g.keyExchangeScore, 90);
    assert.equal(g.grade, 'A+', JSON.stringify(g.reasons));
  });

  test('expired certificate → T, would be A+', async () => {
    const { f, g } = await gradeOf({ cert: 'expired', ciphers: MODERN_12, hsts: HSTS });
    assert.equal(f.certificate.chain[0].expired, true);
    assert.equal(g.grade, 'T');
    assert.equal(g.gradeIgnoringTrust, 'A+');
    hasReason(g, /certificate expired on 2021-01-01 → T/);
  });

  test('self-signed certificate → T', async () => {
    const { f, g } = await gradeOf({ cert: 'self-signed', ciphers: MODERN_12, hsts: HSTS });
    assert.equal(f.certificate.chain[0].selfSigned, true);
    assert.equal(f.certificate.trusted, false);
    assert.equal(g.grade, 'T');
    hasReason(g, /self-signed/);
  });

  test('wrong host name → M', async () => {
    const { f, g } = await gradeOf({ cert: 'wrong-host', ciphers: MODERN_12, hsts: HSTS });
    assert.equal(f.certificate.trusted, true);
    assert.equal(f.certificate.hostnameMatch, false);
    assert.equal(g.grade, 'M');
    assert.equal(g.gradeIgnoringTrust, 'A+');
    hasReason(g, /does not match secure\.example\.test .* → M/);
  });

  test('wildcard SAN matches a name under it', async () => {
    const { f, g } = await gradeOf(
      { cert: 'good-rsa', ciphers: MODERN_12, hsts: HSTS },
      'portal.wild.example.test',
    );
    assert.equal(f.certificate.hostnameMatch, true);
    assert.equal(g.grade, 'A+');
  });

  test('RSA 1024-bit key → B', async () => {
    const { f, g } = await gradeOf({ cert: 'rsa1024', ciphers: `${MODERN_12}:@SECLEVEL=0`, hsts: HSTS });
    assert.equal(f.certificate.chain[0].keyBits, 1024);
    assert.equal(g.keyExchangeScore, 80);
    assert.equal(g.grade, 'B');
    hasReason(g, /certificate key is RSA 1024 bits \(below 2048\) → capped at B/);
  });

  test('SHA-1 signed certificate → T', async () => {
    const { f, g } = await gradeOf({ cert: 'sha1', ciphers: `${MODERN_12}:@SECLEVEL=0`, hsts: HSTS });
    assert.equal(f.certificate.chain[0].signatureHash, 'sha1');
    assert.equal(g.grade, 'T');
    hasReason(g, /signed with SHA-1 \(sha1WithRSAEncryption\)/);
  });

  test('certificate from an unknown CA (no --extra-ca) → T', async () => {
    const srv = await startTlsServer({ cert: 'good-rsa', ciphers: MODERN_12, hsts: HSTS });
    try {
      const f = await scanTls(netFor(srv.port, { extraCa: [] }), {
        host: TEST_HOST,
        port: srv.port,
        httpPort: 1,
      });
      const g = gradeTls(f);
      assert.equal(f.certificate.trusted, false);
      assert.equal(g.grade, 'T');
      hasReason(g, /does not lead to a trusted root \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
    } finally {
      await srv.close();
    }
  });
});

describe('tls probe measurement and typed errors', () => {
  let srv: RunningTlsServer;
  let plain: RunningTlsServer;
  const log = pino({ level: 'silent' });
  const ctx = (net: NetOptions) => ({ net, log, signal: new AbortController().signal, runDir: '.' });
  const probe = createTlsProbe({ httpPort: 1 });
  before(async () => {
    srv = await startTlsServer({ cert: 'good-rsa', ciphers: MODERN_12, hsts: HSTS });
    plain = await startPlainServer();
  });
  after(async () => {
    await srv?.close();
    await plain?.close();
  });

  test('measurement carries the grade fact, findings and evidence', async () => {
    const m = await probe.run(
      {
        agencyId: 'a',
        kind: 'host',
        url: `https://${TEST_HOST}:${srv.port}/`,
        host: `${TEST_HOST}:${srv.port}`,
      },
      ctx(netFor(srv.port)),
    );
    assert.equal(m.error, undefined);
    assert.equal(m.probe, 'tls');
    assert.deepEqual(m.values.facts, { 'tls.grade': 'A+' });
    const v = m.values as unknown as TlsValues;
    assert.equal(v.grade.grade, 'A+');
    assert.equal(v.findings.target.port, srv.port);
    assert.match(m.toolVersion, /^payesh-tls\/\S+ node\/\S+ openssl\/\S+$/);
    const cert = m.evidence.find((e) => e.label === 'certificate');
    assert.match(cert?.text ?? '', /CN=secure\.example\.test.*issuer .*Payesh Test Root CA/);
    assert.ok(m.evidence.some((e) => e.label === 'negotiated' && /TLSv1\.3 TLS_/.test(e.text ?? '')));
  });

  test('closed port → refused', async () => {
    const closed = await startPlainServer();
    const port = closed.port;
    await closed.close();
    const m = await probe.run(
      { agencyId: 'a', kind: 'host', url: `https://${TEST_HOST}:${port}/`, host: `${TEST_HOST}:${port}` },
      ctx(netFor(port)),
    );
    assert.equal(m.error?.type, 'refused');
    assert.equal(m.values.facts, undefined);
  });

  test('loopback without --allow-private → blocked-private', async () => {
    const m = await probe.run(
      {
        agencyId: 'a',
        kind: 'host',
        url: `https://${TEST_HOST}:${srv.port}/`,
        host: `${TEST_HOST}:${srv.port}`,
      },
      ctx(netFor(srv.port, { allowPrivate: false })),
    );
    assert.equal(m.error?.type, 'blocked-private');
  });

  test('plain TCP service → no-tls', async () => {
    const m = await probe.run(
      {
        agencyId: 'a',
        kind: 'host',
        url: `https://${TEST_HOST}:${plain.port}/`,
        host: `${TEST_HOST}:${plain.port}`,
      },
      ctx(netFor(plain.port)),
    );
    assert.equal(m.error?.type, 'no-tls');
  });
});
