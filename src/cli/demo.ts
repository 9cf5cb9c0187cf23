// payesh demo: serve the fictional agencies on loopback, audit them, print where the results are.
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildNetOptions, type NetOptions } from '../net/options.ts';
import { ROOT_DIR } from '../util/paths.ts';
import { auditAction } from './audit.ts';
import { addProbeOptions } from './probe-options.ts';

export function register(program: Command): void {
  const cmd = program
    .command('demo')
    .description(
      'start the demo world (three fictional agencies on loopback, HTTP and HTTPS with a test CA), audit it and write the report',
    )
    .option('--out <dir>', 'output folder', join('payesh-out', 'demo'))
    .option('--db <path>', 'SQLite file for the demo (default <out>/payesh.db)')
    .option('--checklist <id>', 'checklist to score', 'ito-p7')
    .option('--format <list>', 'report formats: html,csv,json,xlsx,pdf', 'html,csv,json,xlsx')
    .option('--lang <lang>', 'report language: fa or en', 'fa')
    .option('--serve', 'keep the demo world running after the audit (Ctrl-C to stop)', false)
    .option('--json', 'print the result as JSON on stdout')
    .option('--uptime-rounds <n>', 'uptime monitor rounds (one a second) before the audit', '5')
    .option('--no-progress', 'no progress bar');
  addProbeOptions(cmd);
  // One Lighthouse run per page keeps the demo short; audits default to three.
  cmd.setOptionValueWithSource('runs', 1, 'default');
  cmd.action(async (o: Record<string, unknown>) => {
    const { startDemoWorld } = await import('../../fixtures/demo-world/server.ts');
    const out = resolve(o.out as string);
    const world = await startDemoWorld({ ephemeral: true, dir: join(out, 'world') });
    try {
      if (!o.json) {
        process.stderr.write(`demo world: ${world.hosts.join(', ')} on 127.0.0.1 (CA ${world.caFile})\n`);
      }
      const net = buildNetOptions({ resolve: world.resolve, allowPrivate: true, extraCa: [world.caFile] });
      const db = (o.db as string | undefined) ?? join(out, 'payesh.db');
      // Uptime is measured over a period; the demo's period is a short monitor session run right now.
      const window = await monitorBriefly(world.agenciesFile, db, net, Number(o.uptimeRounds));
      // What cannot be crawled (self-declared figures) comes from an evaluator; the demo ships a sample.
      await importDemoInput(world.agenciesFile, db, o.checklist as string);
      const result = await auditAction(
        world.agenciesFile,
        {
          ...o,
          db,
          period: DEMO_PERIOD,
          score: true,
          externalLinks: 'skip',
          from: window.from,
          to: window.to,
        },
        { net },
      );
      if (!o.json && result.state === 'done') {
        const html = result.reports.find((r) => r.endsWith('.html'));
        process.stdout.write(`\nDemo finished. Open ${html ?? result.runDir} in a browser.\n`);
        process.stdout.write(
          `Explain a score: payesh explain A103 --db ${(o.db as string | undefined) ?? join(out, 'payesh.db')}\n`,
        );
      }
      if (o.serve) {
        process.stderr.write(
          `serving the demo world; --resolve ${world.resolve.join(' --resolve ')} --allow-private --extra-ca ${world.caFile}\n`,
        );
        await new Promise<void>((r) => process.once('SIGINT', () => r()));
      }
    } finally {
      await world.close();
    }
  });
}

/** Runs the uptime monitor for a few one-second rounds and returns the window it covered. */
async function monitorBriefly(
  agenciesFile: string,
  db: string,
  net: NetOptions,
  rounds: number,
): Promise<{ from: string; to: string }> {
  const [{ readAgencyListOrThrow }, { UptimeMonitor, uptimeTargets }, { SqliteStore }, { createLogger }] =
    await Promise.all([
      import('../agencies/load.ts'),
      import('../probes/uptime/index.ts'),
      import('../store/sqlite.ts'),
      import('../util/log.ts'),
    ]);
  const store = SqliteStore.open(db);
  const from = new Date().toISOString();
  const monitor = new UptimeMonitor(uptimeTargets(await readAgencyListOrThrow(agenciesFile)), {
    store,
    net,
    log: createLogger({ level: 'warn' }),
    // Rounds follow each other about a second apart, but on a busy machine one may take a few
    // seconds; a declared 5 s interval lets each check stand for the time until the next, so the
    // window stays covered (coverage is what indicator 2 requires) however slow the rounds are.
    intervalMs: 5000,
    jitterMs: 0,
    concurrency: 8,
    perHost: 2,
    confirmDelayMs: 0,
    agenciesFile,
  });
  let windowFrom = from;
  try {
    await monitor.openSession();
    for (let round = 1; round <= rounds; round++) {
      const started = Date.now();
      await monitor.runRound(round);
      await sleep(Math.max(0, 1000 - (Date.now() - started)));
    }
    // The window opens when every target has had its first check: on a busy machine starting the
    // monitor takes seconds, and that wait is the demo's, not an outage the sites should answer for.
    const first = new Map<string, string>();
    for (const c of await store.listUptimeChecks({ from }))
      if (!first.has(c.url) || c.checkedAt < first.get(c.url)!) first.set(c.url, c.checkedAt);
    for (const at of first.values()) if (at > windowFrom) windowFrom = at;
  } finally {
    await monitor.close();
    await store.close();
  }
  return { from: windowFrom, to: new Date().toISOString() };
}

const DEMO_PERIOD = 'demo';

async function importDemoInput(agenciesFile: string, db: string, checklistId: string): Promise<void> {
  const [{ readAgencyListOrThrow }, { loadChecklist, readInputFile }, { SqliteStore }] = await Promise.all([
    import('../agencies/load.ts'),
    import('../score/index.ts'),
    import('../store/sqlite.ts'),
  ]);
  const checklist = loadChecklist(checklistId);
  if (checklist.id !== 'ito-p7') return; // the sample answers ITO indicators only
  const rows = readInputFile(join(ROOT_DIR, 'fixtures', 'demo-evaluator-input.csv'), {
    checklist,
    agencies: await readAgencyListOrThrow(agenciesFile),
  });
  const store = SqliteStore.open(db);
  try {
    await store.ensurePeriod({ id: DEMO_PERIOD, name: 'demo' });
    const now = new Date().toISOString();
    for (const r of rows)
      await store.saveEvaluatorInput({
        ...r,
        periodId: DEMO_PERIOD,
        checklistId: checklist.id,
        author: 'demo evaluator',
        createdAt: now,
      });
  } finally {
    await store.close();
  }
}
