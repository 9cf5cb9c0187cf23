// Logging: readable lines on a terminal, JSON lines in the run's log file.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { redactDeep, redactSecrets } from './redact.ts';

export interface LogOptions {
  /** JSON-lines log file (the run's log). */
  file?: string;
  level?: string;
  /** Console output: 'pretty' on a TTY, 'json' otherwise, or 'silent'. */
  console?: 'pretty' | 'json' | 'silent';
}

export function createLogger(opts: LogOptions = {}): Logger {
  const level = opts.level ?? process.env.PAYESH_LOG_LEVEL ?? 'info';
  const streams: pino.StreamEntry[] = [];
  // Readable lines on the console (coloured on a terminal); the run's log file keeps JSON lines.
  const mode = opts.console ?? (process.env.PAYESH_LOG_FORMAT === 'json' ? 'json' : 'pretty');
  if (mode === 'pretty')
    streams.push({
      level: level as pino.Level,
      stream: pretty({
        destination: 2,
        // NO_COLOR (no-color.org): plain text even on a terminal.
        colorize: !!process.stderr.isTTY && !process.env.NO_COLOR,
        ignore: 'pid,hostname',
        translateTime: 'HH:MM:ss',
        sync: true,
      }),
    });
  else if (mode === 'json') streams.push({ level: level as pino.Level, stream: pino.destination(2) });
  if (opts.file) {
    mkdirSync(dirname(opts.file), { recursive: true });
    streams.push({ level: 'debug', stream: pino.destination({ dest: opts.file, sync: true, mkdir: true }) });
  }
  if (streams.length === 0) return pino({ level: 'silent' });
  return pino(
    {
      level: 'debug',
      base: undefined,
      // Connection URLs in messages or fields lose their passwords before any stream sees them.
      formatters: { log: (obj) => redactDeep(obj) },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? redactSecrets(a) : a)) as Parameters<typeof method>,
          );
        },
      },
      serializers: {
        err: (e: Error) => ({
          type: e?.name,
          message: redactSecrets(String(e?.message)),
          stack: redactSecrets(String(e?.stack)),
        }),
      },
    },
    pino.multistream(streams),
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
