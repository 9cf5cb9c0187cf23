// Every grading rule on hand-built findings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CertificateInfo } from '../../src/probes/tls/certificate.ts';
import {
  cipherPoints,
  gradeTls,
  keyExchangePoints,
  letterForScore,
  type TlsGrade,
} from '../../src/probes/tls/grade.ts';
import type { AcceptedSuite, TlsFindings } from '../../src/probes/tls/scan.ts';
import type { SimulatedHandshake } from '../../src/probes/tls/simulate.ts';

const X25519 = { type: 'ECDH', name: 'X25519', size: 253 };
const suite = (name: string, bits: number, fs = true, aead = true): AcceptedSuite => ({
  name,
  code: 0,
  keyExchange: fs ? 'ECDHE' : 'RSA',
  forwardSecrecy: fs,
  aead,
  strengthBits: bits,
  ...(fs ? { ephemeral: X25519 } : {}),
});

function cert(over: Partial<CertificateInfo> = {}): CertificateInfo {
  return {
    subject: 'C=IR, O=Test, CN=secure.example.test',
    issuer: 'C=IR, O=Test, CN=Test CA',
    serialNumber: '01',
    validFrom: '2025-01-01T00:00:00.000Z',
    validTo: '2045-01-01T00:00:00.000Z',
    daysLeft: 7000,
    expired: false,
    notYetValid: false,
    subjectAltNames: ['DNS:secure.example.test'],
    keyType: 'rsa',
    keyBits: 2048,
    keyStrengthRsaEquivalent: 2048,
    signatureAlgorithm: 'sha256WithRSAEncryption',
    signatureHash: 'sha256',
    selfSigned: false,
    fingerprint256: 'AA',
    ...over,
  };
}
const root = cert({
  subject: 'C=IR, O=Test, CN=Test CA',
  selfSigned: true,
  signatureAlgorithm: 'sha1WithRSAEncryption',
  signatureHash: 'sha1',
});

/** A modern TLS 1.2 + 1.3 server with HSTS for a year: A+. Tests change one thing each. */
function modern(): TlsFindings {
  return {
    target: {
      host: 'secure.example.test',
      port: 443,
      address: '192.0.2.1',
      servername: 'secure.example.test',
    },
    scannedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 100,
    handshakes: 100,
    rawHellos: 8,
    protocols: {
      SSLv2: 'not-tested',
      SSLv3: 'not-tested',
      TLSv1: 'no',
      'TLSv1.1': 'no',
      'TLSv1.2': 'yes',
      'TLSv1.3': 'yes',
    },
    suites: {
      'TLSv1.2': [suite('ECDHE-RSA-AES256-GCM-SHA384', 256), suite('ECDHE-RSA-AES128-GCM-SHA256', 128)],
      'TLSv1.3': [suite('TLS_AES_256_GCM_SHA384', 256), suite('TLS_AES_128_GCM_SHA256', 128)],
    },
    clientUnsupported: [],
    serverPreference: { 'TLSv1.2': true, 'TLSv1.3': true },
    negotiated: {
      protocol: 'TLSv1.3',
      cipher: 'TLS_AES_256_GCM_SHA384',
      ephemeral: X25519,
      alpn: 'h2',
      forwardSecrecy: true,
      aead: true,
    },
    keyExchange: {
      groups: ['X25519'],
      minDhBits: null,
      minEcdhRsaEquivalent: 3072,
      certKeyRsaEquivalent: 2048,
    },
    forwardSecrecy: { negotiated: true, anySuite: true, allSuites: true },
    aead: { negotiated: true, anySuite: true, allSuites: true },
    weakest: { strengthBits: 128, suite: 'ECDHE-RSA-AES128-GCM-SHA256', protocol: 'TLSv1.2' },
    strongest: { strengthBits: 256, suite: 'TLS_AES_256_GCM_SHA384', protocol: 'TLSv1.3' },
    anonymousSuites: [],
    nullSuites: [],
    tripleDes: { tested: true, accepted: [] },
    rc4: { tested: true, accepted: [] },
    exportOrDes: { tested: true, accepted: [] },
    secureRenegotiation: 'yes',
    fallbackScsv: 'supported',
    certificate: {
      chain: [cert(), root],
      trusted: true,
      hostname: 'secure.example.test',
      hostnameMatch: true,
      ocspStapled: false,
    },
    alpn: { offered: ['h2', 'http/1.1'], selected: 'h2', h2: true },
    hsts: {
      tested: true,
      url: 'https://secure.example.test/',
      status: 200,
      header: 'max-age=31536000',
      maxAge: 31536000,
      includeSubDomains: false,
      preload: false,
    },
    httpRedirect: {
      tested: true,
      url: 'http://secure.example.test/',
      status: 301,
      location: 'https://secure.example.test/',
      redirectsToHttps: true,
    },
    notTested: ['Heartbleed'],
  };
}

function reason(g: TlsGrade, re: RegExp): void {
  assert.ok(
    g.reasons.some((r) => re.test(r)),
    `no reason matching ${re}: ${JSON.stringify(g.reasons)}`,
  );
}

test('score tables follow the rating guide', () => {
  assert.deepEqual(
    [0, 300, 512, 1024, 2048, 3072, 4096].map(keyExchangePoints),
    [0, 20, 40, 80, 90, 90, 100],
  );
  assert.deepEqual([0, 56, 112, 128, 256].map(cipherPoints), [0, 20, 20, 80, 100]);
  assert.deepEqual([80, 79, 65, 64, 50, 49, 35, 34, 20, 19].map(letterForScore), [
    'A',
    'B',
    'B',
    'C',
    'C',
    'D',
    'D',
    'E',
    'E',
    'F',
  ]);
});

test('modern configuration with long HSTS → A+ with score 93 and no reasons', () => {
  const g = gradeTls(modern());
  assert.equal(g.grade, 'A+');
  assert.equal(g.score, 93);
  assert.equal(g.protocolScore, 100);
  assert.equal(g.keyExchangeScore, 90);
  assert.equal(g.cipherScore, 90);
  assert.deepEqual(g.reasons, []);
  assert.deepEqual(g.notTested, ['Heartbleed']);
});

test('no HSTS → A; short HSTS → A; fallback SCSV missing → A', () => {
  let f = modern();
  f.hsts = { tested: true, url: 'https://secure.example.test/', status: 200 };
  let g = gradeTls(f);
  assert.equal(g.grade, 'A');
  reason(g, /no Strict-Transport-Security header on https:\/\/secure\.example\.test\/ → A, not A\+/);
  f = modern();
  f.hsts.maxAge = 15_767_999;
  g = gradeTls(f);
  assert.equal(g.grade, 'A');
  reason(g, /HSTS max-age 15767999 is shorter than 15768000 s/);
  f = modern();
  f.hsts.maxAge = 15_768_000;
  assert.equal(gradeTls(f).grade, 'A+');
  f = modern();
  f.fallbackScsv = 'not-supported';
  g = gradeTls(f);
  assert.equal(g.grade, 'A');
  reason(g, /TLS_FALLBACK_SCSV is not supported/);
});

test('TLS 1.0 or 1.1 → capped at B, naming a cipher', () => {
  const f = modern();
  f.protocols.TLSv1 = 'yes';
  f.suites.TLSv1 = [suite('ECDHE-RSA-AES128-SHA', 128, true, false)];
  const g = gradeTls(f);
  assert.equal(g.grade, 'B');
  assert.equal(g.protocolScore, 95);
  reason(g, /^accepts TLS 1\.0 \(cipher ECDHE-RSA-AES128-SHA\) → capped at B$/);
  const f11 = modern();
  f11.protocols['TLSv1.1'] = 'yes';
  assert.equal(gradeTls(f11).grade, 'B');
});

test('no forward secrecy with a modern client → B', () => {
  const f = modern();
  f.negotiated = { ...f.negotiated, protocol: 'TLSv1.2', cipher: 'AES256-GCM-SHA384', forwardSecrecy: false };
  f.forwardSecrecy.negotiated = false;
  const g = gradeTls(f);
  assert.equal(g.grade, 'B');
  reason(
    g,
    /no forward secrecy with a modern client \(negotiated AES256-GCM-SHA384 on TLS 1\.2\) → capped at B/,
  );
});

test('no AEAD suite → B even with HSTS (March 2018)', () => {
  const f = modern();
  f.aead = { negotiated: false, anySuite: false, allSuites: false };
  const g = gradeTls(f);
  assert.equal(g.grade, 'B');
  reason(g, /no AEAD cipher suite .* → capped at B/);
});

const sim = (
  client: string,
  name: string,
  protocol: string,
  suite: string,
  code: number,
  over: Partial<SimulatedHandshake> = {},
): SimulatedHandshake => ({
  client,
  name,
  ok: true,
  protocol,
  suite,
  code,
  kx: 'x25519',
  forwardSecrecy: true,
  aead: true,
  weakCipher: null,
  ...over,
});

test('with simulated clients, caps follow what the clients negotiate, naming the client', () => {
  // 3DES accepted but never negotiated by a reference client: no cap.
  let f = modern();
  f.tripleDes.accepted = [{ suite: 'DES-CBC3-SHA', protocol: 'TLSv1.2' }];
  f.simulation = [
    sim('chrome-101-win10', 'Chrome 101 / Windows 10', 'TLSv1.3', 'TLS_AES_256_GCM_SHA384', 0x1302),
  ];
  assert.equal(gradeTls(f).grade, 'A+', JSON.stringify(gradeTls(f).reasons));
  // IE 11 on Windows 7 gets 3DES on TLS 1.2: C, with the client named.
  f.simulation.push(
    sim('ie-11-win7', 'IE 11 / Windows 7', 'TLSv1.2', 'DES-CBC3-SHA', 0x000a, {
      forwardSecrecy: false,
      aead: false,
      weakCipher: '3DES',
      kx: 'RSA',
    }),
  );
  let g = gradeTls(f);
  assert.equal(g.grade, 'C');
  reason(g, /IE 11 \/ Windows 7 negotiates 3DES.*DES-CBC3-SHA on TLS 1\.2.* → capped at C/);
  // CBC only with every client: B for AEAD.
  f = modern();
  f.simulation = [
    sim('java-8u161', 'Java 8u161', 'TLSv1.2', 'ECDHE-RSA-AES128-SHA', 0xc013, { aead: false }),
    sim('android-12', 'Android 12', 'TLSv1.2', 'ECDHE-RSA-AES128-SHA', 0xc013, { aead: false }),
  ];
  g = gradeTls(f);
  assert.equal(g.grade, 'B');
  reason(g, /no AEAD suite with any reference client \(Java 8u161 gets ECDHE-RSA-AES128-SHA/);
  // RSA key exchange with every client: B for forward secrecy.
  f = modern();
  f.simulation = [
    sim('android-12', 'Android 12', 'TLSv1.2', 'AES128-GCM-SHA256', 0x009c, {
      forwardSecrecy: false,
      kx: 'RSA',
    }),
  ];
  g = gradeTls(f);
  assert.equal(g.grade, 'B');
  reason(g, /no forward secrecy with any reference client \(Android 12 gets AES128-GCM-SHA256 on TLS 1\.2\)/);
  // One client gets RSA though it offers ECDHE-RSA-AES128-GCM-SHA256, which the server accepts.
  f = modern();
  f.suites['TLSv1.2'] = [
    { ...f.suites['TLSv1.2']![1], code: 0xc02f },
    {
      name: 'AES128-GCM-SHA256',
      code: 0x009c,
      keyExchange: 'RSA',
      forwardSecrecy: false,
      aead: true,
      strengthBits: 128,
    },
  ];
  f.simulation = [
    sim('chrome-101-win10', 'Chrome 101 / Windows 10', 'TLSv1.3', 'TLS_AES_256_GCM_SHA384', 0x1302),
    sim('android-7.0', 'Android 7.0', 'TLSv1.2', 'AES128-GCM-SHA256', 0x009c, {
      forwardSecrecy: false,
      kx: 'RSA',
    }),
  ];
  g = gradeTls(f);
  assert.equal(g.grade, 'B');
  reason(g, /Android 7\.0 gets AES128-GCM-SHA256 without forward secrecy on TLS 1\.2/);
});

test('vulnerabilities cap as SSL Labs does: Heartbleed, CCS, ROBOT, SSL 2 → F; SSL 3, compression → C', () => {
  const clean = (): NonNullable<TlsFindings['vulnerabilities']> => ({
    heartbleed: { state: 'not-vulnerable', detail: 'x' },
    ccsInjection: { state: 'not-vulnerable', detail: 'x' },
    robot: { state: 'not-vulnerable', detail: 'x' },
    compression: { state: 'not-vulnerable', detail: 'x' },
    sslv2: { state: 'not-vulnerable', detail: 'x' },
    sslv3: { state: 'not-vulnerable', detail: 'x' },
    insecureRenegotiation: { state: 'not-vulnerable', detail: 'x' },
    clientRenegotiation: { state: 'not-tested', detail: 'TLS 1.3 only' },
  });
  const f = modern();
  f.vulnerabilities = clean();
  let g = gradeTls(f);
  assert.equal(g.grade, 'A+');
  assert.ok(g.notTested.some((x) => /clientRenegotiation: TLS 1\.3 only/.test(x)));
  const cases: [keyof ReturnType<typeof clean>, string, RegExp][] = [
    ['heartbleed', 'F', /Heartbleed/],
    ['ccsInjection', 'F', /CCS injection/],
    ['robot', 'F', /ROBOT/],
    ['sslv2', 'F', /SSL 2\.0/],
    ['insecureRenegotiation', 'F', /insecure client-initiated renegotiation/],
    ['sslv3', 'C', /SSL 3\.0/],
    ['compression', 'C', /CRIME/],
  ];
  for (const [k, letter, re] of cases) {
    f.vulnerabilities = clean();
    f.vulnerabilities[k] = { state: 'vulnerable', detail: 'evidence' };
    g = gradeTls(f);
    assert.equal(g.grade, letter, k);
    reason(g, re);
  }
});

test('RC4 → C; 3DES → C; DES → C', () => {
  let f = modern();
  f.rc4.accepted = [{ suite: 'RC4-SHA', protocol: 'TLSv1.2' }];
  let g = gradeTls(f);
  assert.equal(g.grade, 'C');
  reason(g, /accepts RC4 \(RC4-SHA on TLS 1\.2\) → capped at C/);
  f = modern();
  f.tripleDes.accepted = [{ suite: 'DES-CBC3-SHA', protocol: 'TLSv1.2' }];
  g = gradeTls(f);
  assert.equal(g.grade, 'C');
  reason(g, /accepts 3DES, a 64-bit block cipher \(DES-CBC3-SHA on TLS 1\.2; Sweet32\) → capped at C/);
  f = modern();
  f.exportOrDes.accepted = [{ suite: 'DES-CBC-SHA', protocol: 'TLSv1.2' }];
  assert.equal(gradeTls(f).grade, 'C');
});

test('export suites, anonymous suites, NULL encryption, SSL 2.0 → F', () => {
  let f = modern();
  f.exportOrDes.accepted = [{ suite: 'EXP-RC4-MD5', protocol: 'TLSv1' }];
  let g = gradeTls(f);
  assert.equal(g.grade, 'F');
  assert.equal(g.keyExchangeScore, 40);
  f = modern();
  f.anonymousSuites = ['AECDH-AES128-SHA'];
  g = gradeTls(f);
  assert.equal(g.grade, 'F');
  assert.equal(g.keyExchangeScore, 0);
  reason(g, /anonymous .*AECDH-AES128-SHA → capped at F/);
  f = modern();
  f.nullSuites = ['NULL-SHA256'];
  f.weakest = { strengthBits: 0, suite: 'NULL-SHA256', protocol: 'TLSv1.2' };
  g = gradeTls(f);
  assert.equal(g.grade, 'F');
  assert.equal(g.cipherScore, 50);
  f = modern();
  f.protocols.SSLv2 = 'yes';
  assert.equal(gradeTls(f).grade, 'F');
});

test('SSL 3.0 → C; no TLS 1.2 or 1.3 → B; no secure renegotiation → C', () => {
  let f = modern();
  f.protocols.SSLv3 = 'yes';
  assert.equal(gradeTls(f).grade, 'C');
  f = modern();
  f.protocols = { ...f.protocols, TLSv1: 'yes', 'TLSv1.2': 'no', 'TLSv1.3': 'no' };
  const g = gradeTls(f);
  assert.equal(g.grade, 'B');
  reason(g, /supports neither TLS 1\.2 nor TLS 1\.3/);
  f = modern();
  f.secureRenegotiation = 'no';
  assert.equal(gradeTls(f).grade, 'C');
});

test('certificate key below 2048 → B; below 1024 → F; DH 1024 → B; DH 512 → F', () => {
  let f = modern();
  f.certificate.chain[0] = cert({ keyBits: 1024, keyStrengthRsaEquivalent: 1024 });
  f.keyExchange.certKeyRsaEquivalent = 1024;
  let g = gradeTls(f);
  assert.equal(g.grade, 'B');
  assert.equal(g.keyExchangeScore, 80);
  reason(g, /certificate key is RSA 1024 bits \(below 2048\) → capped at B/);
  f = modern();
  f.certificate.chain[0] = cert({ keyBits: 512, keyStrengthRsaEquivalent: 512 });
  f.keyExchange.certKeyRsaEquivalent = 512;
  g = gradeTls(f);
  assert.equal(g.grade, 'F');
  f = modern();
  f.keyExchange.minDhBits = 1024;
  g = gradeTls(f);
  assert.equal(g.grade, 'B');
  reason(g, /DH parameters of 1024 bits \(below 2048\)/);
  f = modern();
  f.keyExchange.minDhBits = 512;
  assert.equal(gradeTls(f).grade, 'F');
});

test('a score below 80 gives the letter of the score', () => {
  const f = modern();
  f.keyExchange.certKeyRsaEquivalent = 300; // 20 points
  f.certificate.chain[0] = cert({ keyBits: 2048, keyStrengthRsaEquivalent: 2048 });
  f.weakest = { strengthBits: 56, suite: 'X', protocol: 'TLSv1.2' };
  const g = gradeTls(f);
  // 0.3*100 + 0.3*20 + 0.4*60 = 60 → C
  assert.equal(g.score, 60);
  assert.equal(g.grade, 'C');
  reason(g, /numeric score 60 .* → C/);
});

test('untrusted chain → T, showing the letter it would have', () => {
  const f = modern();
  f.certificate.trusted = false;
  f.certificate.trustError = 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY';
  const g = gradeTls(f);
  assert.equal(g.grade, 'T');
  assert.equal(g.gradeIgnoringTrust, 'A+');
  reason(
    g,
    /does not lead to a trusted root \(UNABLE_TO_GET_ISSUER_CERT_LOCALLY\) → T \(would be A\+ if trusted\)/,
  );
});

test('expired, not yet valid and self-signed certificates → T', () => {
  let f = modern();
  f.certificate.chain[0] = cert({ expired: true, validTo: '2021-01-01T00:00:00.000Z' });
  f.certificate.trusted = false;
  let g = gradeTls(f);
  assert.equal(g.grade, 'T');
  reason(g, /certificate expired on 2021-01-01 → T/);
  assert.equal(g.reasons.filter((r) => /trusted root/.test(r)).length, 0);
  f = modern();
  f.certificate.chain[0] = cert({ notYetValid: true, validFrom: '2030-01-01T00:00:00.000Z' });
  assert.equal(gradeTls(f).grade, 'T');
  f = modern();
  f.certificate.chain = [cert({ selfSigned: true })];
  f.certificate.trusted = false;
  g = gradeTls(f);
  assert.equal(g.grade, 'T');
  reason(g, /self-signed/);
});

test('SHA-1 signature on the leaf → T, on the root does not count; MD5 → F', () => {
  let f = modern();
  f.certificate.chain[0] = cert({ signatureAlgorithm: 'sha1WithRSAEncryption', signatureHash: 'sha1' });
  let g = gradeTls(f);
  assert.equal(g.grade, 'T');
  reason(g, /signed with SHA-1 \(sha1WithRSAEncryption\)/);
  assert.equal(gradeTls(modern()).grade, 'A+'); // the root in modern() is SHA-1 self-signed
  f = modern();
  f.certificate.chain[0] = cert({ signatureAlgorithm: 'md5WithRSAEncryption', signatureHash: 'md5' });
  g = gradeTls(f);
  assert.equal(g.gradeIgnoringTrust, 'F');
});

test('hostname mismatch → M; mismatch and untrusted → T with both reasons', () => {
  let f = modern();
  f.certificate.hostnameMatch = false;
  f.certificate.hostnameError =
    "Host: secure.example.test. is not in the cert's altnames: DNS:other.example.org";
  let g = gradeTls(f);
  assert.equal(g.grade, 'M');
  assert.equal(g.gradeIgnoringTrust, 'A+');
  reason(g, /does not match secure\.example\.test .* → M \(would be A\+ if it matched\)/);
  f = modern();
  f.certificate.hostnameMatch = false;
  f.certificate.trusted = false;
  g = gradeTls(f);
  assert.equal(g.grade, 'T');
  reason(g, /also a name mismatch/);
});

test('caps combine to the lowest and each adds its own reason', () => {
  const f = modern();
  f.protocols.TLSv1 = 'yes';
  f.tripleDes.accepted = [{ suite: 'DES-CBC3-SHA', protocol: 'TLSv1' }];
  f.aead.anySuite = false;
  const g = gradeTls(f);
  assert.equal(g.grade, 'C');
  assert.equal(g.reasons.length, 3);
});

test('inconclusive legacy probes are listed as not tested, not guessed', () => {
  const f = modern();
  f.fallbackScsv = 'not-tested';
  f.tripleDes.tested = false;
  const g = gradeTls(f);
  assert.equal(g.grade, 'A+');
  assert.ok(g.notTested.some((x) => /TLS_FALLBACK_SCSV/.test(x)));
  assert.ok(g.notTested.some((x) => /3DES/.test(x)));
});
