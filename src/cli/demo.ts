// payesh demo: serve the fictional agencies on loopback, audit them, print where the results are.
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { buildNetOptions } from '../net/options.ts';
import { auditAction } from './audit.ts';
import { addProbeOptions } from './probe-options.ts';

export function register(program: Command): void {
  const cmd = program
    .command('demo')
    .description('start the demo world (three fictional agencies on loopback, HTTP and HTTPS with a test CA), audit it and write the report')
    .option('--out <dir>', 'output folder', join('payesh-out', 'demo'))
    .option('--db <path>', 'SQLite file for the demo (default <out>/payesh.db)')
    .option('--checklist <id>', 'checklist to score', 'ito-p7')
    .option('--format <list>', 'report formats: html,csv,json,xlsx', 'html,csv,json,xlsx')
    .option('--lang <lang>', 'report language: fa or en', 'fa')
    .option('--serve', 'keep the demo world running after the audit (Ctrl-C to stop)', false)
    .option('--json', 'print the result as JSON on stdout')
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
      const result = await auditAction(
        world.agenciesFile,
        { ...o, db: (o.db as string | undefined) ?? join(out, 'payesh.db'), period: 'demo', score: true, externalLinks: 'skip' },
        { net },
      );
      if (!o.json && result.state === 'done') {
        const html = result.reports.find((r) => r.endsWith('.html'));
        process.stdout.write(`\nDemo finished. Open ${html ?? result.runDir} in a browser.\n`);
        process.stdout.write(`Explain a score: payesh explain A103 --db ${(o.db as string | undefined) ?? join(out, 'payesh.db')}\n`);
      }
      if (o.serve) {
        process.stderr.write(`serving the demo world; --resolve ${world.resolve.join(' --resolve ')} --allow-private --extra-ca ${world.caFile}\n`);
        await new Promise<void>((r) => process.once('SIGINT', () => r()));
      }
    } finally {
      await world.close();
    }
  });
}
