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
