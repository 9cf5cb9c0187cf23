// The private-address policy before a browser navigates. Every request the browser makes goes
// through the request gate (src/net/gate.ts), which resolves, checks and connects itself; this
// early check only gives a refused target its reason without starting any browser work.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { allowsAllPrivate, isLocalhostName, isRefusedAddress } from '../net/address-policy.ts';
import { hostPortOf, type NetOptions } from '../net/options.ts';
import { BrowserError } from './errors.ts';

/** Addresses the browser will dial for url: the --resolve override, a literal IP, or DNS. */
export async function addressesFor(url: URL, net: NetOptions): Promise<string[]> {
  const mapped = net.resolve.get(hostPortOf(url));
  if (mapped) return [mapped];
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return [host];
  if (isLocalhostName(host)) return ['127.0.0.1', '::1'];
  const found = await lookup(host, { all: true });
  return found.map((a) => a.address);
}

/** Throws BrowserError 'blocked-private' (or 'dns') when the policy forbids navigating to url. */
export async function assertNavigable(url: URL, net: NetOptions): Promise<void> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BrowserError('navigation', `${url.href}: only http and https pages are measured`);
  }
  if (allowsAllPrivate(net)) return;
  let addresses: string[];
  try {
    addresses = await addressesFor(url, net);
  } catch (e) {
    throw new BrowserError('dns', `${url.hostname}: ${(e as Error).message}`);
  }
  const bad = addresses.find((a) => isRefusedAddress(net, a));
  if (bad) {
    throw new BrowserError(
      'blocked-private',
      `${url.host} resolves to private or loopback address ${bad}; refused (use --allow-private to permit)`,
    );
  }
}

/** After a navigation: refuse when any redirect hop landed on a private address. */
export async function checkRedirectChain(urls: string[], net: NetOptions): Promise<void> {
  if (allowsAllPrivate(net)) return;
  for (const u of urls) await assertNavigable(new URL(u), net);
}
