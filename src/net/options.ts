// Network options shared by every probe: address overrides, private-address policy, trust, identity.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { UsageError } from '../core/errors.ts';
import { PAYESH_VERSION } from '../core/version.ts';
import { parseAllowList, type PrivateAllowance } from './address-policy.ts';

// The version and the usage error live in the contract at the bottom of src/.
export { PAYESH_VERSION, UsageError };

export interface NetOptions {
  /** "host:port" (lower-case) -> address to connect to instead of resolving, as curl's --resolve. */
  resolve: Map<string, string>;
  /**
   * Reach private and loopback addresses (refused by default): true for all of them, or a list of
   * CIDR ranges ("127.0.0.5/32") while every other private address stays refused.
   */
  allowPrivate: PrivateAllowance;
  /** Extra trusted CA certificates (PEM), added to Node's roots. */
  extraCa: string[];
  extraCaFiles: string[];
  userAgent: string;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  totalTimeoutMs: number;
  maxRedirects: number;
  maxBodyBytes: number;
}

export const DEFAULT_CONTACT_URL = 'https://github.com/payesh/payesh';

export function defaultNetOptions(over: Partial<NetOptions> = {}): NetOptions {
  return {
    resolve: new Map(),
    allowPrivate: false,
    extraCa: [],
    extraCaFiles: [],
    userAgent: `Mozilla/5.0 (compatible; payesh/${PAYESH_VERSION}; +${DEFAULT_CONTACT_URL})`,
    connectTimeoutMs: 10_000,
    headersTimeoutMs: 15_000,
    totalTimeoutMs: 30_000,
    maxRedirects: 10,
    maxBodyBytes: 5 * 1024 * 1024,
    ...over,
  };
}

/** Parse one --resolve value HOST:PORT:ADDRESS (ADDRESS may be [v6]). */
export function parseResolve(spec: string): [string, string] {
  const m = /^([^:\s]+):(\d{1,5}):(\[[0-9a-fA-F:.]+\]|[^:\s]+)$/.exec(spec.trim());
  if (!m)
    throw new UsageError(
      `--resolve "${spec}": expected HOST:PORT:ADDRESS, e.g. portal.example.test:443:127.0.0.1`,
    );
  const addr = m[3].startsWith('[') ? m[3].slice(1, -1) : m[3];
  return [`${m[1].toLowerCase()}:${Number(m[2])}`, addr];
}

export function buildNetOptions(cli: {
  resolve?: string[];
  /** true (bare --allow-private) or address/CIDR values. */
  allowPrivate?: boolean | string[];
  extraCa?: string[];
  userAgent?: string;
  contactUrl?: string;
  /** Limits (--timeout seconds, --max-redirects, --max-body-mb); defaults as defaultNetOptions. */
  timeoutS?: number;
  maxRedirects?: number;
  maxBodyMb?: number;
}): NetOptions {
  const resolve = new Map((cli.resolve ?? []).map(parseResolve));
  const extraCaFiles = cli.extraCa ?? [];
  const extraCa = extraCaFiles.map((f) => {
    try {
      return readFileSync(f, 'utf8');
    } catch (e) {
      throw new UsageError(`--extra-ca ${f}: ${(e as Error).message}`);
    }
  });
  const ua =
    cli.userAgent ??
    (cli.contactUrl ? `Mozilla/5.0 (compatible; payesh/${PAYESH_VERSION}; +${cli.contactUrl})` : undefined);
  const limits: Partial<NetOptions> = {};
  if (cli.timeoutS) {
    limits.totalTimeoutMs = Math.round(cli.timeoutS * 1000);
    // Connecting and waiting for headers never get longer than the whole request.
    limits.connectTimeoutMs = Math.min(10_000, limits.totalTimeoutMs);
    limits.headersTimeoutMs = Math.min(15_000, limits.totalTimeoutMs);
  }
  if (cli.maxRedirects) limits.maxRedirects = Math.floor(cli.maxRedirects);
  if (cli.maxBodyMb) limits.maxBodyBytes = Math.round(cli.maxBodyMb * 1024 * 1024);
  return defaultNetOptions({
    resolve,
    allowPrivate: allowanceOf(cli.allowPrivate),
    extraCa,
    extraCaFiles,
    ...(ua ? { userAgent: ua } : {}),
    ...limits,
  });
}

/** Node's roots plus the extra CAs, for tls.connect / undici. */
export function trustedCa(net: NetOptions): string[] {
  return [...rootCertificates, ...net.extraCa];
}

export function hostPortOf(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.hostname.toLowerCase()}:${port}`;
}

/** --allow-private as given: absent, bare (every private address) or with addresses/ranges. */
function allowanceOf(v: boolean | string[] | undefined): PrivateAllowance {
  if (v === undefined || v === false) return false;
  if (v === true) return true;
  const specs = v.filter((s) => s !== '' && s !== 'true');
  if (specs.length < v.length && specs.length === 0) return true;
  try {
    return parseAllowList(specs);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
