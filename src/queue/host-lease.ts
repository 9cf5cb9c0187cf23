// Fleet-wide politeness: at most `limit` jobs at once against one host from all workers together,
// and a minimum gap between two job starts on that host. Each holder has a lease in a Redis sorted
// set scored by its expiry; a worker that dies stops renewing and its lease lapses after the TTL.
// Times come from the Redis server's clock so machines with skewed clocks agree.
import type { Redis } from 'ioredis';

const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, ttl, delay = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
  return 0
end
if redis.call('ZCARD', KEYS[1]) >= limit then return -1 end
local nextStart = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < nextStart then return nextStart - now end
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ttl * 2)
if delay > 0 then redis.call('SET', KEYS[2], now + delay, 'PX', delay + 1000) end
return 0
`;

const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
return n
`;

export interface HostLeaseOptions {
  /** Jobs at once against one host, fleet-wide. */
  limit: number;
  /** Minimum gap between two job starts on one host, fleet-wide. */
  delayMs: number;
  /** A lease not renewed for this long is released (its worker is presumed dead). */
  ttlMs: number;
}

export type AcquireResult =
  { acquired: true } | { acquired: false; retryInMs: number; reason: 'busy' | 'spacing' };

/** How soon a job postponed because its host is at its limit looks again. */
export const BUSY_RETRY_MS = 300;

const keys = (host: string) => [`payesh:host:${host}:leases`, `payesh:host:${host}:next-start`];

export class HostLeases {
  constructor(
    private readonly redis: Redis,
    private readonly opts: HostLeaseOptions,
  ) {}

  async acquire(host: string, leaseId: string, o: Partial<HostLeaseOptions> = {}): Promise<AcquireResult> {
    const { limit, delayMs, ttlMs } = { ...this.opts, ...o };
    const r = Number(await this.redis.eval(ACQUIRE, 2, ...keys(host), leaseId, limit, ttlMs, delayMs));
    if (r === 0) return { acquired: true };
    // A busy host frees up when a job ends, which nobody announces: look again shortly.
    return r < 0
      ? { acquired: false, retryInMs: Math.max(BUSY_RETRY_MS, delayMs), reason: 'busy' }
      : { acquired: false, retryInMs: r, reason: 'spacing' };
  }

  /** Extends a held lease; false when it had already lapsed. */
  async renew(host: string, leaseId: string, ttlMs = this.opts.ttlMs): Promise<boolean> {
    return Number(await this.redis.eval(RENEW, 1, keys(host)[0], leaseId, ttlMs)) === 1;
  }

  async release(host: string, leaseId: string): Promise<void> {
    await this.redis.zrem(keys(host)[0], leaseId);
  }

  /** Leases currently held on a host (expired ones excluded). */
  async holders(host: string): Promise<string[]> {
    return this.redis.zrangebyscore(keys(host)[0], Date.now(), '+inf');
  }

  /** Holds a lease while `fn` runs, renewing it at a third of the TTL. */
  async hold<T>(host: string, leaseId: string, fn: () => Promise<T>, ttlMs = this.opts.ttlMs): Promise<T> {
    const timer = setInterval(
      () => void this.renew(host, leaseId, ttlMs).catch(() => {}),
      Math.max(100, Math.floor(ttlMs / 3)),
    );
    try {
      return await fn();
    } finally {
      clearInterval(timer);
      await this.release(host, leaseId).catch(() => {});
    }
  }
}
