// payesh explain AGENCY [INDICATOR]: per indicator the value, the option chosen, the measurements
// and evidence behind it, the evaluator input, and what would raise it to the next option.
import { Option, type Command } from 'commander';
import { UsageError } from '../net/options.ts';
import type { AgencyResult } from '../score/types.ts';
import { openExistingStore } from './validate.ts';
import { addDbOption, printJson } from './common.ts';

export function register(program: Command): void {
  const cmd = program
    .command('explain')
    .description(
      "explain an agency's score indicator by indicator: value, option, evidence, evaluator input, next step",
    )
    .argument('<agency>', 'agency id')
    .argument('[indicator]', 'only this indicator (e.g. 3)')
    .option('--run <id>', 'run to explain (default: the newest run containing the agency)')
    .addOption(new Option('--checklist <id|file>', "checklist (default: the run's checklist, else ito-p7)"))
    .option(
      '--missing-as-zero',
      'count unverified indicators as 0 and give final totals (the official arithmetic); without it open points are listed and such totals are provisional',
    )
    .option('--json', 'machine-readable output');
  addDbOption(cmd);
  cmd.action(
    async (
      agencyId: string,
      indicatorId: string | undefined,
      o: { db: string; run?: string; checklist?: string; json?: boolean; missingAsZero?: boolean },
    ) => {
      const { explainText, loadChecklist, newestRunWithAgency, scoreRun, storedAgencyResults } =
        await import('../score/index.ts');
      const store = await openExistingStore(o.db);
      try {
        const run = o.run ? await store.getRun(o.run) : await newestRunWithAgency(store, agencyId);
        if (!run)
          throw new UsageError(
            o.run ? `no run "${o.run}" in the store` : `no run in the store contains agency "${agencyId}"`,
          );
        const checklist = loadChecklist(o.checklist ?? run.checklistId ?? undefined);
        if (indicatorId && !checklist.indicators.some((i) => i.id === indicatorId))
          throw new UsageError(
            `unknown indicator "${indicatorId}" in checklist ${checklist.id} (ids: ${checklist.indicators.map((i) => i.id).join(', ')})`,
          );
        let results = await storedAgencyResults(store, run.id, checklist.id);
        let stored = true;
        if (o.missingAsZero) {
          // Unverified counted as zero: score again without saving, so explain never changes the store.
          results = (
            await scoreRun(store, run.id, {
              checklistId: o.checklist ?? checklist.id,
              dryRun: true,
              missingAsZero: true,
            })
          ).agencies;
          stored = false;
        } else if (!results.some((a) => a.agencyId === agencyId)) {
          // Not scored yet on this checklist: score now without saving, so explain never changes the store.
          results = (
            await scoreRun(store, run.id, { checklistId: o.checklist ?? checklist.id, dryRun: true })
          ).agencies;
          stored = false;
        }
        const result: AgencyResult | undefined = results.find((a) => a.agencyId === agencyId);
        if (!result) throw new UsageError(`agency "${agencyId}" is not in run ${run.id}`);
        if (o.json) {
          const services = result.services.map((s) => ({
            ...s,
            indicators: s.indicators.filter((r) => !indicatorId || r.indicatorId === indicatorId),
          }));
          return printJson({ run: run.id, periodId: run.periodId, stored, ...result, services });
        }
        const context = `run ${run.id}${run.periodId ? `, period ${run.periodId}` : ''}${stored ? '' : ' (not stored yet: run payesh score to store it)'}`;
        process.stdout.write(explainText(checklist, result, indicatorId, context));
      } finally {
        await store.close();
      }
    },
  );
}
