// The agency list: model, reading and validation.
export type { Agency, Service, ServiceType, ListProblem } from './model.ts';
export {
  AgencyListError,
  formatFromFileName,
  loadAgencyList,
  parseAgencyList,
  readAgencyListOrThrow,
  type AgencyListResult,
  type ListFormat,
} from './load.ts';
export { formatProblem, renderSummary, summarize, type ListSummary } from './report.ts';
export { normalizeUrl } from './url.ts';
