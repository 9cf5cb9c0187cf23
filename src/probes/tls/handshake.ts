// One TLS handshake with node:tls, honouring the network options. Certificates are never
// rejected here: the verification result is recorded (authorizationError) and graded later.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import tls from 'node:tls';
import { BlockedAddressError, isLocalhostName, isRefusedAddress } from '../../net/address-policy.ts';
import { dialAddress } from '../../net/dispatcher.ts';
import { trustedCa, type NetOptions } from '../../net/options.ts';

export type TlsErrorType =
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'blocked-private'
  | 'no-tls'
  | 'handshake'
  | 'client-unsupported'
  | 'network';

export class TlsProbeError extends Error {
  override name = 'TlsProbeError';
  constructor(
    readonly type: TlsErrorType,
    message: string,
  ) {
    super(message);
  }
}

/** Where the scan connects: the dialled address and the name sent in SNI and checked on the certificate. */
export interface Endpoint {
  host: string;
  port: number;
  address: string;
  /** SNI; undefined when the host is an IP address literal. */
  servername?: string;
}

/** Resolve host:port once (--resolve first, then DNS), refusing private addresses unless allowed. */
export async function resolveEndpoint(
  net: NetOptions,
  host: string,
  port: number,
  servername?: string,
): Promise<Endpoint> {
  const target = dialAddress(net, host, port);
  let address = target;
  if (!isIP(target)) {
    let found: { address: string }[];
    try {
      found = await lookup(target, { all: true });
    } catch (e) {
      throw new TlsProbeError(
        'dns',
        `cannot resolve ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
    if (isLocalhostName(target)) found = [{ address: '127.0.0.1' }];
    const bad = found.find((a) => isRefusedAddress(net, a.address));
    if (bad) throw new TlsProbeError('blocked-private', new BlockedAddressError(host, bad.address).message);
    address = found[0].address;
  } else if (isRefusedAddress(net, target)) {
    throw new TlsProbeError('blocked-private', new BlockedAddressError(host, target).message);
  }
  const sni = servername ?? (isIP(host) ? undefined : host);
  return { host, port, address, servername: sni };
}

export interface HandshakeRequest {
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
  /** OpenSSL cipher string; TLS 1.3 suite names go here too. */
  ciphers?: string;
  alpn?: string[];
  requestOcsp?: boolean;
  /** Keep the peer certificate chain in the result. */
  withChain?: boolean;
  timeoutMs: number;
}

export interface HandshakeOk {
  protocol: string;
  cipher: string;
  standardCipherName?: string;
  /** getEphemeralKeyInfo(): {type:'ECDH', name:'X25519', size:253} or {type:'DH', size:2048}; {} for RSA key exchange. */
  ephemeral: { type?: string; name?: string; size?: number };
  alpn: string | false;
  /** Chain verification against Node's roots + extra CA, hostname NOT included. */
  authorized: boolean;
  authorizationError?: string;
  chain?: tls.DetailedPeerCertificate;
  ocspResponse?: Buffer | null;
}

export function classifyError(e: NodeJS.ErrnoException): TlsErrorType {
  const code = e.code ?? '';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (code === 'ERR_SSL_NO_CIPHER_MATCH') return 'client-unsupported';
  if (
    code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
    code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' ||
    code === 'ERR_SSL_RECORD_LAYER_FAILURE'
  )
    return 'no-tls';
  if (
    code.startsWith('ERR_SSL') ||
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'ERR_TLS_HANDSHAKE_CLOSED'
  )
    return 'handshake';
  if (/socket disconnected before secure/i.test(e.message)) return 'handshake';
  return 'network';
}

/** Do one handshake; resolves with what was negotiated or rejects with a TlsProbeError. */
export function handshake(net: NetOptions, ep: Endpoint, req: HandshakeRequest): Promise<HandshakeOk> {
  return new Promise((resolve, reject) => {
    let socket: tls.TLSSocket;
    let ocsp: Buffer | null = null;
    let settled = false;
    const finish = (err: TlsProbeError | null, ok?: HandshakeOk) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket?.destroy();
      if (err) reject(err);
      else resolve(ok!);
    };
    const timer = setTimeout(
      () =>
        finish(
          new TlsProbeError(
            'timeout',
            `no TLS handshake with ${ep.host}:${ep.port} within ${req.timeoutMs} ms`,
          ),
        ),
      req.timeoutMs,
    );
    try {
      // requestOCSP is accepted by tls.connect but missing from the type definitions.
      const options: tls.ConnectionOptions & { requestOCSP?: boolean } = {
        host: ep.address,
        port: ep.port,
        minVersion: req.minVersion ?? 'TLSv1',
        maxVersion: req.maxVersion ?? 'TLSv1.3',
        ciphers: req.ciphers ?? 'DEFAULT:@SECLEVEL=0',
        // Building a context with every root costs tens of milliseconds, so only the handshake
        // whose verification result is used (the one keeping the chain) gets the trust store.
        ...(req.withChain ? { ca: trustedCa(net) } : {}),
        // Always complete the handshake; the verdict on the certificate is ours to record.
        rejectUnauthorized: false,
        checkServerIdentity: () => undefined,
        ALPNProtocols: req.alpn,
        requestOCSP: req.requestOcsp ?? false,
      };
      if (ep.servername) options.servername = ep.servername;
      socket = tls.connect(options);
    } catch (e) {
      finish(new TlsProbeError(classifyError(e as NodeJS.ErrnoException), (e as Error).message));
      return;
    }
    socket.on('OCSPResponse', (resp: Buffer) => {
      ocsp = resp;
    });
    socket.once('secureConnect', () => {
      const c = socket.getCipher();
      finish(null, {
        protocol: socket.getProtocol() ?? 'unknown',
        cipher: c.name,
        standardCipherName: c.standardName,
        ephemeral: (socket.getEphemeralKeyInfo() as HandshakeOk['ephemeral'] | null) ?? {},
        alpn: socket.alpnProtocol ?? false,
        authorized: socket.authorized,
        authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
        chain: req.withChain ? socket.getPeerCertificate(true) : undefined,
        ocspResponse: req.requestOcsp ? ocsp : undefined,
      });
    });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      const type = classifyError(e);
      finish(
        new TlsProbeError(type, `${ep.host}:${ep.port}: ${e.code ?? ''} ${e.message.split('\n')[0]}`.trim()),
      );
    });
    socket.once('close', () =>
      finish(
        new TlsProbeError('handshake', `${ep.host}:${ep.port} closed the connection during the handshake`),
      ),
    );
  });
}
