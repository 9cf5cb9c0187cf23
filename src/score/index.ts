// The scorer's public API for the audit, site and report commands.
export { DEFAULT_CHECKLIST, listChecklists, loadChecklist, parseChecklist } from './checklists.ts';
export { scoreAgencies, type ScoreAgenciesArgs } from './score-agencies.ts';
export {
  newestRunWithAgency,
  scoreRun,
  storedAgencyResults,
  toInputEntry,
  toStoreRows,
  type ScoreRunOptions,
} from './score-run.ts';
export {
  compareScores,
  comparisonText,
  siteScoreJson,
  type IndicatorChange,
  type ScoreComparison,
} from './compare.ts';
export { latestInputs, readInputFile, validateOneInput, type InputRow } from './inputs.ts';
export { explainText, rankingTable } from './text.ts';
export { round } from './aggregate.ts';
export type * from './types.ts';
