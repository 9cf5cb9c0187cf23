// Parsers behind the TLS probe: certificate DER, ClientHello/ServerHello, HSTS, host:port, suites.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { fixturePem } from '../../fixtures/tls/servers.ts';
import {
  describeCertificate,
  hostnameMatches,
  rsaEquivalent,
  signatureAlgorithmOf,
} from '../../src/probes/tls/certificate.ts';
import { parseHsts } from '../../src/probes/tls/http-checks.ts';
import { parseHostPort } from '../../src/probes/tls/probe.ts';
import { buildClientHello, FALLBACK_SCSV, parseServerReply } from '../../src/probes/tls/raw-hello.ts';
import { candidatesFor, suiteByCode, suiteByName } from '../../src/probes/tls/suites.ts';
import { offeredSuites } from '../../fixtures/tls/servers.ts';

const der = (name: string) => new X509Certificate(fixturePem(`${name}.pem`)).raw;

test('signature algorithm is read from the DER', () => {
  assert.deepEqual(signatureAlgorithmOf(der('good-rsa')), {
    name: 'sha256WithRSAEncryption',
    hash: 'sha256',
  });
  assert.deepEqual(signatureAlgorithmOf(der('sha1')), { name: 'sha1WithRSAEncryption', hash: 'sha1' });
  assert.deepEqual(signatureAlgorithmOf(Buffer.from([1, 2, 3])), { name: 'unparseable', hash: 'unknown' });
});

test('certificate facts: key, validity, self-signed', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const good = describeCertificate(der('good-rsa'), now);
  assert.equal(good.keyType, 'rsa');
  assert.equal(good.keyBits, 2048);
  assert.equal(good.expired, false);
  assert.equal(good.selfSigned, false);
  assert.match(good.subject, /CN=secure\.example\.test/);
  assert.deepEqual(good.subjectAltNames, ['DNS:secure.example.test', 'DNS:*.wild.example.test']);
  const ec = describeCertificate(der('ecdsa'), now);
  assert.equal(ec.keyType, 'ec');
  assert.equal(ec.keyBits, 256);
  assert.equal(ec.keyStrengthRsaEquivalent, 3072);
  const expired = describeCertificate(der('expired'), now);
  assert.equal(expired.expired, true);
  assert.equal(expired.validTo, '2021-01-01T00:00:00.000Z');
  assert.ok(expired.daysLeft < 0);
  assert.equal(describeCertificate(der('self-signed'), now).selfSigned, true);
  assert.equal(describeCertificate(der('ca'), now).selfSigned, true);
  assert.equal(describeCertificate(der('rsa1024'), now).keyBits, 1024);
});

test('RSA-equivalent strengths', () => {
  assert.equal(rsaEquivalent('rsa', 2048), 2048);
  assert.equal(rsaEquivalent('ec', 256), 3072);
  assert.equal(rsaEquivalent('ec', 384), 7680);
  assert.equal(rsaEquivalent('x25519', 253), 3072);
  assert.equal(rsaEquivalent('ec', 160), 1024);
});

test('hostname matching honours SAN wildcards in one label only', () => {
  const peer = new X509Certificate(fixturePem('good-rsa.pem')).toLegacyObject();
  assert.equal(hostnameMatches('secure.example.test', peer).ok, true);
  assert.equal(hostnameMatches('portal.wild.example.test', peer).ok, true);
  assert.equal(hostnameMatches('a.b.wild.example.test', peer).ok, false);
  assert.equal(hostnameMatches('other.example.test', peer).ok, false);
});

test('ClientHello carries the suites, SNI and fallback SCSV', () => {
  const hello = buildClientHello({
    version: 0x0302,
    suites: [0x000a, 0xc012],
    servername: 'secure.example.test',
    fallbackScsv: true,
  });
  assert.equal(hello[0], 0x16);
  assert.equal(hello.readUInt16BE(3), hello.length - 5);
  assert.equal(hello[5], 1);
  assert.equal(hello.readUInt16BE(9), 0x0302);
  assert.deepEqual(offeredSuites(hello), [0x000a, 0xc012, FALLBACK_SCSV]);
  assert.ok(hello.includes(Buffer.from('secure.example.test')));
});

test('ServerHello and alert replies are parsed; partial records wait for more bytes', () => {
  const body = Buffer.concat([
    Buffer.from([3, 3]),
    Buffer.alloc(32),
    Buffer.from([0, 0x00, 0x0a, 0]),
    Buffer.from([0, 5, 0xff, 0x01, 0, 1, 0]),
  ]);
  const hs = Buffer.concat([Buffer.from([2, 0, 0, body.length]), body]);
  const rec = Buffer.concat([Buffer.from([0x16, 3, 3, 0, hs.length]), hs]);
  assert.deepEqual(parseServerReply(rec), {
    kind: 'server-hello',
    version: 0x0303,
    suite: 0x000a,
    renegotiationInfo: true,
  });
  assert.equal(parseServerReply(rec.subarray(0, 20)), undefined);
  assert.deepEqual(parseServerReply(Buffer.from([0x15, 3, 3, 0, 2, 2, 86])), {
    kind: 'alert',
    level: 2,
    description: 86,
  });
  assert.deepEqual(parseServerReply(Buffer.from('HTTP/1.1 400 Bad')), { kind: 'unparseable' });
});

test('HSTS header parsing', () => {
  assert.deepEqual(parseHsts('max-age=31536000; includeSubDomains; preload'), {
    maxAge: 31536000,
    includeSubDomains: true,
    preload: true,
  });
  assert.deepEqual(parseHsts('Max-Age="600"'), { maxAge: 600, includeSubDomains: false, preload: false });
  assert.deepEqual(parseHsts('includesubdomains'), {
    maxAge: undefined,
    includeSubDomains: true,
    preload: false,
  });
});

test('host[:port] parsing', () => {
  assert.deepEqual(parseHostPort('Portal.Example.ir'), { host: 'portal.example.ir', port: 443 });
  assert.deepEqual(parseHostPort('portal.example.ir:8443'), { host: 'portal.example.ir', port: 8443 });
  assert.deepEqual(parseHostPort('https://portal.example.ir/x'), { host: 'portal.example.ir', port: 443 });
  assert.deepEqual(parseHostPort('[::1]:444'), { host: '::1', port: 444 });
  assert.throws(() => parseHostPort('a b'), /expected HOST or HOST:PORT/);
  assert.throws(() => parseHostPort('a:70000'), /port must be/);
});

test('suite catalogue classification', () => {
  const gcm = suiteByName('ECDHE-RSA-AES128-GCM-SHA256')!;
  assert.equal(gcm.strengthBits, 128);
  assert.equal(gcm.aead, true);
  assert.equal(gcm.forwardSecrecy, true);
  assert.equal(gcm.minVersion, 'TLSv1.2');
  assert.equal(suiteByName('AES256-SHA')!.forwardSecrecy, false);
  assert.equal(suiteByName('AES256-SHA')!.strengthBits, 256);
  assert.equal(suiteByName('TLS_CHACHA20_POLY1305_SHA256')!.strengthBits, 256);
  assert.equal(suiteByName('AECDH-AES128-SHA')!.anonymous, true);
  assert.equal(suiteByName('NULL-SHA256')!.strengthBits, 0);
  const des3 = suiteByCode(0x000a)!;
  assert.equal(des3.name, 'DES-CBC3-SHA');
  assert.equal(des3.smallBlock, true);
  assert.equal(des3.strengthBits, 112);
  assert.equal(suiteByCode(0x0003)!.export, true);
  assert.ok(candidatesFor('TLSv1').every((s) => s.minVersion === 'TLSv1'));
  assert.equal(candidatesFor('TLSv1.3').length, 5);
});
