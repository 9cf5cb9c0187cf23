// Handshake simulation: replay the ClientHello of each reference client (clients.json) against
// the server and record what the server chose for it, as SSL Labs does. The grade's caps for
// forward secrecy, AEAD, 3DES, RC4 and export suites look at these choices, not at every suite the
// server would merely accept.
import { readFileSync } from 'node:fs';
import { suiteByCode } from './suites.ts';
import { mapLimit } from './limit.ts';
import { buildHello, converse, GROUP_NAMES, versionName, type WireVersionName } from './wire.ts';

export interface ReferenceClient {
  id: string;
  name: string;
  versions: WireVersionName[];
  /** IANA code points, hex, in the client's order. */
  suites: string[];
  groups: string[];
  sigalgs: string[];
  keyShares: string[];
  alpn: string[];
  extensions: string[];
  minDhBits?: number;
  maxDhBits?: number;
  compression?: number[];
  source: number;
}

interface ClientTable {
  about: string;
  sources: string[];
  clients: ReferenceClient[];
}

export const CLIENT_TABLE: ClientTable = JSON.parse(
  readFileSync(new URL('./clients.json', import.meta.url), 'utf8'),
) as ClientTable;
export const REFERENCE_CLIENTS = CLIENT_TABLE.clients;

export interface SimulatedHandshake {
  client: string;
  name: string;
  ok: boolean;
  protocol?: string;
  suite?: string;
  code?: number;
  /** Key exchange: the ECDH group, "DH <bits>", or "RSA". */
  kx?: string;
  forwardSecrecy?: boolean;
  aead?: boolean;
  /** 3DES, RC4, export or other 64-bit block cipher chosen. */
  weakCipher?: '3DES' | 'RC4' | 'export' | 'DES' | null;
  error?: string;
}

const ALERTS: Record<number, string> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  40: 'handshake_failure',
  42: 'bad_certificate',
  47: 'illegal_parameter',
  50: 'decode_error',
  51: 'decrypt_error',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  109: 'missing_extension',
  112: 'unrecognized_name',
  120: 'no_application_protocol',
};
export const alertName = (d: number) => `${ALERTS[d] ?? 'alert'} (${d})`;

const hex = (s: string) => parseInt(s, 16);

export function weakCipherOf(name: string): SimulatedHandshake['weakCipher'] {
  if (/^EXP/.test(name)) return 'export';
  if (/RC4/.test(name)) return 'RC4';
  if (/DES-CBC3|3DES/.test(name)) return '3DES';
  if (/DES-CBC-|IDEA|RC2/.test(name)) return 'DES';
  return null;
}

export async function simulateClient(
  c: ReferenceClient,
  address: string,
  port: number,
  servername: string | undefined,
  timeoutMs: number,
): Promise<SimulatedHandshake> {
  const offered = c.suites.map(hex);
  const hello = buildHello({
    versions: c.versions,
    suites: offered,
    servername,
    groups: c.groups,
    sigalgs: c.sigalgs.map(hex),
    keyShares: c.keyShares,
    alpn: c.alpn,
    extensions: c.extensions.map(hex),
    compression: c.compression,
  });
  const conv = converse(address, port, hello, timeoutMs, (code) => suiteByCode(code)?.keyExchange === 'DHE');
  const f = await conv.flight;
  conv.close();
  const base = { client: c.id, name: c.name };
  if (!f.hello) {
    const why = f.alert
      ? `server refused: ${alertName(f.alert.description)}`
      : f.end === 'timeout'
        ? `no answer within ${timeoutMs} ms`
        : f.end === 'error'
          ? `connection error: ${f.error}`
          : f.end === 'unparseable'
            ? 'unreadable answer'
            : 'connection closed';
    return { ...base, ok: false, error: why };
  }
  const h = f.hello;
  const protocol = versionName(h.version);
  const info = suiteByCode(h.suite);
  const suite = info?.name ?? `0x${h.suite.toString(16).padStart(4, '0')}`;
  const clientVersions = c.versions.map((v) => v as string);
  if (!offered.includes(h.suite))
    return {
      ...base,
      ok: false,
      protocol,
      suite,
      error: `server chose ${suite}, which the client did not offer`,
    };
  if (!clientVersions.includes(protocol))
    return {
      ...base,
      ok: false,
      protocol,
      suite,
      error: `server chose ${protocol}, which the client does not support`,
    };
  let kx: string;
  if (h.version >= 0x0304)
    kx = GROUP_NAMES[h.group ?? 0] ?? (h.group ? `group 0x${h.group.toString(16)}` : 'unknown');
  else if (f.kx?.type === 'ECDH') kx = GROUP_NAMES[f.kx.group] ?? `curve 0x${f.kx.group.toString(16)}`;
  else if (f.kx?.type === 'DH') kx = `DH ${f.kx.bits}`;
  else kx = info?.keyExchange === 'RSA' ? 'RSA' : (info?.keyExchange ?? 'unknown');
  const result: SimulatedHandshake = {
    ...base,
    ok: true,
    protocol,
    suite,
    code: h.suite,
    kx,
    forwardSecrecy: info ? info.forwardSecrecy : false,
    aead: info ? info.aead : false,
    weakCipher: weakCipherOf(suite),
  };
  // Clients refuse DH groups outside their limits (Java 8: at most 2048 bits).
  if (f.kx?.type === 'DH') {
    if (c.maxDhBits && f.kx.bits > c.maxDhBits)
      return {
        ...result,
        ok: false,
        error: `DH ${f.kx.bits} bits is above the client's limit of ${c.maxDhBits}`,
      };
    if (c.minDhBits && f.kx.bits < c.minDhBits)
      return {
        ...result,
        ok: false,
        error: `DH ${f.kx.bits} bits is below the client's minimum of ${c.minDhBits}`,
      };
  }
  return result;
}

/** Replay every reference client, a few at a time. */
export function simulateClients(
  address: string,
  port: number,
  servername: string | undefined,
  timeoutMs: number,
  concurrency = 6,
  clients: ReferenceClient[] = REFERENCE_CLIENTS,
): Promise<SimulatedHandshake[]> {
  return mapLimit(clients, concurrency, (c) => simulateClient(c, address, port, servername, timeoutMs));
}
