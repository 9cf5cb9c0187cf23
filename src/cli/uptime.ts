// payesh uptime AGENCIES: uptime, coverage, outages, gaps and response times per page over a window.
import type { Command } from 'commander';
import { UsageError } from '../net/options.ts';
import { formatDuration, parseDuration } from '../probes/uptime/duration.ts';
import type { UptimeSummary } from '../probes/uptime/stats.ts';
import { formatJalali } from '../text/jalali.ts';
import { openExistingStore } from './validate.ts';
import { addDbOption, printJson } from './common.ts';

/** Coverage threshold and default window from the checklist's settings (uptimeCoverageMin, uptimePeriodDays). */
async function checklistSettings(id: string): Promise<{ minCoverage: number; days: number }> {
  const { loadChecklist } = await import('../score/checklists.ts');
  const { DEFAULT_MIN_COVERAGE, DEFAULT_PERIOD_DAYS } = await import('../probes/uptime/measurement.ts');
  const s = loadChecklist(id).settings;
  const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
  return {
    minCoverage: num(s.uptimeCoverageMin, DEFAULT_MIN_COVERAGE),
    days: num(s.uptimePeriodDays, DEFAULT_PERIOD_DAYS),
  };
}

const both = (iso: string) => `${formatJalali(new Date(iso), { time: true })} (${iso})`;
const pct = (x: number | null) => (x === null ? '-' : `${x.toFixed(2)}%`);

function verdict(s: UptimeSummary): 'ok' | 'insufficient-data' | 'no-data' {
  if (s.percent === null) return s.checks.made === 0 ? 'no-data' : 'insufficient-data';
  return s.sufficient ? 'ok' : 'insufficient-data';
}

function renderText(
  rows: { agencyId: string; serviceId: string | null; kind: string; url: string; s: UptimeSummary }[],
  head: string,
): string {
  const out = [head, ''];
  for (const { agencyId, serviceId, kind, url, s } of rows) {
    out.push(`${agencyId}${serviceId ? ` / ${serviceId}` : ''}  ${kind}  ${url}`);
    const v = verdict(s);
    const figures = `uptime ${pct(s.percent)}  coverage ${pct(s.coverage)}  checks ${s.checks.made}/${s.expectedChecks}  blocked ${pct(s.blockedPercent)}  response mean ${s.responseMs.mean ?? '-'} ms p95 ${s.responseMs.p95 ?? '-'} ms`;
    if (v === 'ok') out.push(`  ${figures}`);
    else if (v === 'no-data') out.push(`  no data: no checks in the window`);
    else if (s.percent === null)
      out.push(
        `  insufficient data: none of the ${s.checks.made} checks was conclusive (${s.checks.blocked} blocked, ${s.checks.error} refused by settings)`,
      );
    else out.push(`  insufficient data (coverage below ${s.minCoverage}%): ${figures}`);
    if (s.checks.recoveredOnRecheck)
      out.push(`  ${s.checks.recoveredOnRecheck} transient failure(s) recovered on re-check, counted up`);
    if (s.outages.length) {
      out.push(`  outages (${s.outages.length}):`);
      for (const g of s.outages.slice(0, 20))
        out.push(
          `    ${both(g.start)} → ${both(g.end)}  ${formatDuration(g.durationMs)}  ${g.reason}${g.ongoing ? '  (ongoing)' : g.endKnown ? '' : '  (end not observed)'}`,
        );
      if (s.outages.length > 20) out.push(`    … ${s.outages.length - 20} more (--json lists all)`);
    }
    if (s.gaps.length) {
      out.push(`  gaps (${s.gaps.length}, ${formatDuration(s.gapMs)}):`);
      for (const g of s.gaps.slice(0, 10))
        out.push(`    ${both(g.start)} → ${both(g.end)}  ${formatDuration(g.durationMs)}  ${g.cause}`);
      if (s.gaps.length > 10) out.push(`    … ${s.gaps.length - 10} more (--json lists all)`);
    }
    out.push('');
  }
  return out.join('\n');
}

export function register(program: Command): void {
  const cmd = program
    .command('uptime')
    .argument('<agencies>', 'agency list (CSV, Excel .xlsx, JSON or YAML)')
    .description(
      "uptime %, coverage, outages, gaps and response times per page from the monitor's stored checks",
    )
    .option(
      '--from <date>',
      'window start: Jalali 1403/05/01 or ISO 2024-07-22 (default: --to minus the checklist period)',
    )
    .option('--to <date>', 'window end; a bare date means the end of that day (default: now)')
    .option(
      '--interval <duration>',
      "interval the pages were meant to be checked at (default: the latest monitor session's)",
    )
    .option(
      '--checklist <id>',
      'checklist whose uptimeCoverageMin and uptimePeriodDays settings apply',
      'ito-p7',
    )
    .option(
      '--min-coverage <percent>',
      'coverage needed for a result (overrides the checklist setting)',
      parseFloat,
    )
    .option('--json', 'print JSON');
  addDbOption(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  payesh uptime agencies.csv --db payesh.db
  payesh uptime agencies.csv --db payesh.db --from 1403/05/01 --to 1403/05/31 --json`,
  );
  cmd.action(async (file: string, o: Record<string, unknown>) => {
    const settings = await checklistSettings(o.checklist as string);
    const minCoverage = (o.minCoverage as number | undefined) ?? settings.minCoverage;
    if (!Number.isFinite(minCoverage) || minCoverage < 0 || minCoverage > 100)
      throw new UsageError(`--min-coverage ${o.minCoverage}: expected 0 to 100`);
    const { pageUptime, parseWindow } = await import('../probes/uptime/measurement.ts');
    const intervalMs = o.interval ? parseDuration(o.interval as string, '--interval') : undefined;
    const { from, to } = parseWindow(o.from as string | undefined, o.to as string | undefined, settings.days);
    const { readAgencyListOrThrow } = await import('../agencies/load.ts');
    const { uptimeTargets } = await import('../probes/uptime/monitor.ts');
    const targets = uptimeTargets(await readAgencyListOrThrow(file));
    const store = await openExistingStore(o.db as string);
    try {
      const rows = [];
      for (const t of targets)
        rows.push({ ...t, s: await pageUptime(store, t, from, to, { minCoverage, intervalMs }) });
      if (o.json) {
        printJson({
          window: {
            from: from.toISOString(),
            to: to.toISOString(),
            fromJalali: formatJalali(from, { time: true }),
            toJalali: formatJalali(to, { time: true }),
          },
          minCoverage,
          pages: rows.map(({ s, ...t }) => ({ ...t, result: verdict(s), ...s })),
        });
      } else {
        const head = `uptime ${both(from.toISOString())} → ${both(to.toISOString())}; coverage needed ${minCoverage}%`;
        process.stdout.write(renderText(rows, head));
      }
    } finally {
      await store.close();
    }
  });
}
