import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import pino from 'pino';
import { defaultNetOptions, type NetOptions } from '../../src/net/options.ts';
import { httpProbe, type HttpValues } from '../../src/probes/http/probe.ts';
import type { Measurement, Target } from '../../src/probes/types.ts';

let server: Server;
let port = 0;
const sockets = new Set<Socket>();
const challenge =
  '<!doctype html><html><head><title>Just a moment...</title></head><body><div id="challenge-running">Checking if the site connection is secure</div></body></html>';

before(async () => {
  server = createServer((req, res) => {
    switch (req.url) {
      case '/':
        return res
          .writeHead(200, {
            'content-type': 'text/html; charset=UTF-8',
            server: 'nginx/1.24',
            'x-powered-by': 'ASP.NET',
            'strict-transport-security': 'max-age=31536000',
            'x-frame-options': 'SAMEORIGIN',
          })
          .end('<html lang="fa" dir="rtl"><body>پورتال سازمان نمونه</body></html>');
      case '/old':
        return res.writeHead(301, { location: '/moved' }).end();
      case '/moved':
        return res.writeHead(302, { location: '/' }).end();
      case '/meta':
        return res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<html><head><meta charset="windows-1256"></head></html>');
      case '/challenge':
        return res.writeHead(503, { 'content-type': 'text/html', server: 'cloudflare' }).end(challenge);
      case '/challenge-200':
        return res.writeHead(200, { 'content-type': 'text/html' }).end(challenge);
      case '/big':
        return res.writeHead(200, { 'content-type': 'text/plain' }).end(Buffer.alloc(100_000, 97));
      case '/hang':
        return; // accepts, never answers
      case '/reset':
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': '100000' });
        res.write('<html>'.padEnd(2000, ' '));
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      case '/down':
        return res.writeHead(500).end('oops');
      default:
        return res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>یافت نشد</h1>');
    }
  });
  server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
after(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
});

const log = pino({ level: 'silent' });
const host = 'www.sample.gov.ir';
function net(over: Partial<NetOptions> = {}): NetOptions {
  return defaultNetOptions({
    allowPrivate: true,
    resolve: new Map([[`${host}:${port}`, '127.0.0.1']]),
    ...over,
  });
}
async function probe(
  path: string,
  over: Partial<NetOptions> = {},
  kind: Target['kind'] = 'portal',
): Promise<Measurement<HttpValues>> {
  const target: Target = {
    agencyId: 'a1',
    kind,
    url: `http://${host}:${port}${path}`,
    host: `${host}:${port}`,
  };
  const ctx = { net: net(over), log, signal: new AbortController().signal, runDir: '.' };
  return (await httpProbe.run(target, ctx)) as Measurement<HttpValues>;
}

test('records status, headers, charset, timings and facts of a healthy page', async () => {
  const m = await probe('/');
  assert.equal(m.error, undefined);
  assert.equal(m.values.status, 200);
  assert.equal(m.values.charset, 'utf-8');
  assert.equal(m.values.headers.server, 'nginx/1.24');
  assert.equal(m.values.headers['x-powered-by'], 'ASP.NET');
  assert.equal(m.values.headers['strict-transport-security'], 'max-age=31536000');
  assert.equal(typeof m.values.timings.firstByteMs, 'number');
  assert.equal(m.values.remoteAddress, '127.0.0.1');
  assert.deepEqual(m.values.facts, {
    'http.ok': true,
    'http.status': 200,
    'http.blocked': false,
    'domain.standard': true,
  });
  assert.match(m.toolVersion, /^payesh-http\/\S+ undici\/\d+\.\d+\.\d+$/);
});

test('follows the redirect chain and keeps it as evidence', async () => {
  const m = await probe('/old');
  assert.equal(m.values.finalUrl, `http://${host}:${port}/`);
  assert.deepEqual(
    m.values.redirects.map((r) => r.status),
    [301, 302],
  );
  assert.deepEqual(
    m.evidence.filter((e) => e.label?.startsWith('redirect')).map((e) => e.url),
    [`http://${host}:${port}/old`, `http://${host}:${port}/moved`],
  );
});

test('charset from a <meta> tag when the header has none', async () => {
  assert.equal((await probe('/meta')).values.charset, 'windows-1256');
});

test('404 and 500 are http-status failures with http.ok false', async () => {
  const m = await probe('/missing', {}, 'service');
  assert.equal(m.error?.type, 'http-status');
  assert.equal(m.values.facts?.['http.ok'], false);
  assert.equal(m.values.facts?.['http.status'], 404);
  assert.equal(m.values.facts?.['domain.standard'], undefined, 'domain is a portal-level fact');
  assert.equal((await probe('/down')).error?.type, 'http-status');
});

test('a 503 challenge page is blocked-by-waf, not down, with the marker as evidence', async () => {
  for (const path of ['/challenge', '/challenge-200']) {
    const m = await probe(path);
    assert.equal(m.error?.type, 'blocked-by-waf', path);
    assert.equal(m.values.facts?.['http.ok'], null);
    assert.equal(m.values.facts?.['http.blocked'], true);
    assert.equal(m.values.waf?.vendor, 'cloudflare');
    assert.ok(m.evidence.some((e) => e.kind === 'text' && /Just a moment/.test(e.text ?? '')));
  }
});

test('a server that never answers costs one timeout', async () => {
  const m = await probe('/hang', { headersTimeoutMs: 300, totalTimeoutMs: 600 });
  assert.equal(m.error?.type, 'timeout');
  assert.equal(m.values.facts?.['http.ok'], false);
});

test('a connection reset in the middle of the body is typed reset', async () => {
  const m = await probe('/reset');
  assert.equal(m.error?.type, 'reset');
});

test('a body over the cap is body-too-large, with the status kept', async () => {
  const m = await probe('/big', { maxBodyBytes: 10_000 });
  assert.equal(m.error?.type, 'body-too-large');
  assert.equal(m.values.status, 200);
  assert.equal(m.values.bytes, 10_000);
  assert.equal(m.values.truncated, true);
});

test('a private address is refused without --allow-private', async () => {
  const m = await probe('/', { allowPrivate: false });
  assert.equal(m.error?.type, 'blocked-private');
  assert.equal(m.values.facts?.['http.ok'], null);
});

test('a host outside .ir is not a standard domain', async () => {
  const target: Target = {
    agencyId: 'a1',
    kind: 'portal',
    url: `http://127.0.0.1:${port}/`,
    host: `127.0.0.1:${port}`,
  };
  const m = (await httpProbe.run(target, {
    net: net(),
    log,
    signal: new AbortController().signal,
    runDir: '.',
  })) as Measurement<HttpValues>;
  assert.equal(m.values.facts?.['domain.standard'], false);
});

test('HTTPS: untrusted or misnamed certificates are typed tls; with --extra-ca the TLS phase is timed', async () => {
  const { readFileSync } = await import('node:fs');
  const { createServer: createHttps } = await import('node:https');
  const dir = new URL('../../fixtures/tls/', import.meta.url);
  const pem = (n: string) => readFileSync(new URL(n, dir), 'utf8');
  const servers = ['good-rsa', 'wrong-host'].map((name) =>
    createHttps({ key: pem(`${name}.key`), cert: pem(`${name}.pem`) }, (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p>امن</p>'),
    ),
  );
  try {
    const ports: number[] = [];
    for (const s of servers) {
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      ports.push((s.address() as AddressInfo).port);
    }
    const tlsHost = 'secure.example.test';
    const run = async (p: number, extraCa: string[]) => {
      const target: Target = {
        agencyId: 'a1',
        kind: 'portal',
        url: `https://${tlsHost}:${p}/`,
        host: `${tlsHost}:${p}`,
      };
      const n = defaultNetOptions({
        allowPrivate: true,
        extraCa,
        resolve: new Map([[`${tlsHost}:${p}`, '127.0.0.1']]),
      });
      return (await httpProbe.run(target, {
        net: n,
        log,
        signal: new AbortController().signal,
        runDir: '.',
      })) as Measurement<HttpValues>;
    };
    assert.equal((await run(ports[0], [])).error?.type, 'tls');
    const trusted = await run(ports[0], [pem('ca.pem')]);
    assert.equal(trusted.error, undefined);
    assert.equal(trusted.values.status, 200);
    assert.equal(typeof trusted.values.timings.tlsMs, 'number');
    assert.equal((await run(ports[1], [pem('ca.pem')])).error?.type, 'tls');
  } finally {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  }
});
