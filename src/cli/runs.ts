// payesh runs: the runs in the store, their state and job progress.
import type { Command } from 'commander';
import { formatJalali } from '../text/jalali.ts';
import { openExistingStore } from './validate.ts';
import { addDbOption, printJson } from './common.ts';
import { redactSecrets } from '../util/redact.ts';

export function register(program: Command): void {
  const cmd = program
    .command('runs')
    .description('list runs with their state and progress (jobs done, failed, pending)')
    .option('--json', 'machine-readable output');
  addDbOption(cmd);
  cmd.action(async (o: { db: string; json?: boolean }) => {
    const store = await openExistingStore(o.db);
    try {
      const rows = [];
      for (const r of await store.listRuns()) {
        const jobs = await store.listJobs(r.id);
        const count = (s: string) => jobs.filter((j) => j.state === s).length;
        rows.push({
          ...r,
          jobs: {
            total: jobs.length,
            done: count('done'),
            failed: count('failed'),
            pending: count('pending'),
            running: count('running'),
          },
        });
      }
      if (o.json) return printJson(rows);
      if (!rows.length) return void process.stdout.write(`no runs in ${redactSecrets(String(o.db))}\n`);
      for (const r of rows) {
        const when = formatJalali(new Date(r.createdAt), { time: true });
        const pct = r.jobs.total ? Math.round(((r.jobs.done + r.jobs.failed) / r.jobs.total) * 100) : 0;
        process.stdout.write(
          `${r.id}  ${r.state.padEnd(11)} ${when} (${r.createdAt.slice(0, 16)}Z)  jobs ${r.jobs.done + r.jobs.failed}/${r.jobs.total} (${pct} %)` +
            `  failed ${r.jobs.failed}  pending ${r.jobs.pending}${r.periodId ? `  period ${r.periodId}` : ''}  ${r.agenciesFile}\n`,
        );
      }
    } finally {
      await store.close();
    }
  });
}
