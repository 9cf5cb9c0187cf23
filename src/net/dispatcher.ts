// An undici dispatcher that honours --resolve, the private-address policy and --extra-ca.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { BlockedAddressError, isLocalhostName, isRefusedAddress } from './address-policy.ts';
import { trustedCa, type NetOptions } from './options.ts';

type LookupCb = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A dns.lookup replacement that refuses private addresses unless allowed. */
export function guardedLookup(net: NetOptions) {
  return (hostname: string, options: { all?: boolean; family?: number }, cb: LookupCb): void => {
    if (isLocalhostName(hostname) && isRefusedAddress(net, '127.0.0.1')) {
      cb(new BlockedAddressError(hostname, '127.0.0.1') as NodeJS.ErrnoException, '');
      return;
    }
    dnsLookup(hostname, { ...options, all: true }, (err, addrs) => {
      if (err) return cb(err, options.all ? [] : '');
      const list = addrs as LookupAddress[];
      const bad = list.find((a) => isRefusedAddress(net, a.address));
      if (bad) return cb(new BlockedAddressError(hostname, bad.address) as NodeJS.ErrnoException, '');
      if (options.all) cb(null, list);
      else cb(null, list[0].address, list[0].family);
    });
  };
}

/** Where to dial for host:port: the --resolve override, or the name itself. */
export function dialAddress(net: NetOptions, hostname: string, port: number): string {
  return net.resolve.get(`${hostname.toLowerCase()}:${port}`) ?? hostname;
}

export interface DispatcherOptions {
  /** Per-origin connection cap (keep-alive pool size). */
  connections?: number;
  rejectUnauthorized?: boolean;
}

export function createDispatcher(net: NetOptions, opts: DispatcherOptions = {}): Agent {
  const base = buildConnector({
    ca: trustedCa(net),
    rejectUnauthorized: opts.rejectUnauthorized ?? true,
    timeout: net.connectTimeoutMs,
    lookup: guardedLookup(net) as never,
  });
  const connect: buildConnector.connector = (options, callback) => {
    const port = Number(options.port || (options.protocol === 'https:' ? 443 : 80));
    const target = dialAddress(net, options.hostname, port);
    if (isIP(target) && isRefusedAddress(net, target)) {
      callback(new BlockedAddressError(options.hostname, target), null);
      return;
    }
    base(
      {
        ...options,
        hostname: target,
        servername: options.servername ?? (isIP(options.hostname) ? undefined : options.hostname),
      } as never,
      callback,
    );
  };
  return new Agent({
    connect,
    connections: opts.connections ?? 6,
    headersTimeout: net.headersTimeoutMs,
    bodyTimeout: net.totalTimeoutMs,
    keepAliveTimeout: 4_000,
  });
}
