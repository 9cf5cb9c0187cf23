// Options and helpers shared by the commands. Commands stay thin: parse options, call one module.
import { Command, Option } from 'commander';
import { buildNetOptions, type NetOptions } from '../net/options.ts';
import { DEFAULT_DB } from '../store/open.ts';

/** Exit codes, documented in the README. */
export const EXIT = { ok: 0, thresholdMissed: 1, usage: 2, internal: 3 } as const;

const collect = (v: string, prev: string[] = []) => prev.concat(v);

/** --db */
export function addDbOption(cmd: Command): Command {
  return cmd.option('--db <path|url>', `store: SQLite file or postgres:// URL`, process.env.PAYESH_DB ?? DEFAULT_DB);
}

/** --resolve, --allow-private, --extra-ca, --user-agent, --contact-url */
export function addNetOptions(cmd: Command): Command {
  return cmd
    .option('--resolve <host:port:address>', 'connect to ADDRESS for HOST:PORT, as curl does (repeatable)', collect, [])
    .option('--allow-private', 'allow private and loopback addresses (refused by default)', false)
    .option('--extra-ca <file>', 'also trust this CA certificate (PEM; repeatable)', collect, [])
    .addOption(new Option('--user-agent <ua>', 'User-Agent header (default names payesh and its contact URL)'))
    .addOption(new Option('--contact-url <url>', 'contact URL to put in the User-Agent'));
}

export function netFromOptions(o: Record<string, unknown>): NetOptions {
  return buildNetOptions({
    resolve: o.resolve as string[] | undefined,
    allowPrivate: o.allowPrivate as boolean | undefined,
    extraCa: o.extraCa as string[] | undefined,
    userAgent: o.userAgent as string | undefined,
    contactUrl: o.contactUrl as string | undefined,
  });
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
