import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchUrl } from '../../src/net/fetch.ts';
import { defaultNetOptions } from '../../src/net/options.ts';

let server: Server;
let port = 0;
const sockets = new Set<import('node:net').Socket>();

before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ok')
      return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<p>سلام</p>');
    if (req.url === '/r1') return res.writeHead(302, { location: '/r2' }).end();
    if (req.url === '/r2') return res.writeHead(301, { location: '/ok' }).end();
    if (req.url === '/loop') return res.writeHead(302, { location: '/loop' }).end();
    if (req.url === '/big') return res.writeHead(200).end(Buffer.alloc(200_000, 97));
    if (req.url === '/hang') return; // accepts and never answers
    res.writeHead(404).end('no');
  });
  server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
after(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
});

const net = (over = {}) => defaultNetOptions({ allowPrivate: true, ...over });

test('follows redirects, records the chain and times the phases', async () => {
  const r = await fetchUrl(`http://127.0.0.1:${port}/r1`, net());
  assert.equal(r.status, 200);
  assert.equal(r.finalUrl, `http://127.0.0.1:${port}/ok`);
  assert.deepEqual(
    r.redirects.map((h) => h.status),
    [302, 301],
  );
  assert.equal(r.body.toString('utf8'), '<p>سلام</p>');
  assert.equal(typeof r.timings.connectMs, 'number');
  assert.equal(r.error, undefined);
});

test('--resolve maps a made-up host name to the loopback server', async () => {
  const r = await fetchUrl(
    `http://www.portal.test:${port}/ok`,
    net({ resolve: new Map([[`www.portal.test:${port}`, '127.0.0.1']]) }),
  );
  assert.equal(r.status, 200);
  assert.equal(r.remoteAddress, '127.0.0.1');
});

test('redirect loops and long chains get a typed reason', async () => {
  const r = await fetchUrl(`http://127.0.0.1:${port}/loop`, net());
  assert.equal(r.error?.type, 'too-many-redirects');
  const short = await fetchUrl(`http://127.0.0.1:${port}/r1`, net({ maxRedirects: 1 }));
  assert.equal(short.error?.type, 'too-many-redirects');
});

test('bodies are cut at the byte limit', async () => {
  const r = await fetchUrl(`http://127.0.0.1:${port}/big`, net({ maxBodyBytes: 1000 }));
  assert.equal(r.truncated, true);
  assert.equal(r.bytes, 1000);
});

test('a server that never answers costs one timeout', async () => {
  const r = await fetchUrl(
    `http://127.0.0.1:${port}/hang`,
    net({ headersTimeoutMs: 300, totalTimeoutMs: 500 }),
  );
  assert.equal(r.error?.type, 'timeout');
});

test('loopback is refused without --allow-private, also through --resolve', async () => {
  const a = await fetchUrl(`http://127.0.0.1:${port}/ok`, defaultNetOptions());
  assert.equal(a.error?.type, 'blocked-private');
  const b = await fetchUrl(
    `http://www.portal.test:${port}/ok`,
    defaultNetOptions({ resolve: new Map([[`www.portal.test:${port}`, '127.0.0.1']]) }),
  );
  assert.equal(b.error?.type, 'blocked-private');
  const c = await fetchUrl(`http://localhost:${port}/ok`, defaultNetOptions());
  assert.equal(c.error?.type, 'blocked-private');
});

test('refused connections are typed', async () => {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  const r = await fetchUrl(`http://127.0.0.1:${p}/`, net());
  assert.equal(r.error?.type, 'refused');
});
