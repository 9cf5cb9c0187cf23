// After the measurements: score the checklist and write the reports (both read only the store).
import type { Logger } from 'pino';
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
  ranking: { agencyId: string; name: string; total: number | null; rank: number | null; band: string | null }[];
  reports: string[];
  /** Lines to print for a person. */
  lines: string[];
}

export async function finishRun(store: Store, run: RunRecord, o: FinishOptions): Promise<FinishResult> {
  const out: FinishResult = { ranking: [], reports: [], lines: [] };
  if (o.score) {
    // Filled in by the scorer and report integration.
  }
  await store.setRunState(run.id, 'done');
  return out;
}
