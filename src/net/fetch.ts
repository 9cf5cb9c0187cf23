// One bounded HTTP request with manual redirects: every limit is explicit (connect, headers and total
// time, redirects, body bytes) and every failure comes back as a typed reason instead of a throw.
import { lookup as dnsLookup } from 'node:dns';
import { connect as netConnect, isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { Agent, buildConnector, request, type Dispatcher } from 'undici';
import type { ProbeError } from '../core/index.ts';
import { BlockedAddressError, isRefusedAddress } from './address-policy.ts';
import { createDispatcher, dialAddress } from './dispatcher.ts';
import { trustedCa, type NetOptions } from './options.ts';

export interface RedirectHop {
  url: string;
  status: number;
  location: string;
}

export interface PhaseTimings {
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  firstByteMs?: number;
  totalMs: number;
}

export interface FetchResult {
  url: string;
  finalUrl: string;
  status: number | null;
  redirects: RedirectHop[];
  headers: Record<string, string>;
  body: Buffer;
  /** True when the body was cut at maxBodyBytes. */
  truncated: boolean;
  bytes: number;
  contentType: string | null;
  timings: PhaseTimings;
  remoteAddress?: string;
  error?: ProbeError;
}

export interface FetchOptions {
  method?: 'GET' | 'HEAD';
  /** Shared keep-alive pool; when absent a one-off connection is used and its phases timed. */
  dispatcher?: Dispatcher;
  maxBodyBytes?: number;
  maxRedirects?: number;
  totalTimeoutMs?: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Skip reading the body (uptime checks only need the status). */
  readBody?: boolean;
  /**
   * Stream the body to this consumer instead of keeping it (result.body stays empty); returning false
   * stops reading. maxBodyBytes still applies.
   */
  onChunk?: (chunk: Buffer, status: number) => boolean | void;
}

const CERT_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|SSL_|HOSTNAME|ALTNAME/;

/** Map a thrown error to a stable, typed reason. */
export function classifyError(e: unknown): ProbeError {
  const err = e as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const inner = err?.cause && typeof err.cause === 'object' ? err.cause : err;
  const code = String(inner?.code ?? err?.code ?? '');
  const name = String(inner?.name ?? err?.name ?? '');
  const message = String(inner?.message ?? err?.message ?? e);
  if (inner instanceof BlockedAddressError || code === 'EPAYESHPRIVATE')
    return { type: 'blocked-private', message };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL')
    return { type: 'dns', message };
  if (code === 'ECONNREFUSED') return { type: 'refused', message };
  // A body cut short of its Content-Length means the server closed the connection mid-answer.
  if (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'UND_ERR_SOCKET' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH'
  )
    return { type: 'reset', message };
  if (
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'ETIMEDOUT' ||
    name === 'TimeoutError'
  )
    return { type: 'timeout', message };
  if (name === 'AbortError' || code === 'ABORT_ERR') return { type: 'aborted', message };
  if (CERT_CODES.test(code) || /certificate|SSL routines|TLS/i.test(message)) return { type: 'tls', message };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return { type: 'unreachable', message };
  return { type: 'network', message: code ? `${code}: ${message}` : message };
}

/** A one-off dispatcher whose connector times DNS, TCP connect and TLS handshake. */
function timedDispatcher(net: NetOptions, timings: PhaseTimings, out: { remoteAddress?: string }): Agent {
  const connect: buildConnector.connector = (options, callback) => {
    const port = Number(options.port || (options.protocol === 'https:' ? 443 : 80));
    const dial = dialAddress(net, options.hostname, port);
    const t0 = performance.now();
    const onAddress = (address: string) => {
      if (isRefusedAddress(net, address)) {
        callback(new BlockedAddressError(options.hostname, address), null);
        return;
      }
      const t1 = performance.now();
      const sock = netConnect({ host: address, port });
      sock.setTimeout(net.connectTimeoutMs, () =>
        sock.destroy(Object.assign(new Error('connect timeout'), { code: 'UND_ERR_CONNECT_TIMEOUT' })),
      );
      sock.once('error', (err) => callback(err, null));
      sock.once('connect', () => {
        timings.connectMs = performance.now() - t1;
        out.remoteAddress = address;
        if (options.protocol !== 'https:') {
          sock.setTimeout(0);
          sock.removeAllListeners('error');
          callback(null, sock);
          return;
        }
        const t2 = performance.now();
        const servername = isIP(options.hostname) ? undefined : options.hostname;
        const tls = tlsConnect({ socket: sock, servername, ca: trustedCa(net), ALPNProtocols: ['http/1.1'] });
        tls.once('error', (err) => callback(err, null));
        tls.once('secureConnect', () => {
          timings.tlsMs = performance.now() - t2;
          sock.setTimeout(0);
          tls.removeAllListeners('error');
          callback(null, tls);
        });
      });
    };
    if (isIP(dial)) {
      timings.dnsMs = 0;
      onAddress(dial);
    } else {
      dnsLookup(dial, (err, address) => {
        timings.dnsMs = performance.now() - t0;
        if (err) callback(err, null);
        else onAddress(address);
      });
    }
  };
  return new Agent({
    connect,
    pipelining: 0,
    headersTimeout: net.headersTimeoutMs,
    bodyTimeout: net.totalTimeoutMs,
  });
}

function flatHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** GET (or HEAD) a URL within the limits of NetOptions; never throws for network reasons. */
export async function fetchUrl(url: string, net: NetOptions, opts: FetchOptions = {}): Promise<FetchResult> {
  const start = performance.now();
  const maxBody = opts.maxBodyBytes ?? net.maxBodyBytes;
  const maxRedirects = opts.maxRedirects ?? net.maxRedirects;
  // One controller per request, fed by the caller's signal and a timer that is cleared at the end:
  // no timer or listener outlives the request (AbortSignal.any on a long-lived signal piles up).
  const limit = opts.totalTimeoutMs ?? net.totalTimeoutMs;
  const ac = new AbortController();
  const timeout = { aborted: false };
  const timer = setTimeout(() => {
    timeout.aborted = true;
    ac.abort(Object.assign(new Error(`no complete answer within ${limit} ms`), { name: 'TimeoutError' }));
  }, limit);
  const onCallerAbort = () => ac.abort(opts.signal?.reason);
  if (opts.signal?.aborted) ac.abort(opts.signal.reason);
  else opts.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const signal = ac.signal;
  const timings: PhaseTimings = { totalMs: 0 };
  const conn: { remoteAddress?: string } = {};
  const result: FetchResult = {
    url,
    finalUrl: url,
    status: null,
    redirects: [],
    headers: {},
    body: Buffer.alloc(0),
    truncated: false,
    bytes: 0,
    contentType: null,
    timings,
  };
  let own: Agent | undefined;
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const u = new URL(current);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') {
        result.error = { type: 'unsupported-scheme', message: `redirect to ${u.protocol} URL ${current}` };
        break;
      }
      // Phases are timed on the first hop's one-off connection; later hops reuse a plain pool.
      let dispatcher = opts.dispatcher;
      if (!dispatcher) {
        own?.destroy().catch(() => {});
        own = hop === 0 ? timedDispatcher(net, timings, conn) : createDispatcher(net, { connections: 1 });
        dispatcher = own;
      }
      const res = await request(current, {
        method: opts.method ?? 'GET',
        dispatcher,
        signal,
        headers: {
          'user-agent': net.userAgent,
          accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
          'accept-language': 'fa,en;q=0.5',
          ...opts.headers,
        },
      });
      if (hop === 0) timings.firstByteMs = performance.now() - start;
      const headers = flatHeaders(res.headers as Record<string, string | string[] | undefined>);
      const location = headers.location;
      if (res.statusCode >= 300 && res.statusCode < 400 && location) {
        await res.body.dump({ limit: 64 * 1024 }).catch(() => {});
        const next = new URL(location, current).href;
        result.redirects.push({ url: current, status: res.statusCode, location: next });
        if (hop + 1 > maxRedirects) {
          result.status = res.statusCode;
          result.headers = headers;
          result.error = {
            type: 'too-many-redirects',
            message: `more than ${maxRedirects} redirects (last to ${next})`,
          };
          break;
        }
        if (result.redirects.some((r) => r.url === next) || next === url) {
          result.status = res.statusCode;
          result.headers = headers;
          result.error = { type: 'too-many-redirects', message: `redirect loop back to ${next}` };
          break;
        }
        current = next;
        continue;
      }
      result.status = res.statusCode;
      result.headers = headers;
      result.finalUrl = current;
      result.contentType = headers['content-type'] ?? null;
      if (opts.readBody === false || opts.method === 'HEAD') {
        await res.body.dump({ limit: 64 * 1024 }).catch(() => {});
        break;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const take = (buf: Buffer): boolean => {
        if (!opts.onChunk) {
          chunks.push(buf);
          return true;
        }
        return opts.onChunk(buf, res.statusCode) !== false;
      };
      for await (const chunk of res.body) {
        const buf = chunk as Buffer;
        if (size + buf.length > maxBody) {
          take(buf.subarray(0, maxBody - size));
          size = maxBody;
          result.truncated = true;
          res.body.destroy();
          break;
        }
        size += buf.length;
        if (!take(buf)) {
          res.body.destroy();
          break;
        }
      }
      result.body = Buffer.concat(chunks);
      result.bytes = size;
      break;
    }
  } catch (e) {
    result.error = classifyError(e);
    if (
      timeout.aborted &&
      (result.error.type === 'aborted' || result.error.type === 'timeout' || result.error.type === 'network')
    )
      result.error = { type: 'timeout', message: `no complete answer within ${limit} ms` };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onCallerAbort);
    timings.totalMs = performance.now() - start;
    if (conn.remoteAddress) result.remoteAddress = conn.remoteAddress;
    own?.destroy().catch(() => {});
  }
  return result;
}
