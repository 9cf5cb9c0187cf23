// payesh score RUN: score a stored run on a checklist, store the scores and print the ranking.
import { Option, type Command } from 'commander';
import { UsageError } from '../net/options.ts';
import { openExistingStore } from './validate.ts';
import { addDbOption, EXIT, printJson } from './common.ts';

interface ScoreOptions {
  db: string;
  checklist?: string;
  period?: string;
  missingAsZero?: boolean;
  failUnder?: string;
  json?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('score')
    .description('score a run on a checklist, store indicator values and scorecards, and print the ranking')
    .argument('<run>', 'run id')
    .addOption(
      new Option(
        '--checklist <id|file>',
        "checklist id or YAML file (default: the run's checklist, else ito-p7); ARO items that take the ITO result read the ito-p7 scores of the same period, so score ito-p7 first",
      ),
    )
    .option('--period <id>', "evaluation period whose evaluator input is used (default: the run's period)")
    .option(
      '--missing-as-zero',
      'count unverified indicators as 0 and give final totals (the official arithmetic); without it open points are listed and such totals are provisional',
    )
    .option('--fail-under <score>', 'exit 1 when any agency total (0-100) is below SCORE')
    .option('--json', 'machine-readable output');
  addDbOption(cmd);
  cmd.action(async (runId: string, o: ScoreOptions) => {
    const failUnder = o.failUnder === undefined ? undefined : Number(o.failUnder);
    if (failUnder !== undefined && !(failUnder >= 0 && failUnder <= 100))
      throw new UsageError(`--fail-under "${o.failUnder}": expected a number from 0 to 100`);
    const { loadChecklist, rankingTable, round, scoreRun, siteScoreJson } = await import('../score/index.ts');
    const store = await openExistingStore(o.db);
    try {
      const result = await scoreRun(store, runId, {
        checklistId: o.checklist,
        periodId: o.period,
        missingAsZero: o.missingAsZero === true,
      });
      const checklist = loadChecklist(o.checklist ?? result.checklistId);
      const below =
        failUnder === undefined
          ? []
          : result.agencies.filter((a) => a.total === null || round(a.total, 2) < failUnder);
      if (o.json) {
        printJson({
          run: runId,
          checklist: checklist.id,
          missingAsZero: result.missingAsZero,
          scoredAt: result.scoredAt,
          nationalMean: result.nationalMean === null ? null : round(result.nationalMean, 2),
          ...(failUnder !== undefined ? { failUnder, below: below.map((a) => a.agencyId) } : {}),
          agencies: result.agencies.map((a) => ({ rank: a.rank, nameFa: a.nameFa, ...siteScoreJson(a) })),
        });
      } else {
        process.stdout.write(
          `${checklist.title.en}\n${checklist.title.fa}\nrun ${runId}; ${result.agencies.length} agencies; ` +
            `unverified values ${result.missingAsZero ? 'counted as 0 (--missing-as-zero)' : 'open: totals with open points are provisional'}\n\n`,
        );
        process.stdout.write(rankingTable(checklist, result.agencies));
        if (result.nationalMean !== null)
          process.stdout.write(`\nmean of agency totals: ${round(result.nationalMean, 2).toFixed(2)}\n`);
        if (failUnder !== undefined)
          process.stdout.write(
            below.length
              ? `below ${failUnder}: ${below.map((a) => a.agencyId).join(', ')}\n`
              : `every agency is at or above ${failUnder}\n`,
          );
      }
      if (below.length) process.exitCode = EXIT.thresholdMissed;
    } finally {
      await store.close();
    }
  });
}
