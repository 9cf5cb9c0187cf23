// Options and helpers shared by the commands. Commands stay thin: parse options, call one module.
import { Command, Option } from 'commander';
import { buildNetOptions, UsageError, type NetOptions } from '../net/options.ts';
import { DEFAULT_DB } from '../store/open.ts';

/** Exit codes, documented in the README. */
/** Exit codes, as the README's table documents them. */
export const EXIT = { ok: 0, thresholdMissed: 1, usage: 2, internal: 3, notMeasured: 4 } as const;

const collect = (v: string, prev: string[] = []) => prev.concat(v);

/** --db */
export function addDbOption(cmd: Command): Command {
  return cmd.option(
    '--db <path|url>',
    `store: SQLite file or postgres:// URL`,
    process.env.PAYESH_DB ?? DEFAULT_DB,
  );
}

/** --resolve, --allow-private, --extra-ca, --user-agent, --contact-url */
export function addNetOptions(cmd: Command): Command {
  return cmd
    .option(
      '--resolve <host:port:address>',
      'connect to ADDRESS for HOST:PORT, as curl does (repeatable)',
      collect,
      [],
    )
    .option(
      '--allow-private [cidr...]',
      'allow private and loopback addresses (refused by default); with addresses or CIDR ranges, only those',
      false,
    )
    .option('--extra-ca <file>', 'also trust this CA certificate (PEM; repeatable)', collect, [])
    .addOption(
      new Option('--user-agent <ua>', 'User-Agent header (default names payesh and its contact URL)'),
    )
    .addOption(new Option('--contact-url <url>', 'contact URL to put in the User-Agent'))
    .addOption(
      new Option(
        '--request-timeout <s>',
        'longest one HTTP request may take, seconds (default 30)',
      ).argParser(positive('--request-timeout')),
    )
    .addOption(
      new Option('--max-redirects <n>', 'redirects followed per request (default 10)').argParser(
        positive('--max-redirects'),
      ),
    )
    .addOption(
      new Option(
        '--max-body-mb <n>',
        'body bytes read per request, MB; the rest is cut (default 5)',
      ).argParser(positive('--max-body-mb')),
    );
}

const positive = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} ${v}: expected a positive number`);
  return n;
};

export function netFromOptions(o: Record<string, unknown>): NetOptions {
  return buildNetOptions({
    resolve: o.resolve as string[] | undefined,
    allowPrivate: o.allowPrivate as boolean | string[] | undefined,
    extraCa: o.extraCa as string[] | undefined,
    userAgent: o.userAgent as string | undefined,
    contactUrl: o.contactUrl as string | undefined,
    timeoutS: o.requestTimeout as number | undefined,
    maxRedirects: o.maxRedirects as number | undefined,
    maxBodyMb: o.maxBodyMb as number | undefined,
  });
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
