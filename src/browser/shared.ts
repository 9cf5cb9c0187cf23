// The process-wide pool. Probes reach the browser through here so every probe in a worker shares
// one Chromium; a different network configuration (another --resolve map or CA) gets its own pool.
import type { Logger } from 'pino';
import type { NetOptions } from '../net/options.ts';
import { BrowserPool } from './pool.ts';
import type { BrowserSettings } from './settings.ts';

const pools = new Map<string, BrowserPool>();

function keyOf(net: NetOptions, settings: Partial<BrowserSettings>): string {
  return JSON.stringify([
    [...net.resolve.entries()].sort(),
    net.allowPrivate,
    net.extraCa,
    net.userAgent,
    settings.chromePath ?? '',
    settings.recycleAfter ?? 0,
    settings.parallelPerf ?? false,
    settings.pageTimeoutMs ?? 0,
  ]);
}

export function sharedPool(
  net: NetOptions,
  settings: Partial<BrowserSettings> = {},
  log?: Logger,
): BrowserPool {
  const key = keyOf(net, settings);
  let pool = pools.get(key);
  if (!pool) {
    pool = new BrowserPool(net, settings, log);
    pools.set(key, pool);
  }
  return pool;
}

/** Close every shared browser (end of a run or of a test). */
export async function closeSharedPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close()));
}
