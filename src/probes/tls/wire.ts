// TLS on the wire, without OpenSSL: a ClientHello built from a description (suites, groups,
// signature algorithms, extensions, TLS 1.3 key shares), and a reader for the server's first
// flight (ServerHello, Certificate, ServerKeyExchange, ServerHelloDone, alerts). Used by the
// handshake simulation and the vulnerability checks; nothing here completes a handshake.
import { createECDH, generateKeyPairSync, randomBytes } from 'node:crypto';
import net from 'node:net';

export const CONTENT = { ccs: 20, alert: 21, handshake: 22, appData: 23, heartbeat: 24 } as const;
export const HS = {
  clientHello: 1,
  serverHello: 2,
  certificate: 11,
  serverKeyExchange: 12,
  certificateRequest: 13,
  serverHelloDone: 14,
} as const;

export const GROUP_CODES: Record<string, number> = {
  secp256r1: 0x0017,
  secp384r1: 0x0018,
  secp521r1: 0x0019,
  x25519: 0x001d,
  x448: 0x001e,
  secp256k1: 0x0016,
  brainpoolP256r1: 0x001a,
  brainpoolP384r1: 0x001b,
  brainpoolP512r1: 0x001c,
  ffdhe2048: 0x0100,
  ffdhe3072: 0x0101,
  ffdhe4096: 0x0102,
  ffdhe6144: 0x0103,
  ffdhe8192: 0x0104,
};
export const GROUP_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(GROUP_CODES).map(([k, v]) => [v, k]),
);
/** RSA-equivalent strength of the named groups (as the rating guide compares key exchange). */
export const GROUP_RSA_EQUIVALENT: Record<string, number> = {
  secp256r1: 3072,
  secp384r1: 7680,
  secp521r1: 15360,
  x25519: 3072,
  x448: 7680,
  secp256k1: 3072,
  brainpoolP256r1: 3072,
  brainpoolP384r1: 7680,
  brainpoolP512r1: 15360,
  ffdhe2048: 2048,
  ffdhe3072: 3072,
  ffdhe4096: 4096,
  ffdhe6144: 6144,
  ffdhe8192: 8192,
};

export const VERSION_CODES = {
  SSLv3: 0x0300,
  TLSv1: 0x0301,
  'TLSv1.1': 0x0302,
  'TLSv1.2': 0x0303,
  'TLSv1.3': 0x0304,
} as const;
export type WireVersionName = keyof typeof VERSION_CODES;
export function versionName(code: number): string {
  const hit = Object.entries(VERSION_CODES).find(([, c]) => c === code);
  return hit ? hit[0] : `0x${code.toString(16).padStart(4, '0')}`;
}

/** SHA-256("HelloRetryRequest"): the random of a TLS 1.3 HelloRetryRequest (RFC 8446 §4.1.3). */
const HRR_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

export interface HelloSpec {
  /** Versions the client supports; the highest classic one is the legacy version field. */
  versions: WireVersionName[];
  suites: number[];
  servername?: string;
  groups?: string[];
  sigalgs?: number[];
  keyShares?: string[];
  alpn?: string[];
  /** Extension types in the client's order; only those we can fill are sent. Default: a usual set. */
  extensions?: number[];
  compression?: number[];
  /** Offer the heartbeat extension (peer allowed to send). */
  heartbeat?: boolean;
  /** Record-layer version of the first record (0x0301 unless given). */
  recordVersion?: number;
}

const u8 = (n: number) => Buffer.from([n & 0xff]);
const u16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const u24 = (n: number) => Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
const len8 = (b: Buffer) => Buffer.concat([u8(b.length), b]);
const len16 = (b: Buffer) => Buffer.concat([u16(b.length), b]);
const ext = (type: number, data: Buffer) => Buffer.concat([u16(type), len16(data)]);

export function record(type: number, version: number, body: Buffer): Buffer {
  return Buffer.concat([u8(type), u16(version), len16(body)]);
}
export function handshakeMessage(type: number, body: Buffer): Buffer {
  return Buffer.concat([u8(type), u24(body.length), body]);
}

function keyShareFor(group: string): Buffer | undefined {
  if (group === 'x25519' || group === 'x448') {
    const { publicKey } = group === 'x25519' ? generateKeyPairSync('x25519') : generateKeyPairSync('x448');
    const jwk = publicKey.export({ format: 'jwk' });
    return Buffer.from(jwk.x!, 'base64url');
  }
  const curve = { secp256r1: 'prime256v1', secp384r1: 'secp384r1', secp521r1: 'secp521r1' }[group];
  if (curve) {
    const ecdh = createECDH(curve);
    return ecdh.generateKeys();
  }
  return undefined;
}

const DEFAULT_SIGALGS = [
  0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201,
];
const DEFAULT_EXTENSIONS = [0x0000, 0x000b, 0x000a, 0x000d, 0x0017, 0xff01, 0x0010, 0x002b, 0x002d, 0x0033];

/** Build one ClientHello record from a client description. */
export function buildHello(spec: HelloSpec): Buffer {
  const has13 = spec.versions.includes('TLSv1.3');
  const classic = spec.versions.filter((v) => v !== 'TLSv1.3');
  const legacy = has13 ? 0x0303 : VERSION_CODES[classic[classic.length - 1] ?? 'TLSv1.2'];
  const groups = (spec.groups ?? ['x25519', 'secp256r1', 'secp384r1'])
    .map((g) => GROUP_CODES[g] ?? 0)
    .filter(Boolean);
  const sigalgs = spec.sigalgs?.length ? spec.sigalgs : DEFAULT_SIGALGS;
  const order = [...(spec.extensions ?? DEFAULT_EXTENSIONS)];
  if (spec.heartbeat && !order.includes(0x000f)) order.push(0x000f);
  const exts: Buffer[] = [];
  for (const t of order) {
    switch (t) {
      case 0x0000:
        if (spec.servername)
          exts.push(ext(t, len16(Buffer.concat([u8(0), len16(Buffer.from(spec.servername, 'ascii'))]))));
        break;
      case 0x000a:
        if (groups.length) exts.push(ext(t, len16(Buffer.concat(groups.map(u16)))));
        break;
      case 0x000b:
        exts.push(ext(t, len8(u8(0))));
        break;
      case 0x000d:
        if (legacy >= 0x0303) exts.push(ext(t, len16(Buffer.concat(sigalgs.map(u16)))));
        break;
      case 0x0032: // signature_algorithms_cert
        if (has13) exts.push(ext(t, len16(Buffer.concat(sigalgs.map(u16)))));
        break;
      case 0x0010:
        if (spec.alpn?.length)
          exts.push(ext(t, len16(Buffer.concat(spec.alpn.map((p) => len8(Buffer.from(p, 'ascii')))))));
        break;
      case 0x0005: // status_request: OCSP, no responder ids, no extensions
        exts.push(ext(t, Buffer.from([1, 0, 0, 0, 0])));
        break;
      case 0x000f:
        if (spec.heartbeat !== false) exts.push(ext(t, u8(1)));
        break;
      case 0x0012: // signed_certificate_timestamp
      case 0x0016: // encrypt_then_mac
      case 0x0017: // extended_master_secret
      case 0x0023: // session_ticket
      case 0x0031: // post_handshake_auth
      case 0x3374: // next_protocol_negotiation
        exts.push(ext(t, Buffer.alloc(0)));
        break;
      case 0xff01:
        exts.push(ext(t, u8(0)));
        break;
      case 0x001c: // record_size_limit
        exts.push(ext(t, u16(0x4001)));
        break;
      case 0x002b:
        if (has13) {
          const vs = [...spec.versions].reverse().map((v) => VERSION_CODES[v]);
          exts.push(ext(t, len8(Buffer.concat(vs.map(u16)))));
        }
        break;
      case 0x002d:
        if (has13) exts.push(ext(t, len8(u8(1))));
        break;
      case 0x0033:
        if (has13) {
          const shares = (spec.keyShares?.length ? spec.keyShares : ['x25519']).flatMap((g) => {
            const k = keyShareFor(g);
            return k ? [Buffer.concat([u16(GROUP_CODES[g]), len16(k)])] : [];
          });
          exts.push(ext(t, len16(Buffer.concat(shares))));
        }
        break;
      default:
        // padding, pre_shared_key, ALPS, compress_certificate, ECH and the like: not needed
        // for the server's choice of protocol and suite.
        break;
    }
  }
  const body = Buffer.concat([
    u16(legacy),
    randomBytes(32),
    has13 ? len8(randomBytes(32)) : u8(0),
    len16(Buffer.concat(spec.suites.map(u16))),
    len8(Buffer.from(spec.compression ?? [0])),
    ...(exts.length ? [len16(Buffer.concat(exts))] : []),
  ]);
  return record(CONTENT.handshake, spec.recordVersion ?? 0x0301, handshakeMessage(HS.clientHello, body));
}

export interface ServerHello {
  /** Negotiated version, from supported_versions when present. */
  version: number;
  legacyVersion: number;
  suite: number;
  compression: number;
  helloRetry: boolean;
  extensions: Map<number, Buffer>;
  /** TLS 1.3 key_share (or HelloRetryRequest) group. */
  group?: number;
}

export interface ServerFlight {
  hello?: ServerHello;
  /** DER of the certificates, leaf first (TLS 1.2 and older). */
  certificates: Buffer[];
  /** From ServerKeyExchange: named curve for ECDHE, prime size for DHE. */
  kx?: { type: 'ECDH'; group: number } | { type: 'DH'; bits: number };
  helloDone: boolean;
  alert?: { level: number; description: number };
  /** Why reading stopped: done, alert, closed, timeout, error, or unparseable. */
  end: 'done' | 'alert' | 'closed' | 'timeout' | 'error' | 'unparseable';
  error?: string;
}

export function parseServerHello(body: Buffer): ServerHello | undefined {
  if (body.length < 38) return undefined;
  const legacyVersion = body.readUInt16BE(0);
  const random = body.subarray(2, 34);
  let p = 34;
  p += 1 + body[p];
  if (p + 3 > body.length) return undefined;
  const suite = body.readUInt16BE(p);
  const compression = body[p + 2];
  p += 3;
  const extensions = new Map<number, Buffer>();
  if (p + 2 <= body.length) {
    const end = Math.min(body.length, p + 2 + body.readUInt16BE(p));
    p += 2;
    while (p + 4 <= end) {
      const t = body.readUInt16BE(p);
      const l = body.readUInt16BE(p + 2);
      extensions.set(t, body.subarray(p + 4, p + 4 + l));
      p += 4 + l;
    }
  }
  const sv = extensions.get(0x002b);
  const ks = extensions.get(0x0033);
  return {
    version: sv && sv.length >= 2 ? sv.readUInt16BE(0) : legacyVersion,
    legacyVersion,
    suite,
    compression,
    helloRetry: random.equals(HRR_RANDOM),
    extensions,
    ...(ks && ks.length >= 2 ? { group: ks.readUInt16BE(0) } : {}),
  };
}

/** Reads records and handshake messages off a byte stream. */
export class FlightReader {
  private buf = Buffer.alloc(0);
  private hs = Buffer.alloc(0);
  readonly flight: ServerFlight = { certificates: [], helloDone: false, end: 'done' };
  /** Records other than handshake/alert seen after the flight (heartbeat, CCS, ...). */
  readonly others: { type: number; body: Buffer }[] = [];
  private kxIsDh = false;

  /** Set once the flight is read; later records all go to `others`. */
  complete = false;

  /** Feed bytes; returns true once the flight is complete (or an alert ends it). */
  push(d: Buffer): boolean {
    this.buf = Buffer.concat([this.buf, d]);
    if (this.complete) {
      this.consume();
      return true;
    }
    const done = this.consume();
    if (done) {
      this.complete = true;
      this.consume();
    }
    return done;
  }

  private consume(): boolean {
    while (this.buf.length >= 5) {
      const type = this.buf[0];
      const len = this.buf.readUInt16BE(3);
      if (type < 20 || type > 24) {
        this.flight.end = 'unparseable';
        return true;
      }
      if (this.buf.length < 5 + len) return false;
      const body = this.buf.subarray(5, 5 + len);
      this.buf = this.buf.subarray(5 + len);
      if (this.complete) {
        this.others.push({ type, body: Buffer.from(body) });
        continue;
      }
      if (type === CONTENT.alert) {
        if (body.length >= 2) this.flight.alert = { level: body[0], description: body[1] };
        this.flight.end = 'alert';
        return true;
      }
      if (type !== CONTENT.handshake) {
        this.others.push({ type, body: Buffer.from(body) });
        if (this.flight.hello && this.flight.hello.version >= 0x0304) return true;
        continue;
      }
      this.hs = Buffer.concat([this.hs, body]);
      if (this.drainHandshake()) return true;
    }
    return false;
  }

  private drainHandshake(): boolean {
    while (this.hs.length >= 4) {
      const type = this.hs[0];
      const len = (this.hs[1] << 16) | (this.hs[2] << 8) | this.hs[3];
      if (this.hs.length < 4 + len) return false;
      const body = this.hs.subarray(4, 4 + len);
      this.hs = this.hs.subarray(4 + len);
      if (type === HS.serverHello) {
        const h = parseServerHello(body);
        if (!h) {
          this.flight.end = 'unparseable';
          return true;
        }
        this.flight.hello = h;
        // TLS 1.3: everything after the ServerHello is encrypted.
        if (h.version >= 0x0304 || h.helloRetry) return true;
      } else if (type === HS.certificate) {
        let p = 3;
        while (p + 3 <= body.length) {
          const l = (body[p] << 16) | (body[p + 1] << 8) | body[p + 2];
          this.flight.certificates.push(Buffer.from(body.subarray(p + 3, p + 3 + l)));
          p += 3 + l;
        }
      } else if (type === HS.serverKeyExchange) {
        if (body[0] === 3 && body.length >= 3 && !this.kxIsDh)
          this.flight.kx = { type: 'ECDH', group: body.readUInt16BE(1) };
        else if (body.length >= 2) {
          let plen = body.readUInt16BE(0);
          // Leading zero bytes do not count towards the prime's size.
          let i = 2;
          while (plen > 0 && body[i] === 0) {
            plen--;
            i++;
          }
          this.flight.kx = { type: 'DH', bits: plen * 8 };
        }
      } else if (type === HS.serverHelloDone) {
        this.flight.helloDone = true;
        return true;
      }
    }
    return false;
  }

  /** Tell the reader the negotiated suite uses finite-field DH (ServerKeyExchange format). */
  setDh(dh: boolean) {
    this.kxIsDh = dh;
  }
}

export interface Conversation {
  socket: net.Socket;
  reader: FlightReader;
  /** Wait for the flight; resolves with it however it ended. */
  flight: Promise<ServerFlight>;
  /** Wait for the next record after the flight (or closed/timeout). */
  next(timeoutMs: number): Promise<{ type: number; body: Buffer } | 'closed' | 'timeout'>;
  close(): void;
}

/**
 * Connect, send `hello`, and read the server's first flight. `isDh(suite)` tells the reader how to
 * parse a ServerKeyExchange. The socket stays open for checks that continue the conversation.
 */
export function converse(
  address: string,
  port: number,
  hello: Buffer,
  timeoutMs: number,
  isDh: (suite: number) => boolean = () => false,
): Conversation {
  const reader = new FlightReader();
  const socket = net.connect({ host: address, port });
  let closed = false;
  let pending: ((r: { type: number; body: Buffer } | 'closed' | 'timeout') => void) | undefined;
  let flightDone = false;
  let resolveFlight!: (f: ServerFlight) => void;
  const flight = new Promise<ServerFlight>((r) => (resolveFlight = r));
  const finishFlight = (end?: ServerFlight['end'], error?: string) => {
    if (flightDone) return;
    flightDone = true;
    clearTimeout(timer);
    if (end) reader.flight.end = end;
    if (error) reader.flight.error = error;
    resolveFlight(reader.flight);
  };
  const timer = setTimeout(() => finishFlight('timeout'), timeoutMs);
  socket.once('connect', () => socket.write(hello));
  socket.on('data', (d: Buffer) => {
    if (!flightDone) {
      const before = reader.flight.hello;
      const done = reader.push(d);
      if (!before && reader.flight.hello) reader.setDh(isDh(reader.flight.hello.suite));
      if (done) finishFlight();
      return;
    }
    reader.push(d);
    if (pending && reader.others.length) {
      const p = pending;
      pending = undefined;
      p(reader.others.shift()!);
    }
  });
  const onClose = () => {
    closed = true;
    finishFlight(reader.flight.hello || reader.flight.alert ? undefined : 'closed');
    if (!reader.flight.hello && !reader.flight.alert) reader.flight.end = 'closed';
    if (pending) {
      const p = pending;
      pending = undefined;
      p('closed');
    }
  };
  socket.once('close', onClose);
  socket.once('end', onClose);
  socket.once('error', (e) => {
    finishFlight('error', e.message);
    onClose();
  });
  return {
    socket,
    reader,
    flight,
    next(ms: number) {
      if (reader.others.length) return Promise.resolve(reader.others.shift()!);
      if (closed) return Promise.resolve('closed' as const);
      return new Promise((resolve) => {
        const t = setTimeout(() => {
          pending = undefined;
          resolve('timeout');
        }, ms);
        pending = (r) => {
          clearTimeout(t);
          resolve(r);
        };
      });
    },
    close() {
      clearTimeout(timer);
      socket.destroy();
    },
  };
}
