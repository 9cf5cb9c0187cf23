// payesh probe AGENCIES: exactly one uptime round, then exit (for cron, systemd timers, scheduled CI).
import type { Command } from 'commander';
import { addCheckOptions, setupChecks, stopOnSignals } from './monitor.ts';
import { printJson } from './common.ts';

export function register(program: Command): void {
  const cmd = program
    .command('probe')
    .argument('<agencies>', 'agency list (CSV, Excel .xlsx, JSON or YAML)')
    .description(
      'one uptime round over every portal home and service page, then exit; --interval states how often it is scheduled',
    )
    .option('--json', 'print the round summary as JSON');
  addCheckOptions(cmd);
  cmd.addHelpText(
    'after',
    `
--interval must match the schedule (crontab, systemd timer): it tells the uptime arithmetic how long
each check stands for, and how many checks a window should have.

Example (crontab, every 5 minutes):
  */5 * * * * cd /srv/payesh && payesh probe agencies.csv --interval 5m --db payesh.db`,
  );
  cmd.action(async (file: string, o: Record<string, unknown>) => {
    const { store, monitor, log } = await setupChecks(file, o, o.json ? 'silent' : undefined);
    const release = stopOnSignals(monitor, log);
    try {
      await monitor.openSession();
      const summary = await monitor.runRound(1);
      if (o.json) printJson(summary);
      else
        process.stdout.write(
          `${summary.recorded} checks recorded in ${(summary.durationMs / 1000).toFixed(1)} s: ${summary.counts.up} up, ${summary.counts.down} down, ` +
            `${summary.counts.blocked} blocked, ${summary.counts.error} refused by settings${summary.abandoned ? `, ${summary.abandoned} abandoned` : ''}\n`,
        );
    } finally {
      release();
      await monitor.close();
      await store.close();
    }
  });
}
