// Typed errors every layer may throw or catch. The command line maps them to exit codes.

/** Bad input from the person running payesh (file, option, checklist): exit 2, nothing created. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A probe id that is not in the list (from --only/--skip or a job stored by another build). */
export class UnknownProbeError extends UsageError {
  override name = 'UnknownProbeError';
  constructor(
    readonly probe: string,
    readonly known: string[],
  ) {
    super(`unknown probe "${probe}"; known: ${known.join(', ')}`);
  }
}

/**
 * The store could not be written (disk full, database locked, connection lost): an internal error
 * (exit 3). A run stops at the first one instead of measuring what it cannot keep.
 */
export class StoreError extends Error {
  override name = 'StoreError';
}

/** Runs a store call; any failure becomes a StoreError naming what was being written. */
export async function storeWrite<T>(what: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof StoreError) throw e;
    throw new StoreError(`store write failed (${what}): ${(e as Error)?.message ?? String(e)}`, { cause: e });
  }
}
