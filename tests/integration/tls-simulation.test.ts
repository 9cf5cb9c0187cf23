// Grades that depend on what reference clients negotiate, on real servers (GnuTLS's gnutls-serv,
// which can still serve 3DES), and the vulnerability caps, on front ends that answer one check the
// way a vulnerable server would while a real Node TLS server handles everything else.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fixturePem, TEST_HOST, TLS_FIXTURE_DIR } from '../../fixtures/tls/servers.ts';
import { startVulnerableServer, type VulnMode } from '../../fixtures/tls/vulnerable.ts';
import { defaultNetOptions } from '../../src/net/options.ts';
import { gradeTls, type TlsGrade } from '../../src/probes/tls/grade.ts';
import { scanTls, type TlsFindings } from '../../src/probes/tls/scan.ts';

const hasGnutls = spawnSync('gnutls-serv', ['--version']).status === 0;

async function scan(port: number): Promise<{ f: TlsFindings; g: TlsGrade }> {
  const net_ = defaultNetOptions({
    allowPrivate: true,
    extraCa: [fixturePem('ca.pem')],
    resolve: new Map([[`${TEST_HOST}:${port}`, '127.0.0.1']]),
  });
  const f = await scanTls(net_, { host: TEST_HOST, port, httpPort: 1, timeoutMs: 10_000 });
  return { f, g: gradeTls(f) };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

function waitForPort(port: number, child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const tryOnce = () => {
      if (child.exitCode !== null) return reject(new Error(`gnutls-serv exited with ${child.exitCode}`));
      const c = net.connect({ host: '127.0.0.1', port }, () => {
        c.destroy();
        resolve();
      });
      c.once('error', () => setTimeout(tryOnce, 100));
    };
    tryOnce();
  });
}

async function withGnutls<T>(priority: string, fn: (port: number) => Promise<T>): Promise<T> {
  const port = await freePort();
  const child = spawn(
    'gnutls-serv',
    [
      '--http',
      '-p',
      String(port),
      '--x509certfile',
      join(TLS_FIXTURE_DIR, 'good-rsa.pem'),
      '--x509keyfile',
      join(TLS_FIXTURE_DIR, 'good-rsa.key'),
      '--priority',
      priority,
    ],
    { stdio: 'ignore' },
  );
  try {
    await waitForPort(port, child);
    return await fn(port);
  } finally {
    child.kill();
  }
}

const hasReason = (g: TlsGrade, re: RegExp) =>
  assert.ok(
    g.reasons.some((r) => re.test(r)),
    `no reason matching ${re} in ${JSON.stringify(g.reasons)}`,
  );

const TLS12_13 = 'NORMAL:-VERS-ALL:+VERS-TLS1.2:+VERS-TLS1.3';

describe(
  'grades from simulated clients on gnutls-serv',
  { skip: !hasGnutls && 'gnutls-serv is not installed' },
  () => {
    test('3DES offered last with server preference → A: no reference client gets it', async () => {
      const { f, g } = await withGnutls(`${TLS12_13}:+3DES-CBC:%SERVER_PRECEDENCE`, scan);
      assert.ok(
        f.tripleDes.accepted.some((a) => a.suite === 'DES-CBC3-SHA'),
        JSON.stringify(f.tripleDes),
      );
      assert.ok(f.simulation!.filter((s) => s.ok).length >= 20);
      assert.ok(f.simulation!.every((s) => s.weakCipher !== '3DES'));
      assert.equal(g.grade, 'A', JSON.stringify(g.reasons));
    });

    test('3DES preferred by the server → C, naming the client that gets it', async () => {
      const { f, g } = await withGnutls(
        `${TLS12_13}:-CIPHER-ALL:+3DES-CBC:+AES-128-GCM:+AES-256-GCM:+AES-128-CBC:%SERVER_PRECEDENCE`,
        scan,
      );
      const got = f.simulation!.filter((s) => s.weakCipher === '3DES');
      assert.ok(
        got.some((s) => s.client === 'java-8u161'),
        JSON.stringify(f.simulation),
      );
      assert.equal(g.grade, 'C');
      hasReason(
        g,
        /negotiates 3DES, a 64-bit block cipher \((ECDHE-RSA-)?DES-CBC3-SHA on TLS 1\.2; Sweet32\) → capped at C/,
      );
    });
  },
);

describe('vulnerability caps on loopback servers that answer like vulnerable ones', () => {
  const cases: [VulnMode, string, RegExp][] = [
    ['heartbleed', 'F', /Heartbleed.*came back with 16387 bytes/],
    ['ccs', 'F', /CCS injection.*accepted without complaint/],
    ['robot', 'F', /ROBOT.*answers differ/],
    ['sslv2', 'F', /SSL 2\.0/],
    ['sslv3', 'C', /accepts SSL 3\.0 \(POODLE\)/],
    ['compression', 'C', /TLS compression \(CRIME\)/],
  ];
  for (const [mode, letter, re] of cases) {
    test(`${mode} → ${letter}`, async () => {
      const srv = await startVulnerableServer(mode);
      try {
        const { f, g } = await scan(srv.port);
        assert.equal(g.gradeIgnoringTrust, letter, JSON.stringify(g.reasons));
        hasReason(g, re);
        const key = mode === 'ccs' ? 'ccsInjection' : mode;
        assert.equal(f.vulnerabilities![key].state, 'vulnerable');
        // The other checks stay clean: only the one emulated answer is vulnerable.
        for (const [k, r] of Object.entries(f.vulnerabilities!))
          if (k !== key && k !== 'clientRenegotiation')
            assert.notEqual(r.state, 'vulnerable', `${k}: ${r.detail}`);
      } finally {
        await srv.close();
      }
    });
  }

  test('a patched server: every check not vulnerable, as it answers', async () => {
    const srv = await startVulnerableServer('heartbleed', {});
    try {
      // The real server behind the front end, reached directly.
      const { f } = await scan(srv.port);
      assert.equal(f.vulnerabilities!.ccsInjection.state, 'not-vulnerable');
      assert.equal(f.vulnerabilities!.robot.state, 'not-vulnerable');
      assert.match(f.vulnerabilities!.robot.detail, /5 malformed RSA key exchanges all got/);
      assert.equal(f.vulnerabilities!.compression.state, 'not-vulnerable');
      assert.equal(f.protocols.SSLv3, 'no');
      assert.equal(f.protocols.SSLv2, 'no');
    } finally {
      await srv.close();
    }
  });
});
