// A hand-built TLS ClientHello over node:net, for what Node's OpenSSL 3 will not offer:
// 3DES, RC4, DES and export suites, TLS_FALLBACK_SCSV, and reading the server's
// renegotiation_info extension. Only the server's first reply (ServerHello or alert) is parsed;
// the connection is closed right after, no key exchange takes place.
import { randomBytes } from 'node:crypto';
import net from 'node:net';

export const FALLBACK_SCSV = 0x5600;
export const ALERT_INAPPROPRIATE_FALLBACK = 86;
export const ALERT_PROTOCOL_VERSION = 70;
export const ALERT_HANDSHAKE_FAILURE = 40;

export const WIRE_VERSION = { TLSv1: 0x0301, 'TLSv1.1': 0x0302, 'TLSv1.2': 0x0303 } as const;

export interface RawHelloRequest {
  address: string;
  port: number;
  servername?: string;
  /** client_version, e.g. 0x0303 for TLS 1.2. */
  version: number;
  suites: number[];
  fallbackScsv?: boolean;
  timeoutMs: number;
}

export type RawHelloReply =
  | { kind: 'server-hello'; version: number; suite: number; renegotiationInfo: boolean }
  | { kind: 'alert'; level: number; description: number }
  | { kind: 'closed' }
  | { kind: 'timeout' }
  | { kind: 'error'; message: string }
  | { kind: 'unparseable' };

const u16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const withLen16 = (b: Buffer) => Buffer.concat([u16(b.length), b]);
const ext = (type: number, data: Buffer) => Buffer.concat([u16(type), withLen16(data)]);

export function buildClientHello(req: Omit<RawHelloRequest, 'address' | 'port' | 'timeoutMs'>): Buffer {
  const suites = [...req.suites, ...(req.fallbackScsv ? [FALLBACK_SCSV] : [])];
  const exts: Buffer[] = [];
  if (req.servername) {
    const name = Buffer.from(req.servername, 'ascii');
    exts.push(ext(0x0000, withLen16(Buffer.concat([Buffer.from([0]), withLen16(name)]))));
  }
  // supported_groups: x25519, P-256, P-384, P-521; ec_point_formats: uncompressed.
  exts.push(ext(0x000a, withLen16(Buffer.concat([0x001d, 0x0017, 0x0018, 0x0019].map(u16)))));
  exts.push(ext(0x000b, Buffer.from([1, 0])));
  if (req.version >= 0x0303) {
    const sigalgs = [0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201];
    exts.push(ext(0x000d, withLen16(Buffer.concat(sigalgs.map(u16)))));
  }
  // Empty renegotiation_info: a server that supports secure renegotiation echoes it.
  exts.push(ext(0xff01, Buffer.from([0])));
  const body = Buffer.concat([
    u16(req.version),
    randomBytes(32),
    Buffer.from([0]), // no session id
    withLen16(Buffer.concat(suites.map(u16))),
    Buffer.from([1, 0]), // compression: null only
    withLen16(Buffer.concat(exts)),
  ]);
  const handshake = Buffer.concat([
    Buffer.from([1, (body.length >> 16) & 0xff, (body.length >> 8) & 0xff, body.length & 0xff]),
    body,
  ]);
  return Buffer.concat([Buffer.from([0x16, 0x03, 0x01]), u16(handshake.length), handshake]);
}

/** Parse the first record of the server's reply. Returns undefined while more bytes are needed. */
export function parseServerReply(buf: Buffer): RawHelloReply | undefined {
  if (buf.length < 5) return undefined;
  const type = buf[0];
  const len = buf.readUInt16BE(3);
  if (type !== 0x15 && type !== 0x16) return { kind: 'unparseable' };
  if (buf.length < 5 + len) return undefined;
  const rec = buf.subarray(5, 5 + len);
  if (type === 0x15)
    return rec.length >= 2 ? { kind: 'alert', level: rec[0], description: rec[1] } : { kind: 'unparseable' };
  if (rec[0] !== 2 || rec.length < 4) return { kind: 'unparseable' };
  const hsLen = (rec[1] << 16) | (rec[2] << 8) | rec[3];
  const hello = rec.subarray(4, 4 + hsLen);
  if (hello.length < 38) return { kind: 'unparseable' };
  const version = hello.readUInt16BE(0);
  let p = 2 + 32;
  p += 1 + hello[p]; // session id
  if (p + 3 > hello.length) return { kind: 'unparseable' };
  const suite = hello.readUInt16BE(p);
  p += 3; // suite + compression method
  let renegotiationInfo = false;
  if (p + 2 <= hello.length) {
    const end = Math.min(hello.length, p + 2 + hello.readUInt16BE(p));
    p += 2;
    while (p + 4 <= end) {
      const t = hello.readUInt16BE(p);
      const l = hello.readUInt16BE(p + 2);
      if (t === 0xff01) renegotiationInfo = true;
      p += 4 + l;
    }
  }
  return { kind: 'server-hello', version, suite, renegotiationInfo };
}

export function sendRawHello(req: RawHelloRequest): Promise<RawHelloReply> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    let done = false;
    const socket = net.connect({ host: req.address, port: req.port });
    const finish = (r: RawHelloReply) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), req.timeoutMs);
    socket.once('connect', () => socket.write(buildClientHello(req)));
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const r = parseServerReply(buf);
      if (r) finish(r);
    });
    socket.once('end', () =>
      finish(buf.length ? (parseServerReply(buf) ?? { kind: 'unparseable' }) : { kind: 'closed' }),
    );
    socket.once('close', () => finish({ kind: 'closed' }));
    socket.once('error', (e) => finish({ kind: 'error', message: e.message }));
  });
}
