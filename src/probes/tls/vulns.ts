// Vulnerability checks made with raw handshakes: Heartbleed, CCS injection, ROBOT, TLS
// compression (CRIME), SSL 2.0 and SSL 3.0 (POODLE), insecure and client-initiated renegotiation.
// Each answers "vulnerable", "not-vulnerable" or "not-tested" with the reason; none reads more than
// the server's reply to one probe, and ROBOT is bounded to a handful of handshakes.
import { constants, publicEncrypt, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { alertName } from './simulate.ts';
import { CLASSIC_SUITES, LEGACY_SUITES, suiteByCode, type TlsVersionName } from './suites.ts';
import {
  buildHello,
  CONTENT,
  converse,
  handshakeMessage,
  record,
  versionName,
  type HelloSpec,
  type ServerFlight,
} from './wire.ts';

export type VulnState = 'vulnerable' | 'not-vulnerable' | 'not-tested';

export interface VulnResult {
  state: VulnState;
  /** What was sent and what came back, in one English sentence. */
  detail: string;
}

export interface Vulnerabilities {
  heartbleed: VulnResult;
  ccsInjection: VulnResult;
  robot: VulnResult;
  compression: VulnResult;
  sslv2: VulnResult;
  sslv3: VulnResult;
  /** Renegotiation without RFC 5746 that a client may start: MITM prefix injection. */
  insecureRenegotiation: VulnResult;
  /** Client-initiated renegotiation accepted (secure or not): a denial-of-service lever. */
  clientRenegotiation: VulnResult;
}

export interface VulnTarget {
  address: string;
  port: number;
  servername?: string;
  timeoutMs: number;
  /** Classic versions the server accepts, lowest first (from the protocol scan). */
  classic: Exclude<TlsVersionName, 'TLSv1.3'>[];
  /** RFC 5746 answer from the raw hello: 'yes', 'no', or unknown. */
  secureRenegotiation: string;
}

/** How long to wait for a reaction a patched server never sends (silence is the expected answer). */
const QUIET_MS = 1_500;

const MODERN_CLASSIC = CLASSIC_SUITES.filter((s) => !s.anonymous && !s.nullCipher).map((s) => s.code);
const ALL_CLASSIC = [...MODERN_CLASSIC, ...LEGACY_SUITES.filter((s) => !s.export).map((s) => s.code)];
const RSA_KX = [0x009c, 0x009d, 0x002f, 0x0035, 0x003c, 0x003d, 0x000a];

const notTested = (detail: string): VulnResult => ({ state: 'not-tested', detail });
const notVulnerable = (detail: string): VulnResult => ({ state: 'not-vulnerable', detail });
const vulnerable = (detail: string): VulnResult => ({ state: 'vulnerable', detail });

function flightProblem(f: ServerFlight, timeoutMs: number): string {
  if (f.alert) return `the server answered ${alertName(f.alert.description)}`;
  if (f.end === 'timeout') return `no answer within ${timeoutMs} ms`;
  if (f.end === 'error') return `connection error: ${f.error ?? ''}`;
  return f.end === 'unparseable' ? 'the answer was not TLS' : 'the server closed the connection';
}

function classicHello(t: VulnTarget, suites: number[], extra: Partial<HelloSpec> = {}): Buffer {
  return buildHello({
    versions: t.classic,
    suites,
    servername: t.servername,
    extensions: [0x0000, 0x000b, 0x000a, 0x000d, 0xff01],
    ...extra,
  });
}

const isDh = (code: number) => suiteByCode(code)?.keyExchange === 'DHE';

export async function checkHeartbleed(t: VulnTarget): Promise<VulnResult> {
  if (!t.classic.length) return notVulnerable('TLS 1.3 only: the heartbeat extension does not exist there');
  const conv = converse(
    t.address,
    t.port,
    classicHello(t, ALL_CLASSIC, { heartbeat: true }),
    t.timeoutMs,
    isDh,
  );
  try {
    const f = await conv.flight;
    if (!f.hello || !f.helloDone)
      return notTested(`ClientHello with heartbeat: ${flightProblem(f, t.timeoutMs)}`);
    if (!f.hello.extensions.has(0x000f))
      return notVulnerable('the server does not offer the heartbeat extension');
    // One heartbeat request claiming a 16 KiB payload while sending none (RFC 6520 says: discard it).
    conv.socket.write(record(CONTENT.heartbeat, f.hello.version, Buffer.from([1, 0x40, 0x00])));
    const r = await conv.next(Math.min(t.timeoutMs, QUIET_MS * 2));
    if (r !== 'closed' && r !== 'timeout' && r.type === CONTENT.heartbeat && r.body.length > 3)
      return vulnerable(
        `a heartbeat claiming 16384 bytes with none sent came back with ${r.body.length} bytes`,
      );
    return notVulnerable(
      `a heartbeat with a wrong length got ${r === 'closed' ? 'the connection closed' : r === 'timeout' ? 'no answer' : `record type ${r.type}`}`,
    );
  } finally {
    conv.close();
  }
}

export async function checkCcsInjection(t: VulnTarget): Promise<VulnResult> {
  if (!t.classic.length) return notVulnerable('TLS 1.3 only');
  const conv = converse(t.address, t.port, classicHello(t, MODERN_CLASSIC), t.timeoutMs, isDh);
  try {
    const f = await conv.flight;
    if (!f.hello || !f.helloDone) return notTested(`ClientHello: ${flightProblem(f, t.timeoutMs)}`);
    // ChangeCipherSpec before any key exchange: a patched server rejects it at once.
    conv.socket.write(record(CONTENT.ccs, f.hello.version, Buffer.from([1])));
    const r = await conv.next(QUIET_MS);
    if (r === 'closed')
      return notVulnerable('an early ChangeCipherSpec made the server close the connection');
    if (r !== 'timeout' && r.type === CONTENT.alert && r.body[1] !== 20 && r.body[1] !== 21)
      return notVulnerable(`an early ChangeCipherSpec was rejected with ${alertName(r.body[1])}`);
    if (r !== 'timeout' && r.type === CONTENT.alert)
      return vulnerable(`an early ChangeCipherSpec was taken: the server answered ${alertName(r.body[1])}`);
    // Silence: send a second one, which an accepting server tries to decrypt.
    conv.socket.write(record(CONTENT.ccs, f.hello.version, Buffer.from([1])));
    const r2 = await conv.next(QUIET_MS);
    if (r2 !== 'closed' && r2 !== 'timeout' && r2.type === CONTENT.alert && r2.body[1] === 10)
      return notVulnerable('an early ChangeCipherSpec was rejected with unexpected_message (10)');
    return vulnerable(
      `an early ChangeCipherSpec was accepted without complaint (then ${r2 === 'closed' ? 'closed' : r2 === 'timeout' ? 'silence' : `record ${r2.type}${r2.type === CONTENT.alert ? ` ${alertName(r2.body[1])}` : ''}`})`,
    );
  } finally {
    conv.close();
  }
}

/** PKCS#1 v1.5 blocks for the ROBOT check, each of the modulus' length. */
function robotBlocks(k: number, version: number): { label: string; block: Buffer }[] {
  const pad = (n: number) => {
    const b = randomBytes(n);
    for (let i = 0; i < n; i++) if (b[i] === 0) b[i] = 0x5a;
    return b;
  };
  const pms = (v: number) => Buffer.concat([Buffer.from([v >> 8, v & 0xff]), randomBytes(46)]);
  const padLen = k - 3 - 48;
  return [
    {
      label: 'well formed',
      block: Buffer.concat([Buffer.from([0, 2]), pad(padLen), Buffer.from([0]), pms(version)]),
    },
    {
      label: 'wrong first bytes',
      block: Buffer.concat([Buffer.from([0x41, 0x17]), pad(padLen), Buffer.from([0]), pms(version)]),
    },
    {
      label: '0x00 in a wrong place',
      block: Buffer.concat([Buffer.from([0, 2]), pad(padLen - 8), Buffer.from([0]), pad(8), pms(version)]),
    },
    { label: 'no 0x00 separator', block: Buffer.concat([Buffer.from([0, 2]), pad(k - 2)]) },
    {
      label: 'wrong version',
      block: Buffer.concat([Buffer.from([0, 2]), pad(padLen), Buffer.from([0]), pms(0x0202)]),
    },
  ];
}

export async function checkRobot(t: VulnTarget): Promise<VulnResult> {
  if (!t.classic.length) return notVulnerable('TLS 1.3 only: no RSA key exchange');
  const probe = converse(t.address, t.port, classicHello(t, RSA_KX), t.timeoutMs);
  const f = await probe.flight;
  probe.close();
  if (!f.hello) return notVulnerable(`no RSA key exchange: ${flightProblem(f, t.timeoutMs)}`);
  if (!f.certificates.length || !f.helloDone)
    return notTested('the RSA key exchange flight had no certificate');
  let key: KeyObject;
  try {
    key = new X509Certificate(f.certificates[0]).publicKey;
  } catch {
    return notTested('the certificate could not be read');
  }
  if (key.asymmetricKeyType !== 'rsa') return notTested('the certificate key is not RSA');
  const k = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 2048) / 8);
  const suite = f.hello.suite;
  const version = f.hello.version;
  // Five handshakes, one per malformed block, at the same time: ClientKeyExchange, CCS, Finished.
  const answers = await Promise.all(
    robotBlocks(k, version).map(async ({ label, block }) => {
      const conv = converse(t.address, t.port, classicHello(t, [suite]), t.timeoutMs);
      try {
        const fl = await conv.flight;
        if (!fl.hello || !fl.helloDone)
          return { label, answer: `no flight (${flightProblem(fl, t.timeoutMs)})` };
        const enc = publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, block);
        conv.socket.write(
          Buffer.concat([
            record(
              CONTENT.handshake,
              version,
              handshakeMessage(16, Buffer.concat([Buffer.from([enc.length >> 8, enc.length & 0xff]), enc])),
            ),
            record(CONTENT.ccs, version, Buffer.from([1])),
            record(CONTENT.handshake, version, randomBytes(48)),
          ]),
        );
        const r = await conv.next(Math.min(t.timeoutMs, QUIET_MS * 2));
        const answer =
          r === 'closed' || r === 'timeout'
            ? r
            : r.type === CONTENT.alert
              ? `alert ${alertName(r.body[1])}`
              : `record type ${r.type}`;
        return { label, answer };
      } finally {
        conv.close();
      }
    }),
  );
  if (answers.some((a) => a.answer.startsWith('no flight')))
    return notTested(
      `a handshake did not reach ServerHelloDone: ${answers.map((a) => `${a.label}: ${a.answer}`).join('; ')}`,
    );
  const distinct = new Set(answers.map((a) => a.answer));
  const summary = answers.map((a) => `${a.label} → ${a.answer}`).join('; ');
  if (distinct.size > 1)
    return vulnerable(`RSA key exchange answers differ with the padding (oracle): ${summary}`);
  return notVulnerable(`5 malformed RSA key exchanges all got ${answers[0].answer}`);
}

export async function checkCompression(t: VulnTarget): Promise<VulnResult> {
  if (!t.classic.length) return notVulnerable('TLS 1.3 only: it has no compression');
  const conv = converse(
    t.address,
    t.port,
    classicHello(t, ALL_CLASSIC, { compression: [1, 0] }),
    t.timeoutMs,
  );
  const f = await conv.flight;
  conv.close();
  if (!f.hello) return notTested(`ClientHello offering DEFLATE: ${flightProblem(f, t.timeoutMs)}`);
  return f.hello.compression === 1
    ? vulnerable('the server chose DEFLATE compression')
    : notVulnerable('offered DEFLATE and null compression, the server chose null');
}

export async function checkSslv3(t: VulnTarget): Promise<VulnResult> {
  const suites = ALL_CLASSIC.filter((c) => suiteByCode(c)?.minVersion === 'TLSv1');
  const hello = buildHello({ versions: ['SSLv3'], suites, extensions: [0xff01], recordVersion: 0x0300 });
  const conv = converse(t.address, t.port, hello, t.timeoutMs);
  const f = await conv.flight;
  conv.close();
  if (f.hello?.version === 0x0300)
    return vulnerable(`SSL 3.0 accepted with ${suiteByCode(f.hello.suite)?.name ?? f.hello.suite}`);
  if (f.hello) return notVulnerable(`an SSL 3.0 ClientHello got ${versionName(f.hello.version)}`);
  if (f.end === 'timeout' || f.end === 'error')
    return notTested(`SSL 3.0 ClientHello: ${flightProblem(f, t.timeoutMs)}`);
  return notVulnerable(`an SSL 3.0 ClientHello was refused (${flightProblem(f, t.timeoutMs)})`);
}

/** An SSL 2.0 CLIENT-HELLO (2-byte header), offering the seven SSL 2.0 cipher kinds. */
export function sslv2Hello(): Buffer {
  const specs = [0x010080, 0x020080, 0x030080, 0x040080, 0x050080, 0x060040, 0x0700c0];
  const challenge = randomBytes(16);
  const body = Buffer.concat([
    Buffer.from([1, 0, 2, 0, specs.length * 3, 0, 0, 0, challenge.length]),
    Buffer.concat(specs.map((s) => Buffer.from([s >> 16, (s >> 8) & 0xff, s & 0xff]))),
    challenge,
  ]);
  return Buffer.concat([Buffer.from([0x80 | (body.length >> 8), body.length & 0xff]), body]);
}

export function checkSslv2(t: VulnTarget): Promise<VulnResult> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    let done = false;
    const socket = net.connect({ host: t.address, port: t.port });
    const finish = (r: VulnResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(
      () => finish(notTested(`SSL 2.0 ClientHello: no answer within ${t.timeoutMs} ms`)),
      t.timeoutMs,
    );
    socket.once('connect', () => socket.write(sslv2Hello()));
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length < 3) return;
      // SSL 2.0 SERVER-HELLO: 2-byte header with the top bit set, then message type 4.
      if (buf[0] & 0x80 && buf[2] === 4)
        finish(vulnerable('the server answered an SSL 2.0 CLIENT-HELLO with SERVER-HELLO'));
      else finish(notVulnerable('an SSL 2.0 CLIENT-HELLO got no SSL 2.0 answer'));
    });
    socket.once('close', () =>
      finish(notVulnerable('an SSL 2.0 CLIENT-HELLO made the server close the connection')),
    );
    socket.once('error', (e) => finish(notTested(`SSL 2.0 ClientHello: ${e.message}`)));
  });
}

/** Start a renegotiation from the client side with node:tls (TLS 1.2 and older only). */
export function checkClientRenegotiation(t: VulnTarget): Promise<VulnResult> {
  if (!t.classic.length) return Promise.resolve(notVulnerable('TLS 1.3 only: it has no renegotiation'));
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: VulnResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish(notTested(`no answer within ${t.timeoutMs} ms`)), t.timeoutMs);
    const socket = tls.connect({
      host: t.address,
      port: t.port,
      ...(t.servername ? { servername: t.servername } : {}),
      minVersion: t.classic[0],
      maxVersion: t.classic[t.classic.length - 1],
      ciphers: 'ALL:@SECLEVEL=0',
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    });
    socket.once('secureConnect', () => {
      const ok = socket.renegotiate({ rejectUnauthorized: false }, (err) => {
        if (err)
          finish(
            notVulnerable(
              `the server refused a client-initiated renegotiation (${err.message.split('\n')[0]})`,
            ),
          );
        else
          finish(
            vulnerable('the server accepted a client-initiated renegotiation (denial-of-service lever)'),
          );
      });
      if (!ok) finish(notTested('renegotiation could not be started'));
    });
    socket.once('error', (e) =>
      finish(notTested(`handshake for the renegotiation check failed: ${e.message.split('\n')[0]}`)),
    );
    socket.once('close', () =>
      finish(notVulnerable('the server closed the connection on a client-initiated renegotiation')),
    );
  });
}

export async function checkVulnerabilities(t: VulnTarget): Promise<Vulnerabilities> {
  const [heartbleed, ccsInjection, robot, compression, sslv2, sslv3, clientRenegotiation] = await Promise.all(
    [
      checkHeartbleed(t),
      checkCcsInjection(t),
      checkRobot(t),
      checkCompression(t),
      checkSslv2(t),
      checkSslv3(t),
      checkClientRenegotiation(t),
    ],
  );
  // Renegotiation is insecure only without RFC 5746; OpenSSL 3 will not start one there.
  const insecureRenegotiation: VulnResult = !t.classic.length
    ? notVulnerable('TLS 1.3 only')
    : t.secureRenegotiation === 'yes'
      ? notVulnerable('the server supports secure renegotiation (RFC 5746)')
      : notTested('the server lacks RFC 5746; a legacy renegotiation cannot be started with OpenSSL 3');
  return {
    heartbleed,
    ccsInjection,
    robot,
    compression,
    sslv2,
    sslv3,
    insecureRenegotiation,
    clientRenegotiation,
  };
}
