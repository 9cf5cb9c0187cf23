// payesh monitor AGENCIES: long-running uptime monitor (see docs/uptime.md).
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { UsageError, type NetOptions } from '../net/options.ts';
import { parseDuration } from '../probes/uptime/duration.ts';
import type { UptimeMonitor, UptimeTarget } from '../probes/uptime/monitor.ts';
import type { Store } from '../store/repository.ts';
import { openStore } from '../store/open.ts';
import { addDbOption, addNetOptions, netFromOptions } from './common.ts';

const whole = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${name} ${v}: expected a whole number of at least 1`);
  return n;
};

/** Options shared by `monitor` and `probe`. */
export function addCheckOptions(cmd: Command): Command {
  cmd
    .option('--interval <duration>', 'time between rounds (500ms, 30s, 5m, 1h)', '5m')
    .option('--concurrency <n>', 'checks at once over all hosts', whole('--concurrency'), 32)
    .option(
      '--per-host <n>',
      'checks at once against one host (also its keep-alive pool size)',
      whole('--per-host'),
      4,
    )
    .option(
      '--confirm-delay <duration>',
      'wait before re-checking a failed page; 0 records failures without a re-check',
      '10s',
    )
    .option('--timeout <duration>', 'total time limit of one request', '30s')
    .option('--connect-timeout <duration>', 'TCP/TLS connect time limit', '10s')
    .option('--headers-timeout <duration>', 'time limit until the response headers', '15s');
  addDbOption(cmd);
  addNetOptions(cmd);
  return cmd;
}

export interface CheckSetup {
  store: Store;
  monitor: UptimeMonitor;
  targets: UptimeTarget[];
  log: Logger;
  intervalMs: number;
}

/** Reads the list, opens the store and builds the monitor; a broken list stops before the store is touched. */
export async function setupChecks(
  file: string,
  o: Record<string, unknown>,
  logConsole?: 'silent',
): Promise<CheckSetup> {
  const intervalMs = parseDuration(o.interval as string, '--interval');
  if (intervalMs < 100) throw new UsageError(`--interval ${o.interval}: at least 100ms`);
  const confirmDelayMs = parseDuration(o.confirmDelay as string, '--confirm-delay');
  const base = netFromOptions(o);
  const net: NetOptions = {
    ...base,
    totalTimeoutMs: parseDuration(o.timeout as string, '--timeout'),
    connectTimeoutMs: parseDuration(o.connectTimeout as string, '--connect-timeout'),
    headersTimeoutMs: parseDuration(o.headersTimeout as string, '--headers-timeout'),
  };
  const { readAgencyListOrThrow } = await import('../agencies/load.ts');
  const { UptimeMonitor, uptimeTargets } = await import('../probes/uptime/monitor.ts');
  const { createLogger } = await import('../util/log.ts');
  const targets = uptimeTargets(await readAgencyListOrThrow(file));
  if (targets.length === 0) throw new UsageError(`${file}: no pages to check`);
  const log = createLogger({ console: logConsole });
  const store = await openStore(o.db as string);
  const monitor = new UptimeMonitor(targets, {
    store,
    net,
    log,
    intervalMs,
    concurrency: o.concurrency as number,
    perHost: o.perHost as number,
    confirmDelayMs,
    agenciesFile: file,
  });
  return { store, monitor, targets, log, intervalMs };
}

/** SIGTERM/SIGINT stop the monitor cleanly; a second signal exits at once. */
export function stopOnSignals(monitor: UptimeMonitor, log: Logger): () => void {
  const onSignal = (sig: NodeJS.Signals) => {
    if (monitor.stopping) process.exit(130);
    log.info({ signal: sig }, 'stopping: abandoning checks in flight, closing the session');
    monitor.stop();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}

export function register(program: Command): void {
  const cmd = program
    .command('monitor')
    .argument('<agencies>', 'agency list (CSV, Excel .xlsx, JSON or YAML)')
    .description(
      'check every portal home and service page at an interval until stopped; each check is stored at once',
    );
  addCheckOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Outcomes: up (2xx/3xx, 401), down (no answer, 404, 5xx; confirmed by a re-check), blocked (WAF/CDN
challenge, 403, 429, 451: excluded from uptime). Periods when the monitor was not running are gaps.
SIGTERM or Ctrl-C stops cleanly. See docs/uptime.md.

Examples:
  payesh monitor agencies.csv --interval 5m --db payesh.db
  payesh uptime agencies.csv --db payesh.db --from 1403/05/01 --to 1403/05/31`,
  );
  cmd.action(async (file: string, o: Record<string, unknown>) => {
    const { store, monitor, targets, log, intervalMs } = await setupChecks(file, o);
    const release = stopOnSignals(monitor, log);
    try {
      const session = await monitor.openSession();
      log.info({ session, pages: targets.length, intervalMs, db: o.db }, 'uptime monitor started');
      await monitor.run();
      log.info({ session }, 'uptime monitor stopped');
    } finally {
      release();
      await monitor.close();
      await store.close();
    }
  });
}
