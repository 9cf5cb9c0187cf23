// npm run bench:tls — payesh's TLS grader against testssl.sh on the same loopback servers (node:tls,
// openssl s_server, gnutls-serv, nginx), one run, side by side: seconds per host and whether the
// findings agree (protocols, 3DES, vulnerabilities, and the suite each common reference client gets).
// Needs Debian's testssl.sh, gnutls-bin and nginx-light: apt-get install -y testssl.sh gnutls-bin nginx-light.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePem, startTlsServer, TEST_HOST, TLS_FIXTURE_DIR } from '../fixtures/tls/servers.ts';
import { defaultNetOptions } from '../src/net/options.ts';
import { gradeTls } from '../src/probes/tls/grade.ts';
import { scanTls, type TlsFindings } from '../src/probes/tls/scan.ts';

const need = ['testssl', 'gnutls-serv', 'openssl', 'nginx'].filter(
  (b) => spawnSync('sh', ['-c', `command -v ${b}`]).status !== 0,
);
if (need.length) {
  console.error(
    `bench:tls needs ${need.join(', ')}: apt-get install -y testssl.sh gnutls-bin nginx-light openssl`,
  );
  process.exit(2);
}

const CERT = join(TLS_FIXTURE_DIR, 'good-rsa.pem');
const KEY = join(TLS_FIXTURE_DIR, 'good-rsa.key');
const work = mkdtempSync(join(tmpdir(), 'payesh-bench-tls-'));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}
async function waitPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((r) => {
      const c = net.connect({ host: '127.0.0.1', port }, () => (c.destroy(), r(true)));
      c.once('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} never opened`);
}

interface Host {
  label: string;
  start(): Promise<{ port: number; stop(): Promise<void> | void }>;
}
const proc = async (cmd: string, args: (port: number) => string[]) => {
  const port = await freePort();
  const child: ChildProcess = spawn(cmd, args(port), { stdio: 'ignore' });
  await waitPort(port);
  return { port, stop: () => void child.kill() };
};
const GNUTLS = (prio: string) => (p: number) => [
  '--http',
  '-p',
  String(p),
  '--x509certfile',
  CERT,
  '--x509keyfile',
  KEY,
  '--priority',
  prio,
];

const HOSTS: Host[] = [
  {
    label: 'node:tls TLS 1.2+1.3 AEAD',
    start: async () => {
      const s = await startTlsServer({
        cert: 'good-rsa',
        ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384',
      });
      return { port: s.port, stop: () => s.close() };
    },
  },
  {
    label: 'node:tls ECDHE + CBC only',
    start: async () => {
      const s = await startTlsServer({
        cert: 'good-rsa',
        maxVersion: 'TLSv1.2',
        ciphers: 'ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384',
      });
      return { port: s.port, stop: () => s.close() };
    },
  },
  {
    label: 'openssl s_server RSA kx only',
    start: () =>
      proc('openssl', (p) => [
        's_server',
        '-quiet',
        '-accept',
        String(p),
        '-cert',
        CERT,
        '-key',
        KEY,
        '-tls1_2',
        '-cipher',
        'AES128-GCM-SHA256:AES256-SHA256',
        '-www',
      ]),
  },
  {
    label: 'gnutls-serv 3DES last, server order',
    start: () =>
      proc('gnutls-serv', GNUTLS('NORMAL:-VERS-ALL:+VERS-TLS1.2:+VERS-TLS1.3:+3DES-CBC:%SERVER_PRECEDENCE')),
  },
  {
    label: 'gnutls-serv 3DES preferred',
    start: () =>
      proc(
        'gnutls-serv',
        GNUTLS(
          'NORMAL:-VERS-ALL:+VERS-TLS1.2:+VERS-TLS1.3:-CIPHER-ALL:+3DES-CBC:+AES-128-GCM:+AES-256-GCM:+AES-128-CBC:%SERVER_PRECEDENCE',
        ),
      ),
  },
  {
    label: 'nginx TLS 1.0–1.3',
    start: async () => {
      const port = await freePort();
      const conf = join(work, `nginx-${port}.conf`);
      writeFileSync(
        conf,
        `daemon off; master_process off; pid ${work}/nginx-${port}.pid; error_log ${work}/nginx-${port}.err;
events {} http { access_log off; client_body_temp_path ${work}; proxy_temp_path ${work}; fastcgi_temp_path ${work}; uwsgi_temp_path ${work}; scgi_temp_path ${work};
server { listen 127.0.0.1:${port} ssl; ssl_certificate ${CERT}; ssl_certificate_key ${KEY};
ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3; ssl_ciphers DEFAULT:@SECLEVEL=0; location / { return 200 "ok"; } } }\n`,
      );
      const child = spawn('nginx', ['-c', conf, '-p', work], { stdio: 'ignore' });
      await waitPort(port);
      return { port, stop: () => void child.kill() };
    },
  },
];

const CLIENT_MAP: Record<string, string> = {
  'android-4.4.2': 'android_442',
  'android-7.0': 'android_70',
  'android-9.0': 'android_90',
  'android-12': 'android_12',
  'chrome-70-win10': 'chrome_70_win10',
  'chrome-79-win10': 'chrome_79_win10',
  'chrome-101-win10': 'chrome_101_win10',
  'firefox-62-win7': 'firefox_62_win7',
  'firefox-71-win10': 'firefox_71_win10',
  'firefox-100-win10': 'firefox_100_win10',
  'ie-11-win7': 'ie_11_win7',
  'ie-11-win10': 'ie_11_win10',
  'edge-15-win10': 'edge_15_win10',
  'edge-101-win10': 'edge_101_win10_21h2',
  'safari-10-macos': 'safari_10_osx1012',
  'safari-12.1-ios': 'safari_121_ios_122',
  'safari-15.4-macos': 'safari_154_osx_1231',
  'java-8u161': 'java_8u161',
  'java-11.0.2': 'java1102',
  'java-17.0.3': 'java1703',
  'openssl-1.0.2e': 'openssl_102e',
  'openssl-1.1.1d': 'openssl_111d',
  'openssl-3.0.3': 'openssl_303',
};

interface TsRow {
  id: string;
  finding: string;
  severity: string;
}
function testssl(port: number): Promise<{ seconds: number; rows: TsRow[] }> {
  const out = join(work, `testssl-${port}.json`);
  const t = Date.now();
  return new Promise((resolve) => {
    const c = spawn(
      'testssl',
      [
        '--quiet',
        '--color',
        '0',
        '--warnings',
        'off',
        '--ip',
        '127.0.0.1',
        '--add-ca',
        join(TLS_FIXTURE_DIR, 'ca.pem'),
        '-p',
        '-s',
        '-U',
        '-c',
        '--jsonfile',
        out,
        `https://${TEST_HOST}:${port}`,
      ],
      { stdio: 'ignore' },
    );
    c.on('exit', () => {
      let rows: TsRow[] = [];
      try {
        rows = JSON.parse(readFileSync(out, 'utf8')) as TsRow[];
      } catch {
        rows = [];
      }
      resolve({ seconds: (Date.now() - t) / 1000, rows });
    });
  });
}

const offered = (rows: TsRow[], id: string) => {
  const r = rows.find((x) => x.id === id);
  return r ? (/not offered/i.test(r.finding) ? 'no' : /offered/i.test(r.finding) ? 'yes' : '?') : '?';
};
const vulnOf = (rows: TsRow[], id: string) => {
  const r = rows.find((x) => x.id === id);
  if (!r) return '?';
  return /not vulnerable|not offered|supported|^no|OK/i.test(r.finding) || r.severity === 'OK'
    ? 'no'
    : /VULNERABLE|offered/i.test(r.finding)
      ? 'yes'
      : '?';
};

function compare(f: TlsFindings, rows: TsRow[]): { agree: string[]; differ: string[] } {
  const agree: string[] = [];
  const differ: string[] = [];
  const check = (what: string, ours: string, theirs: string) => {
    if (theirs === '?') return;
    (ours === theirs ? agree : differ).push(
      ours === theirs ? what : `${what} (payesh ${ours}, testssl ${theirs})`,
    );
  };
  const P: [string, keyof TlsFindings['protocols']][] = [
    ['SSLv2', 'SSLv2'],
    ['SSLv3', 'SSLv3'],
    ['TLS1', 'TLSv1'],
    ['TLS1_1', 'TLSv1.1'],
    ['TLS1_2', 'TLSv1.2'],
    ['TLS1_3', 'TLSv1.3'],
  ];
  for (const [id, k] of P) check(id, f.protocols[k] === 'yes' ? 'yes' : 'no', offered(rows, id));
  check('3DES', f.tripleDes.accepted.length ? 'yes' : 'no', offered(rows, 'cipherlist_3DES_IDEA'));
  const v = f.vulnerabilities!;
  const V: [string, string][] = [
    ['heartbleed', v.heartbleed.state],
    ['CCS', v.ccsInjection.state],
    ['ROBOT', v.robot.state],
    ['CRIME_TLS', v.compression.state],
  ];
  for (const [id, s] of V) check(id, s === 'vulnerable' ? 'yes' : 'no', vulnOf(rows, id));
  check(
    'secure_client_renego',
    v.clientRenegotiation.state === 'vulnerable' ? 'yes' : 'no',
    vulnOf(rows, 'secure_client_renego'),
  );
  let same = 0;
  let total = 0;
  const diffs: string[] = [];
  for (const s of f.simulation ?? []) {
    const r = rows.find((x) => x.id === `clientsimulation-${CLIENT_MAP[s.client]}`);
    if (!r) continue;
    total++;
    const theirs = /No connection/i.test(r.finding) ? 'fail' : (r.finding.split(/\s+/)[1] ?? '');
    const ours = s.ok ? (s.suite ?? '') : 'fail';
    if (theirs === ours) same++;
    else diffs.push(`${s.name}: payesh ${ours}, testssl ${theirs}`);
  }
  if (total)
    (same === total ? agree : differ).push(
      `clients ${same}/${total}${diffs.length ? ` [${diffs.slice(0, 3).join('; ')}]` : ''}`,
    );
  return { agree, differ };
}

const lines = [
  '| Server | payesh | payesh s | testssl s | ratio | agree | differ |',
  '| --- | --- | --- | --- | --- | --- | --- |',
];
for (const h of HOSTS) {
  const s = await h.start();
  try {
    const netOpts = defaultNetOptions({
      allowPrivate: true,
      extraCa: [fixturePem('ca.pem')],
      resolve: new Map([[`${TEST_HOST}:${s.port}`, '127.0.0.1']]),
    });
    const t = Date.now();
    const f = await scanTls(netOpts, { host: TEST_HOST, port: s.port, httpPort: 1 });
    const g = gradeTls(f);
    const ours = (Date.now() - t) / 1000;
    const ts = await testssl(s.port);
    const c = compare(f, ts.rows);
    const row = `| ${h.label} | ${g.grade} | ${ours.toFixed(1)} | ${ts.seconds.toFixed(1)} | 1/${(ts.seconds / ours).toFixed(0)} | ${c.agree.join(', ')} | ${c.differ.join('; ') || '—'} |`;
    lines.push(row);
    console.error(row);
  } finally {
    await s.stop();
  }
}
rmSync(work, { recursive: true, force: true });
console.log(lines.join('\n'));
