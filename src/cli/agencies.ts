// payesh agencies check FILE: validate an agency list and show what payesh will audit.
import type { Command } from 'commander';
import { EXIT, printJson } from './common.ts';

export function register(program: Command): void {
  const agencies = program.command('agencies').description('work with agency lists (CSV, JSON or YAML)');
  agencies
    .command('check')
    .description('validate an agency list and summarise it, or list every problem')
    .addHelpText(
      'after',
      `
Prints a summary of the normalised list and exits 0, or prints every problem as
FILE:LINE: field: message and exits 2. The format is described in docs/agency-list.md.

Examples:
  payesh agencies check agencies.csv
  payesh agencies check agencies.yaml --json`,
    )
    .argument('<file>', 'agency list: .csv/.tsv/.txt, .json, .yaml/.yml')
    .option('--json', 'print { ok, agencies, problems, warnings, summary } as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const { loadAgencyList } = await import('../agencies/load.ts');
      const { formatProblem, renderSummary, summarize } = await import('../agencies/report.ts');
      const result = await loadAgencyList(file);
      const ok = result.problems.length === 0;
      if (opts.json) {
        printJson({
          ok,
          agencies: result.agencies,
          problems: result.problems,
          warnings: result.warnings,
          summary: ok ? summarize(result.agencies) : undefined,
        });
      } else if (ok) {
        for (const w of result.warnings) process.stderr.write(`warning: ${formatProblem(w)}\n`);
        process.stdout.write(renderSummary(file, result.agencies) + '\n');
      } else {
        const lines = result.problems.map(formatProblem);
        const count = result.problems.length;
        lines.push(`${count} problem${count === 1 ? '' : 's'}; fix the list and run the check again`);
        process.stdout.write(lines.join('\n') + '\n');
      }
      if (!ok) process.exitCode = EXIT.usage;
    });
}
