// The private-address policy inside the browser. Chromium resolves names itself, so payesh checks
// the target's address before navigating and vets every sub-request's host on the way out.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { BrowserContext, Route } from 'playwright-core';
import { isPrivateAddress } from '../net/address-policy.ts';
import { hostPortOf, type NetOptions } from '../net/options.ts';
import { BrowserError } from './errors.ts';

/** Addresses the browser will dial for url: the --resolve override, a literal IP, or DNS. */
export async function addressesFor(url: URL, net: NetOptions): Promise<string[]> {
  const mapped = net.resolve.get(hostPortOf(url));
  if (mapped) return [mapped];
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return [host];
  const found = await lookup(host, { all: true });
  return found.map((a) => a.address);
}

/** Throws BrowserError 'blocked-private' (or 'dns') when the policy forbids navigating to url. */
export async function assertNavigable(url: URL, net: NetOptions): Promise<void> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BrowserError('navigation', `${url.href}: only http and https pages are measured`);
  }
  if (net.allowPrivate) return;
  let addresses: string[];
  try {
    addresses = await addressesFor(url, net);
  } catch (e) {
    throw new BrowserError('dns', `${url.hostname}: ${(e as Error).message}`);
  }
  const bad = addresses.find(isPrivateAddress);
  if (bad) {
    throw new BrowserError(
      'blocked-private',
      `${url.host} resolves to private or loopback address ${bad}; refused (use --allow-private to permit)`,
    );
  }
}

/**
 * Abort sub-requests whose host resolves to a private address. Decisions are cached per host:port
 * for the context's life. Redirect hops are not routed by Playwright, so callers also check the
 * final URL (see checkRedirectChain).
 */
export async function installRequestGuard(context: BrowserContext, net: NetOptions): Promise<void> {
  if (net.allowPrivate) return;
  const verdicts = new Map<string, Promise<boolean>>();
  const allowed = (url: URL): Promise<boolean> => {
    const key = hostPortOf(url);
    let v = verdicts.get(key);
    if (!v) {
      v = addressesFor(url, net).then(
        (as) => !as.some(isPrivateAddress),
        () => true, // unresolvable: let Chromium fail it the usual way
      );
      verdicts.set(key, v);
    }
    return v;
  };
  await context.route('**/*', async (route: Route) => {
    let url: URL;
    try {
      url = new URL(route.request().url());
    } catch {
      return route.continue();
    }
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !(await allowed(url))) {
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
}

/** After a navigation: refuse when any redirect hop landed on a private address. */
export async function checkRedirectChain(urls: string[], net: NetOptions): Promise<void> {
  if (net.allowPrivate) return;
  for (const u of urls) await assertNavigable(new URL(u), net);
}
