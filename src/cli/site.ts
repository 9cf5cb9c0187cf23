// payesh site URL: audit one site, for an evaluator checking a disputed result, and show what changed.
import type { Command } from 'commander';
import type { Agency } from '../agencies/model.ts';
import { normalizeUrl } from '../agencies/url.ts';
import { UsageError } from '../net/options.ts';
import type { AgencyResult } from '../score/index.ts';
import { openStore } from '../store/open.ts';
import { auditAction } from './audit.ts';
import { addDbOption, addNetOptions, EXIT, netFromOptions, printJson } from './common.ts';
import { addProbeOptions } from './probe-options.ts';
import { redactSecrets } from '../util/redact.ts';

export function register(program: Command): void {
  const cmd = program
    .command('site')
    .argument('<url>', 'portal URL of the agency to audit')
    .description(
      'audit one site: every probe, the checklist score, and what changed against the stored result of the period',
    )
    .option(
      '--agencies <file>',
      'take the agency (id, name, services) from this list: the one whose portal is URL, or --agency',
    )
    .option(
      '--agency <id>',
      "agency id (default: found in --agencies or in the period's stored runs by portal host, else the host name)",
    )
    .option('--name <name>', 'Persian name when the agency is not in a list')
    .option('--checklist <id>', 'checklist to score', 'ito-p7')
    .option(
      '--period <id>',
      'evaluation period: the result is stored there and compared with the previous one',
    )
    .option('--out <dir>', 'output folder', 'payesh-out')
    .option('--format <list>', 'report formats (none by default)', '')
    .option('--lang <lang>', 'report language: fa or en', 'fa')
    .option('--json', 'print measurements, indicator values and changes as JSON')
    .option(
      '--missing-as-zero',
      'count unverified indicators as 0 and give final totals (the official arithmetic); without it open points are listed and such totals are provisional',
    )
    .option('--no-progress', 'no progress bar');
  addProbeOptions(cmd);
  addDbOption(cmd);
  addNetOptions(cmd);
  cmd.action(async (url: string, o: Record<string, unknown>) => {
    const norm = normalizeUrl(url);
    if (!norm.ok) throw new UsageError(`${url}: ${norm.message}`);
    const agency = await findAgency(norm.url, o);
    const outcome = await auditAction(
      undefined,
      { ...o, score: true },
      { net: netFromOptions(o), agencies: [agency], print: false },
    );
    if (outcome.state !== 'done') return;
    const { compareScores, comparisonText, siteScoreJson } = await import('../score/index.ts');
    const after = outcome.results.find((r) => r.agencyId === agency.id);
    if (!after) throw new Error(`no score for ${agency.id}`);
    if (after.unreachable && after.total === null) {
      // Nothing could be measured: no total (a zero would be the agency's fault, this is not).
      const e = after.unreachable;
      process.stderr.write(
        `${url}: could not be measured: ${e.type}: ${e.message}\n` +
          `no total: nothing on the site could be measured (exit ${EXIT.notMeasured}). Evidence: ${outcome.runDir}\n`,
      );
      if (o.json)
        printJson({
          run: outcome.runId,
          runDir: outcome.runDir,
          agency,
          ...siteScoreJson(after),
          notMeasured: e,
        });
      process.exitCode = EXIT.notMeasured;
      return;
    }
    const before = await previousResult(o, agency.id, outcome.runId, after.checklistId);
    const comparison = compareScores(before, after);
    const store = await openStore(o.db as string);
    try {
      const measurements = await store.listMeasurements(outcome.runId);
      if (o.json) {
        printJson({
          run: outcome.runId,
          runDir: outcome.runDir,
          agency,
          ...siteScoreJson(after),
          previous: before ? { total: before.total, rank: before.rank } : null,
          changes: comparison.indicators.filter((i) => i.changed),
          measurements,
          reports: outcome.reports,
        });
        return;
      }
      const total =
        after.total === null
          ? '—'
          : after.provisional
            ? `${after.total.toFixed(2)} verified, ${after.missingPoints.toFixed(2)} open (provisional)`
            : after.total.toFixed(2);
      process.stdout.write(
        `${agency.id} ${agency.nameFa}  ${after.checklistId}  total ${total}${after.band ? ` (${after.band.label.en})` : ''}\n`,
      );
      for (const [id, s] of Object.entries(after.indicators)) {
        process.stdout.write(
          `  ${id.padStart(3)}  ${s.value === null ? '—   ' : s.value.toFixed(2)}  ${s.source.padEnd(14)} ${s.optionEn ?? s.option ?? ''}\n`,
        );
      }
      if (after.missingIndicators) {
        process.stdout.write(
          `  unverified: ${after.missingIndicators} indicators, ${after.missingPoints.toFixed(2)} points${after.missingAsZero ? ' (counted as 0)' : ' open'}; what would close them:\n`,
        );
        for (const i of after.open ?? [])
          process.stdout.write(`    ${i.indicatorId.padStart(3)}  ${i.kind}: ${i.close.en}\n`);
      }
      process.stdout.write(
        `\n${before ? comparisonText(comparison) : 'no earlier result in this period to compare with'}\n`,
      );
      process.stdout.write(
        `\nevidence: ${outcome.runDir}\nexplain: payesh explain ${agency.id} --run ${outcome.runId} --db ${redactSecrets(String(o.db))}\n`,
      );
      for (const r of outcome.reports) process.stdout.write(`report: ${r}\n`);
    } finally {
      await store.close();
    }
  });
}

/** The agency to audit: from a list, from the period's stored runs, or made from the URL. */
async function findAgency(url: string, o: Record<string, unknown>): Promise<Agency> {
  const host = new URL(url).host;
  if (o.agencies) {
    const { readAgencyListOrThrow } = await import('../agencies/load.ts');
    const list = await readAgencyListOrThrow(o.agencies as string);
    const found = list.find((a) => (o.agency ? a.id === o.agency : new URL(a.portalUrl).host === host));
    if (!found)
      throw new UsageError(
        `${o.agencies}: no agency ${o.agency ? `with id ${o.agency}` : `with portal host ${host}`}`,
      );
    return found;
  }
  if (o.period) {
    const store = await openStore(o.db as string);
    try {
      for (const run of await store.listRuns()) {
        if (run.periodId !== o.period) continue;
        const found = (await store.listAgencies(run.id)).find((a) =>
          o.agency ? a.id === o.agency : new URL(a.portalUrl).host === host,
        );
        if (found) return { ...found, portalUrl: url };
      }
    } finally {
      await store.close();
    }
  }
  return {
    id: (o.agency as string | undefined) ?? host,
    nameFa: (o.name as string | undefined) ?? host,
    portalUrl: url,
    services: [],
  };
}

async function previousResult(
  o: Record<string, unknown>,
  agencyId: string,
  thisRun: string,
  checklistId: string,
): Promise<AgencyResult | null> {
  if (!o.period) return null;
  const store = await openStore(o.db as string);
  try {
    const runs = (await store.listRuns()).filter(
      (r) => r.periodId === o.period && r.id !== thisRun && r.state === 'done',
    );
    for (const run of runs) {
      const agencies = await store.listAgencies(run.id);
      if (!agencies.some((a) => a.id === agencyId)) continue;
      const { storedAgencyResults } = await import('../score/index.ts');
      const results = await storedAgencyResults(store, run.id, checklistId);
      const found = results.find((r) => r.agencyId === agencyId);
      if (found) return found;
    }
    return null;
  } finally {
    await store.close();
  }
}
