// A run has one owner. The process measuring a run holds a lease on it in the store, renewed while it
// works; a second `payesh audit --resume RUN` meanwhile is refused with who holds it. A lease left by
// a process that died on this machine is taken over at once; one held from another machine lapses
// after its time-to-live.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { UsageError } from '../net/options.ts';
import type { Store } from '../store/repository.ts';

export const LEASE_TTL_MS = 60_000;

/** Times a job may be running when its process dies before it is given up as 'crashed'. */
export const MAX_JOB_CRASHES = 3;

export interface HeldLease {
  owner: string;
  release(): Promise<void>;
}

function ownerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** Whether owner names a process on this machine that no longer exists. */
function ownerIsGone(owner: string): boolean {
  const [host, pid] = owner.split(':');
  if (host !== hostname() || !/^\d+$/.test(pid ?? '')) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Take the run's lease or throw a UsageError naming its holder; the lease is renewed until released. */
export async function takeRunLease(store: Store, runId: string, ttlMs = LEASE_TTL_MS): Promise<HeldLease> {
  const owner = ownerId();
  let got = await store.acquireRunLease(runId, owner, ttlMs);
  if (!got.held && ownerIsGone(got.owner)) {
    await store.releaseRunLease(runId, got.owner);
    got = await store.acquireRunLease(runId, owner, ttlMs);
  }
  if (!got.held) {
    const [host, pid] = got.owner.split(':');
    throw new UsageError(
      `run ${runId} is being measured by another payesh process (pid ${pid} on ${host}, lease until ${got.expiresAt}); ` +
        'wait for it to finish, or stop it and resume then',
    );
  }
  const timer = setInterval(
    () => {
      store.acquireRunLease(runId, owner, ttlMs).catch(() => undefined);
    },
    Math.floor(ttlMs / 3),
  );
  timer.unref();
  return {
    owner,
    async release() {
      clearInterval(timer);
      await store.releaseRunLease(runId, owner).catch(() => undefined);
    },
  };
}
