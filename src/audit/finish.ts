// After the measurements: score the checklist and write the reports (both read only the store).
import type { Logger } from 'pino';
import { loadChecklist, rankingTable, scoreRun, type AgencyResult } from '../score/index.ts';
import type { RunRecord, Store } from '../store/repository.ts';

export interface FinishOptions {
  score: boolean;
  checklistId: string;
  periodId: string | null;
  formats: string[];
  lang: string;
  runDir: string;
  log: Logger;
  missingAsZero?: boolean;
}

export interface FinishResult {
  ranking: {
    agencyId: string;
    name: string;
    total: number | null;
    rank: number | null;
    band: string | null;
    /** Points still open (unverified indicators) and whether the total is provisional. */
    provisional: boolean;
    openPoints: number;
  }[];
  results: AgencyResult[];
  reports: string[];
  /** Lines to print for a person. */
  lines: string[];
}

export async function finishRun(store: Store, run: RunRecord, o: FinishOptions): Promise<FinishResult> {
  const out: FinishResult = { ranking: [], results: [], reports: [], lines: [] };
  if (o.score) {
    const checklist = loadChecklist(o.checklistId);
    // The id or path given: a checklist file outside checklists/ must be found again by its path.
    const result = await scoreRun(store, run.id, {
      checklistId: o.checklistId,
      periodId: o.periodId,
      missingAsZero: o.missingAsZero ?? false,
    });
    out.results = result.agencies;
    out.ranking = result.agencies.map((a) => ({
      agencyId: a.agencyId,
      name: a.nameFa,
      total: a.total,
      rank: a.rank,
      band: a.band?.id ?? null,
      provisional: a.provisional,
      openPoints: a.missingPoints,
    }));
    out.lines.push(rankingTable(checklist, result.agencies));
    o.log.info({ run: run.id, checklist: checklist.id, agencies: result.agencies.length }, 'scored');
    if (o.formats.length) {
      const { renderReports } = await import('../report/index.ts');
      out.reports = await renderReports(store, run.id, {
        checklistId: o.checklistId,
        formats: o.formats as never,
        outDir: `${o.runDir}/report`,
        lang: o.lang as 'fa' | 'en',
      });
      o.log.info({ run: run.id, reports: out.reports }, 'reports written');
    }
  }
  await store.setRunState(run.id, 'done');
  return out;
}
