// payesh worker: process the queued jobs of every active run (see `payesh audit --queue`), on as many
// machines as wanted, all writing to one store.
import { Command, Option } from 'commander';
import { UsageError } from '../net/options.ts';
import type { FleetWorker } from '../queue/bullmq.ts';
import { openStore } from '../store/open.ts';
import { addDbOption, addNetOptions, netFromOptions } from './common.ts';
import { RunBudgets } from '../audit/budget.ts';
import { addProbeOptions, probeSettingsFrom, runnerOptionsFrom } from './probe-options.ts';

const positive = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} ${v}: expected a positive number`);
  return n;
};

export function register(program: Command): void {
  const cmd = program
    .command('worker')
    .description(
      'measure the jobs that `payesh audit --queue` put on Redis; run any number of these, on any machines',
    )
    .requiredOption('--queue <redis-url>', 'Redis holding the job queues, e.g. redis://10.0.0.5:6379')
    .option(
      '--out <dir>',
      'output folder for evidence files (<dir>/runs/<run>); share it between machines to keep screenshots together',
      'payesh-out',
    )
    .option(
      '--run <ids>',
      'serve only these runs (comma separated; default: every active run)',
      (v: string) => v.split(',').filter(Boolean),
    )
    .option(
      '--exit-when-idle <seconds>',
      'exit after this long without any active run (default: keep waiting)',
      positive('--exit-when-idle'),
    )
    .addOption(
      new Option('--lock-duration <ms>', 'a job whose worker is silent this long is given to another worker')
        .default(30_000)
        .argParser(positive('--lock-duration')),
    )
    .addOption(
      new Option('--lease-ttl <ms>', 'a host slot held by a silent worker is freed after this long')
        .default(30_000)
        .argParser(positive('--lease-ttl')),
    );
  addProbeOptions(cmd);
  addDbOption(cmd);
  addNetOptions(cmd);
  cmd.addHelpText(
    'after',
    `
--per-host, --host-delay and --job-timeout here apply to jobs whose audit did not set them; --retries
is set by the audit. Politeness is fleet-wide: all workers together keep within --per-host per host.

Examples:
  payesh worker --queue redis://10.0.0.5:6379 --db postgres://payesh@10.0.0.5/payesh --concurrency 4
  payesh worker --queue redis://127.0.0.1:6379 --db postgres://payesh@127.0.0.1/payesh --only http,tls --exit-when-idle 60`,
  );
  cmd.action(async (o: Record<string, unknown>) => {
    await workerAction(o);
  });
}

async function workerAction(o: Record<string, unknown>): Promise<void> {
  const net = netFromOptions(o);
  const [{ workerProbes }, { FleetWorker }, { createLogger }] = await Promise.all([
    import('../audit/service.ts'),
    import('../queue/bullmq.ts'),
    import('../util/log.ts'),
  ]);
  const log = createLogger();
  const runner = runnerOptionsFrom(o);
  const store = await openStore(o.db as string);
  // Probes are built per checklist of the runs served (the audit service's rule), so each run's
  // settings (wcagLevel, lighthouseRuns ...) reach its probes.
  const probeSets = workerProbes({ net, log, ...probeSettingsFrom(o), store });
  const probeSet = await probeSets.initial();

  let worker: FleetWorker | undefined;
  try {
    let finish!: () => void;
    const finished = new Promise<void>((r) => (finish = r));
    worker = new FleetWorker({
      redisUrl: o.queue as string,
      store,
      probes: (runId) => probeSets.forRun(runId),
      net,
      log,
      outDir: o.out as string,
      concurrency: runner.concurrency!,
      browserConcurrency: runner.browserConcurrency!,
      defaults: {
        perHost: runner.perHost!,
        hostDelayMs: runner.hostDelayMs!,
        jobTimeoutMs: runner.jobTimeoutMs!,
      },
      budgets: new RunBudgets(runner),
      lockDurationMs: o.lockDuration as number,
      leaseTtlMs: o.leaseTtl as number,
      runs: o.run as string[] | undefined,
      ...(o.exitWhenIdle !== undefined
        ? { idleMs: (o.exitWhenIdle as number) * 1000, onIdle: () => finish() }
        : {}),
    });
    let signals = 0;
    const onSignal = (sig: string) => {
      signals++;
      log.warn(
        { signal: sig },
        signals === 1
          ? 'stopping: finishing the jobs in hand (signal again to abort them)'
          : 'aborting the jobs in hand; they return to the queue',
      );
      if (signals === 1) finish();
      else void worker?.close(true);
    };
    const onInt = () => onSignal('SIGINT');
    const onTerm = () => onSignal('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    try {
      await worker.start();
      log.info(
        { worker: worker.id, probes: probeSet.probes.map((p) => p.id), concurrency: runner.concurrency },
        'worker ready',
      );
      await finished;
      await worker.close(signals > 1);
      log.info({ worker: worker.id, ...worker.stats }, 'worker stopped');
    } finally {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    }
  } finally {
    await worker?.close(true).catch(() => {});
    await probeSets.close();
    await store.close();
  }
}
