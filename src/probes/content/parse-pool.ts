// Parsing off the main thread: each DOM task of the content probe runs in its own worker thread with
// a heap limit (resourceLimits.maxOldGenerationSizeMb), at most PARSE_CONCURRENCY at once in the
// process. A page whose DOM does not fit ends its worker, not payesh: the job gets the typed reason
// `parse-memory-limit` and every other job goes on. A worker is started per task so its memory is
// returned as soon as the task ends.
import { Worker } from 'node:worker_threads';
import type { AnalyseInput, AnalyseOutput } from './parse-tasks.ts';

/** Heap of one parse worker, MB (--parse-memory-mb). */
export const DEFAULT_PARSE_MEMORY_MB = 1024;
/** Parse workers at once in one process: with the default heap, about 2 GB of DOMs at most. */
export const PARSE_CONCURRENCY = 2;

export class ParseLimitError extends Error {
  override name = 'ParseLimitError';
  readonly type = 'parse-memory-limit';
}

export interface ParseLimits {
  memoryMb?: number;
  signal?: AbortSignal;
}

let active = 0;
const waiting: (() => void)[] = [];

async function slot(signal?: AbortSignal): Promise<() => void> {
  while (active >= PARSE_CONCURRENCY) {
    await new Promise<void>((r) => waiting.push(r));
    signal?.throwIfAborted();
  }
  active++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    active--;
    waiting.shift()?.();
  };
}

const ENTRY = new URL('./parse-worker.mjs', import.meta.url);

type Message = { kind: 'done'; value: unknown } | { kind: 'search'; url: string };

async function runTask<T>(
  data: unknown,
  what: string,
  limits: ParseLimits,
  onSearch?: (url: string) => Promise<unknown>,
): Promise<T> {
  const memoryMb = limits.memoryMb ?? DEFAULT_PARSE_MEMORY_MB;
  const release = await slot(limits.signal);
  try {
    limits.signal?.throwIfAborted();
    return await new Promise<T>((resolve, reject) => {
      const worker = new Worker(ENTRY, {
        workerData: data,
        resourceLimits: { maxOldGenerationSizeMb: memoryMb },
        // The worker's console and exit code are its own; nothing it prints reaches the terminal.
        stdout: true,
        stderr: true,
      });
      let settled = false;
      const end = (fn: () => void) => {
        if (settled) return;
        settled = true;
        limits.signal?.removeEventListener('abort', onAbort);
        void worker.terminate();
        fn();
      };
      const onAbort = () => end(() => reject(limits.signal!.reason));
      limits.signal?.addEventListener('abort', onAbort, { once: true });
      worker.on('message', (m: Message) => {
        if (m.kind === 'done') end(() => resolve(m.value as T));
        else if (m.kind === 'search')
          void (onSearch?.(m.url) ?? Promise.resolve(null))
            .catch(() => null)
            .then((answer) => {
              if (!settled) worker.postMessage(answer);
            });
      });
      worker.on('error', (e: Error & { code?: string }) =>
        end(() =>
          reject(
            e.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new ParseLimitError(
                  `parsing ${what} needed more than the parse memory limit of ${memoryMb} MB; not read (--parse-memory-mb)`,
                )
              : e,
          ),
        ),
      );
      worker.on('exit', (code) =>
        end(() => reject(new Error(`parse worker for ${what} stopped (exit ${code}) without an answer`))),
      );
    });
  } finally {
    release();
  }
}

/** Priority links of the home page, parsed in a worker. */
export function prioritySeedsInWorker(
  url: string,
  html: string,
  limits: ParseLimits = {},
): Promise<string[]> {
  return runTask<string[]>({ kind: 'seeds', url, html }, `the home page ${url}`, limits);
}

/**
 * The site analysis in a worker. `search` makes the search request the worker asks for (through the
 * main thread's network policy) and returns its answer, or null.
 */
export function analyseInWorker(
  input: AnalyseInput,
  search: (url: string) => Promise<{ url: string; status: number | null; text: string } | null>,
  limits: ParseLimits = {},
): Promise<AnalyseOutput> {
  return runTask<AnalyseOutput>(
    { kind: 'analyse', input },
    `the ${input.pages.length} page${input.pages.length === 1 ? '' : 's'} of ${input.homeUrl}`,
    limits,
    search,
  );
}
