// The request gate: a forwarding proxy inside the payesh process that every browser it drives
// (Chromium, Lighthouse's tab, Firefox) sends all its traffic through. For each request it resolves
// the name itself (honouring --resolve and RFC 6761 for *.localhost), checks every address against
// the private-address policy, and then connects to the address it checked, so a name that changes
// its answer between the check and the connection (DNS rebinding) gains nothing. It speaks HTTP
// CONNECT (https, wss and ws) and plain absolute-form HTTP requests; it never sees inside TLS.
// With --extra-ca, a tunnel that carries TLS is opened only after the gate itself verified the
// server's chain (public roots plus the extra CAs) and name: Chromium is told to accept the extra CA
// by SPKI hash, which on its own would accept any chain that merely includes the CA certificate.
import { lookup } from 'node:dns/promises';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { connect, isIP, type Socket } from 'node:net';
import { checkServerIdentity, connect as tlsConnect } from 'node:tls';
import type { Duplex } from 'node:stream';
import { isLocalhostName, isRefusedAddress } from './address-policy.ts';
import { trustedCa, type NetOptions } from './options.ts';

/**
 * Why the gate did not carry a request: refused by policy or name lookup, or the checked address did
 * not answer (kept so a browser measurement can name the typed reason Chromium's own error hides).
 */
export type GateRefusalType =
  'blocked-private' | 'dns' | 'bad-request' | 'refused' | 'reset' | 'timeout' | 'tls';

/** How long a verified chain is taken as verified for the same name, port and address. */
const CHAIN_OK_MS = 60_000;

export interface GateRefusal {
  type: GateRefusalType;
  host: string;
  port: number;
  address?: string;
  message: string;
  /** performance.now() when refused. */
  at: number;
}

/** Header on a refused plain-HTTP answer, so a browser measurement can tell the gate refused it. */
export const REFUSED_HEADER = 'x-payesh-refused';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

type Decision = { ok: true; address: string } | { ok: false; refusal: GateRefusal };

export interface GateStats {
  tunnels: number;
  requests: number;
  refused: number;
}

export class RequestGate {
  readonly stats: GateStats = { tunnels: 0, requests: 0, refused: 0 };
  private readonly recent: GateRefusal[] = [];
  private readonly sockets = new Set<Duplex>();
  /** "name:port:address" -> until when its chain counts as verified. */
  private readonly chainsOk = new Map<string, number>();

  private constructor(
    private readonly net: NetOptions,
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Start a gate on an ephemeral loopback port. */
  static async start(net: NetOptions): Promise<RequestGate> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const port = (server.address() as { port: number }).port;
    const gate = new RequestGate(net, server, port);
    server.on('connect', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      gate.track(socket);
      void gate.tunnel(req, socket, head);
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void gate.forward(req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      gate.track(socket);
      void gate.upgrade(req, socket, head);
    });
    server.on('connection', (s: Socket) => gate.track(s));
    server.on('clientError', (_e, socket: Duplex) => socket.destroy());
    return gate;
  }

  /** "http://127.0.0.1:PORT", for --proxy-server and Firefox's proxy preferences. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Refusals since `since` (performance.now()), newest last; the gate keeps the last 200. */
  refusalsSince(since: number): GateRefusal[] {
    return this.recent.filter((r) => r.at >= since);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Resolve host:port as the policy sees it and pick the address to dial. */
  async decide(host: string, port: number): Promise<Decision> {
    const refuse = (type: GateRefusalType, message: string, address?: string): Decision => {
      const refusal = { type, host, port, address, message, at: performance.now() };
      this.stats.refused++;
      this.recent.push(refusal);
      if (this.recent.length > 200) this.recent.shift();
      return { ok: false, refusal };
    };
    const name = host.replace(/^\[|\]$/g, '').toLowerCase();
    if (!name || !Number.isInteger(port) || port <= 0 || port > 65535)
      return refuse('bad-request', `bad target ${host}:${port}`);
    const mapped = this.net.resolve.get(`${name}:${port}`);
    let addresses: string[];
    if (mapped) addresses = [mapped];
    else if (isIP(name)) addresses = [name];
    else if (isLocalhostName(name)) addresses = ['127.0.0.1', '::1'];
    else {
      try {
        addresses = (await lookup(name, { all: true })).map((a) => a.address);
      } catch (e) {
        return refuse('dns', `${name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    }
    const bad = addresses.find((a) => isRefusedAddress(this.net, a));
    if (bad)
      return refuse(
        'blocked-private',
        `${name} resolves to private or loopback address ${bad}; refused (use --allow-private to permit)`,
        bad,
      );
    return { ok: true, address: addresses[0] };
  }

  private track(s: Duplex): void {
    if (this.sockets.has(s)) return;
    this.sockets.add(s);
    s.once('close', () => this.sockets.delete(s));
    s.on('error', () => undefined);
  }

  /** Remember that the checked address did not answer, with the typed reason of its socket error. */
  private dialFailed(host: string, port: number, address: string, e: unknown): void {
    const code = (e as NodeJS.ErrnoException)?.code ?? '';
    const type: GateRefusalType =
      code === 'ETIMEDOUT' ? 'timeout' : code === 'ECONNRESET' || code === 'EPIPE' ? 'reset' : 'refused';
    const message = `${host}:${port} (${address}): ${code || (e as Error)?.message || 'connection failed'}`;
    this.recent.push({ type, host, port, address, message, at: performance.now() });
    if (this.recent.length > 200) this.recent.shift();
  }

  /** Connect to the checked address itself, bounded by the connect timeout. */
  private dial(address: string, port: number): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const upstream = connect({ host: address, port });
      upstream.setTimeout(this.net.connectTimeoutMs, () =>
        upstream.destroy(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' })),
      );
      upstream.once('error', reject);
      upstream.once('connect', () => {
        upstream.setTimeout(0);
        upstream.off('error', reject);
        this.track(upstream);
        resolve(upstream);
      });
    });
  }

  private async tunnel(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(req.url ?? '');
    const decision = await this.decide(m?.[1] ?? '', Number(m?.[2] ?? 0));
    if (!decision.ok) return refuseRaw(socket, decision.refusal);
    let upstream: Socket;
    try {
      upstream = await this.dial(decision.address, Number(m![2]));
    } catch (e) {
      this.dialFailed(m![1], Number(m![2]), decision.address, e);
      socket.end(`HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    this.stats.tunnels++;
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    let first = head;
    if (this.net.extraCa.length > 0) {
      // The browser speaks first in TLS: a ClientHello (record type 22) means the chain must be checked.
      if (!first.length) first = (await firstChunk(socket, this.net.connectTimeoutMs)) ?? Buffer.alloc(0);
      if (first[0] === 0x16) {
        const name = m![1].toLowerCase();
        const problem = await this.chainProblem(name, Number(m![2]), decision.address);
        if (problem) {
          this.recent.push({
            type: 'tls',
            host: name,
            port: Number(m![2]),
            address: decision.address,
            message: `${name}:${m![2]}: certificate not trusted (${problem}); with --extra-ca only chains that CA or the public roots signed for the name are accepted`,
            at: performance.now(),
          });
          if (this.recent.length > 200) this.recent.shift();
          this.stats.refused++;
          upstream.destroy();
          socket.destroy();
          return;
        }
      }
    }
    if (first.length > 0) upstream.write(first);
    splice(socket, upstream);
  }

  /**
   * Why the server at address does not present a chain that the public roots or the extra CAs signed
   * for `name` (null when it does). A separate handshake from the browser's: a server could show the
   * two different certificates, but it cannot pass this check without a chain a trusted CA signed.
   */
  private chainProblem(name: string, port: number, address: string): Promise<string | null> {
    const key = `${name}:${port}:${address}`;
    if ((this.chainsOk.get(key) ?? 0) > Date.now()) return Promise.resolve(null);
    return new Promise((resolve) => {
      const s = tlsConnect({
        host: address,
        port,
        servername: isIP(name) ? undefined : name,
        ca: trustedCa(this.net),
        rejectUnauthorized: false,
        checkServerIdentity: (_host, cert) => checkServerIdentity(name, cert),
        ALPNProtocols: ['http/1.1'],
      });
      this.track(s);
      const timer = setTimeout(
        () => done('no TLS handshake within the connect time'),
        this.net.connectTimeoutMs,
      );
      const done = (problem: string | null) => {
        clearTimeout(timer);
        s.destroy();
        if (!problem) this.chainsOk.set(key, Date.now() + CHAIN_OK_MS);
        resolve(problem);
      };
      s.once('secureConnect', () =>
        done(s.authorized ? null : String(s.authorizationError ?? 'unverified chain')),
      );
      s.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
    });
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
      if (target.protocol !== 'http:') throw new Error('not http');
    } catch {
      res
        .writeHead(400, { 'content-type': 'text/plain', connection: 'close' })
        .end('absolute http URL expected');
      return;
    }
    const port = Number(target.port || 80);
    const decision = await this.decide(target.hostname, port);
    if (!decision.ok) {
      res
        .writeHead(403, {
          'content-type': 'text/plain; charset=utf-8',
          [REFUSED_HEADER]: decision.refusal.type,
          'cache-control': 'no-store',
          connection: 'close',
        })
        .end(decision.refusal.message);
      return;
    }
    this.stats.requests++;
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
    }
    const upstream = httpRequest({
      host: decision.address,
      port,
      method: req.method,
      path: target.pathname + target.search,
      headers,
      setHost: false,
      agent: false,
      timeout: this.net.connectTimeoutMs,
    });
    upstream.once('socket', (s) => this.track(s));
    upstream.once('response', (up) => {
      upstream.setTimeout(0);
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(up.headers)) {
        if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
      }
      res.writeHead(up.statusCode ?? 502, up.statusMessage, out);
      up.pipe(res);
      up.once('error', () => res.destroy());
    });
    upstream.once('timeout', () => upstream.destroy(new Error('connect timeout')));
    upstream.once('error', (e) => {
      if (!res.headersSent) {
        this.dialFailed(target.hostname, port, decision.address, e);
        res.writeHead(502, { connection: 'close' }).end();
      } else res.destroy();
    });
    res.once('close', () => upstream.destroy());
    req.pipe(upstream);
  }

  /** A plain-HTTP WebSocket handshake sent in absolute form: checked, then spliced. */
  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      socket.destroy();
      return;
    }
    const port = Number(target.port || 80);
    const decision = await this.decide(target.hostname, port);
    if (!decision.ok) return refuseRaw(socket, decision.refusal);
    let upstream: Socket;
    try {
      upstream = await this.dial(decision.address, port);
    } catch (e) {
      this.dialFailed(target.hostname, port, decision.address, e);
      socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    this.stats.requests++;
    const lines = [`${req.method} ${target.pathname}${target.search} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      if (!/^proxy-/i.test(req.rawHeaders[i])) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    }
    upstream.write(lines.join('\r\n') + '\r\n\r\n');
    if (head.length > 0) upstream.write(head);
    splice(socket, upstream);
  }
}

/** The first bytes the client sends, or null (closed, or silent for `ms`); the socket is left paused. */
function firstChunk(s: Duplex, ms: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const done = (b: Buffer | null) => {
      clearTimeout(timer);
      s.off('data', onData);
      s.off('close', onClose);
      s.pause();
      resolve(b);
    };
    const onData = (b: Buffer) => done(b);
    const onClose = () => done(null);
    const timer = setTimeout(() => done(null), ms);
    s.on('data', onData);
    s.once('close', onClose);
    s.resume();
  });
}

function refuseRaw(socket: Duplex, r: GateRefusal): void {
  const body = Buffer.from(r.message);
  socket.end(
    `HTTP/1.1 403 Forbidden\r\n${REFUSED_HEADER}: ${r.type}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.toString('latin1')}`,
  );
}

function splice(a: Duplex, b: Duplex): void {
  a.pipe(b);
  b.pipe(a);
  const end = () => {
    a.destroy();
    b.destroy();
  };
  a.once('close', end);
  b.once('close', end);
}
