// The two HTTP-level checks the TLS grade needs: the HSTS header on https://host/ and whether
// plain http://host/ redirects to HTTPS. Both go through the shared undici dispatcher, so
// --resolve and the private-address policy apply; certificate errors do not stop the HSTS check.
import { request } from 'undici';
import { createDispatcher } from '../../net/dispatcher.ts';
import type { NetOptions } from '../../net/options.ts';

export interface HstsFinding {
  tested: boolean;
  url: string;
  status?: number;
  header?: string;
  maxAge?: number;
  includeSubDomains?: boolean;
  preload?: boolean;
  error?: string;
}

export interface RedirectFinding {
  tested: boolean;
  url: string;
  status?: number;
  location?: string;
  redirectsToHttps?: boolean;
  error?: string;
}

/** Parse Strict-Transport-Security per RFC 6797 (directive names are case-insensitive). */
export function parseHsts(header: string): { maxAge?: number; includeSubDomains: boolean; preload: boolean } {
  let maxAge: number | undefined;
  let includeSubDomains = false;
  let preload = false;
  for (const part of header.split(';')) {
    const [rawName, ...rest] = part.split('=');
    const name = rawName.trim().toLowerCase();
    const value = rest.join('=').trim().replace(/^"|"$/g, '');
    if (name === 'max-age' && /^\d+$/.test(value)) maxAge = Number(value);
    else if (name === 'includesubdomains') includeSubDomains = true;
    else if (name === 'preload') preload = true;
  }
  return { maxAge, includeSubDomains, preload };
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function checkHsts(
  net: NetOptions,
  host: string,
  port: number,
  timeoutMs: number,
): Promise<HstsFinding> {
  const url = `https://${urlHost(host)}${port === 443 ? '' : `:${port}`}/`;
  const dispatcher = createDispatcher(net, { rejectUnauthorized: false, connections: 1 });
  try {
    const res = await request(url, {
      method: 'GET',
      dispatcher,
      headers: { 'user-agent': net.userAgent },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await res.body.dump();
    const raw = res.headers['strict-transport-security'];
    const header = Array.isArray(raw) ? raw[0] : raw;
    if (!header) return { tested: true, url, status: res.statusCode };
    return { tested: true, url, status: res.statusCode, header, ...parseHsts(header) };
  } catch (e) {
    return { tested: false, url, error: describeError(e) };
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}

export async function checkHttpRedirect(
  net: NetOptions,
  host: string,
  httpPort: number,
  timeoutMs: number,
): Promise<RedirectFinding> {
  const url = `http://${urlHost(host)}${httpPort === 80 ? '' : `:${httpPort}`}/`;
  const dispatcher = createDispatcher(net, { connections: 1 });
  try {
    const res = await request(url, {
      method: 'GET',
      dispatcher,
      headers: { 'user-agent': net.userAgent },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await res.body.dump();
    const raw = res.headers.location;
    const location = Array.isArray(raw) ? raw[0] : raw;
    const redirect = res.statusCode >= 300 && res.statusCode < 400 && !!location;
    let toHttps = false;
    if (redirect) {
      try {
        toHttps = new URL(location!, url).protocol === 'https:';
      } catch {
        toHttps = false;
      }
    }
    return { tested: true, url, status: res.statusCode, location, redirectsToHttps: toHttps };
  } catch (e) {
    return { tested: false, url, error: describeError(e) };
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}

function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = err.code ?? err.cause?.code;
  return `${code ? code + ': ' : ''}${err.cause?.message ?? err.message}`;
}
