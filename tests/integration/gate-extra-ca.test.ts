// --extra-ca trusts only chains that CA signed: with an extra CA, the request gate opens a TLS tunnel
// only after verifying the server's chain and name itself. A self-signed leaf that carries the CA
// certificate in its chain (which Chromium's SPKI list alone would accept) is refused; the chain the
// CA really signed passes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connect as tlsConnect, createServer, type Server } from 'node:tls';
import { goodPage } from '../../fixtures/browser/pages.ts';
import { startSite, testTls } from '../../fixtures/browser/servers.ts';
import { BrowserPool } from '../../src/browser/pool.ts';
import { navigate } from '../../src/browser/navigate.ts';
import { RequestGate } from '../../src/net/gate.ts';
import { defaultNetOptions } from '../../src/net/options.ts';

const dir = mkdtempSync(join(tmpdir(), 'payesh-extra-ca-'));
let forged: { cert: string; key: string };
const servers: Server[] = [];

function serve(cert: string, key: string): Promise<number> {
  const server = createServer({ cert, key }, (s) => s.end('hello'));
  servers.push(server);
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));
}

before(() => {
  // A leaf for the same name, signed by nobody, sent with the real CA certificate after it.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=www.portal.test',
      '-addext',
      'subjectAltName=DNS:www.portal.test',
      '-keyout',
      join(dir, 'k.pem'),
      '-out',
      join(dir, 'c.pem'),
    ],
    { stdio: 'ignore' },
  );
  forged = {
    cert: readFileSync(join(dir, 'c.pem'), 'utf8') + testTls.ca,
    key: readFileSync(join(dir, 'k.pem'), 'utf8'),
  };
});
after(() => {
  for (const s of servers) s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** CONNECT through the gate, then a TLS handshake inside the tunnel that accepts any certificate. */
function throughGate(gate: RequestGate, port: number): Promise<'handshake' | 'closed'> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port: gate.port,
      method: 'CONNECT',
      path: `www.portal.test:${port}`,
    });
    req.once('connect', (res, socket) => {
      assert.equal(res.statusCode, 200);
      const t = tlsConnect({ socket, servername: 'www.portal.test', rejectUnauthorized: false });
      t.once('secureConnect', () => {
        t.destroy();
        resolve('handshake');
      });
      t.once('error', () => resolve('closed'));
      t.once('close', () => resolve('closed'));
    });
    req.once('error', reject);
    req.end();
  });
}

describe('the gate checks chains when an extra CA is given', { timeout: 180_000 }, () => {
  test('a self-signed leaf with the CA appended is refused; the CA-signed chain passes', async () => {
    const goodPort = await serve(testTls.cert + testTls.ca, testTls.key);
    const leafOnlyPort = await serve(testTls.cert, testTls.key);
    const forgedPort = await serve(forged.cert, forged.key);
    const net = defaultNetOptions({
      allowPrivate: ['127.0.0.1/32'],
      extraCa: [testTls.ca],
      resolve: new Map(
        [goodPort, leafOnlyPort, forgedPort].map((p) => [`www.portal.test:${p}`, '127.0.0.1']),
      ),
    });
    const gate = await RequestGate.start(net);
    try {
      const since = performance.now();
      assert.equal(await throughGate(gate, goodPort), 'handshake');
      assert.equal(await throughGate(gate, leafOnlyPort), 'handshake');
      assert.equal(await throughGate(gate, forgedPort), 'closed');
      const refusals = gate.refusalsSince(since);
      assert.equal(refusals.length, 1, JSON.stringify(refusals));
      assert.equal(refusals[0].type, 'tls');
      assert.equal(refusals[0].port, forgedPort);
      assert.match(refusals[0].message, /certificate not trusted \(.*\)/);
    } finally {
      await gate.close();
    }
  });

  test('Chromium with --extra-ca: the forged chain is a typed tls error, the signed chain loads', async () => {
    const routes = { '/': { body: goodPage } };
    const bad = await startSite(routes, { tls: forged });
    const good = await startSite(routes, { tls: { cert: testTls.cert + testTls.ca, key: testTls.key } });
    const net = defaultNetOptions({
      allowPrivate: ['127.0.0.1/32'],
      extraCa: [testTls.ca],
      extraCaFiles: [testTls.caFile],
      resolve: new Map([bad.port, good.port].map((p) => [`www.portal.test:${p}`, '127.0.0.1'])),
    });
    const pool = new BrowserPool(net, { settleMs: 0 });
    try {
      const load = (port: number) => {
        const url = new URL(`https://www.portal.test:${port}/`);
        return pool.withPage(url, async (page) => {
          await navigate(page, url, net, pool.settings);
          return page.title();
        });
      };
      const err = await load(bad.port).then(
        () => null,
        (e: Error & { type?: string }) => e,
      );
      assert.equal(err?.type, 'tls', String(err));
      assert.match(err!.message, /certificate not trusted/);
      assert.equal(bad.hits.get('/') ?? 0, 0, 'the forged server served no page');
      assert.equal((await load(good.port)).value, 'درگاه نمونه');
    } finally {
      await pool.close();
      await bad.close();
      await good.close();
    }
  });

  test('without an extra CA the gate does not look inside tunnels (the browser verifies against its roots)', async () => {
    const forgedPort = await serve(forged.cert, forged.key);
    const net = defaultNetOptions({
      allowPrivate: ['127.0.0.1/32'],
      resolve: new Map([[`www.portal.test:${forgedPort}`, '127.0.0.1']]),
    });
    const gate = await RequestGate.start(net);
    try {
      assert.equal(await throughGate(gate, forgedPort), 'handshake');
    } finally {
      await gate.close();
    }
  });
});
