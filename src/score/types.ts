// Checklist model (what checklists/*.yaml hold once validated) and the scorer's result shape.
// The result shape is documented in docs/scoring.md; keep the two in step.
import type { Evidence, ProbeError } from '../core/index.ts';

export interface Bilingual {
  fa: string;
  en: string;
}

export type FactValue = number | string | boolean | null;

/** A value in a condition: a literal, or a reference to a checklist/indicator setting. */
export type Operand = number | string | boolean | { setting: string };

export type CompareOp = '>' | '>=' | '<' | '<=' | '==' | '!=';

/** Conditions are data: compare, equal, membership, all/any/not, or the catch-all "otherwise". */
export type Condition =
  | { fact: string; op: CompareOp; value: Operand }
  | { fact: string; eq: FactValue }
  | { fact: string; in: FactValue[] }
  | { fact: string; exists: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { otherwise: true };

export type Level = 'service' | 'portal' | 'agency';
export type Method = 'auto' | 'site' | 'decl';
/** Where a fact is read: the scored target itself, the portal home, all service pages, or the host of the target. */
/** `portal-and-services`: the portal home page together with the service pages (`over` chooses which). */
export type FactSource = 'self' | 'portal' | 'services' | 'host' | 'portal-and-services';
/** `worst`: the value earliest in the read's `order` (e.g. none before partial before full). */
export type Aggregate = 'mean' | 'min' | 'max' | 'all' | 'any' | 'first' | 'worst';

/**
 * Which service pages `from: services` (and `from: host`) look at: every listed service, or only the
 * agency's main service(s) (the agency list's `main` mark, else its first listed service). Seed 003
 * measured speed on the main service page (§3-8) and TLS on the main service site (§3-6).
 */
export type ServiceScope = 'all-services' | 'main-service';

/** How one fact is read for an indicator. */
export interface FactRead {
  from: FactSource;
  /** For `services` and `host`: all service pages (default) or the main service only. */
  over?: ServiceScope;
  aggregate: Aggregate;
  /** Where to look when `from` gives nothing. */
  fallback: FactSource | null;
  /** For `worst`: the values from worst to best. */
  order?: string[];
  /** Named derivation applied to the raw value (see derivations in facts.ts), e.g. "tlsGradeClass". */
  derive?: string;
}

export interface Option {
  value: number;
  label: Bilingual;
  /** Absent for options only an evaluator can choose. */
  when?: Condition;
}

export interface Indicator {
  id: string;
  title: Bilingual;
  priority: string;
  level: Level;
  weight: number;
  appliesToG2G: boolean;
  method: Method;
  options: Option[];
  /** Per-fact read rules; facts not listed are read with the level's default. */
  facts: Record<string, FactRead>;
  /** Must hold for the automatic value to count (e.g. uptime coverage); otherwise "not measured". */
  requires?: Condition;
  settings: Record<string, number | string | boolean>;
  /**
   * A service-level indicator of an agency that lists no services (e.g. `payesh site`): left out
   * (default) or scored once on the portal, where only its agency-wide options can hold.
   */
  withoutServices?: 'leave-out' | 'portal';
  note?: string;
  /** Weight printed by the source or derived (indicator 17 of ITO period 7). */
  weightDerived?: boolean;
  /**
   * What "not applicable" (G2G service, evaluator's عدم مصداق) means for this indicator: left out
   * and the priority rescaled (`score: omit`, the default), or scored at a fixed value, with the
   * source that says so.
   */
  notApplicable?: NotApplicablePolicy;
  /**
   * The item takes another checklist's result for the same agency and period when the store has one
   * (ARO items that the ARO text says are scored "by inquiring the ITO result"); otherwise payesh
   * measures it itself.
   */
  takesResultOf?: TakesResultOf;
}

export interface TakesResultOf {
  checklist: string;
  indicator: string;
  /** The other checklist's value → this item's value; a value not listed does not decide. */
  map: Record<string, number>;
  source: string;
}

/** A stored result of another checklist, looked up for an item with `takesResultOf`. */
export interface TakenResult {
  checklistId: string;
  indicatorId: string;
  runId: string;
  periodId: string;
  serviceId: string | null;
  value: number;
  option: Bilingual | null;
  scoredAt: string | null;
}

export interface NotApplicablePolicy {
  /** null: left out and the priority rescaled; a number: the value scored instead. */
  value: number | null;
  source: string;
}

export interface Priority {
  id: string;
  title: Bilingual;
  weight: number;
}

export interface Band {
  id: string;
  label: Bilingual;
  /** Inclusive lower bound on the 0-100 total. */
  min: number;
}

export interface Checklist {
  id: string;
  title: Bilingual;
  period: Bilingual;
  source?: string;
  /** The file it was loaded from. */
  file: string;
  settings: Record<string, number | string | boolean>;
  /**
   * Pages each probe's measurements serve (`measure:`), e.g. lighthouse: [portal, main-service];
   * a probe not listed measures every page it applies to.
   */
  measure: Record<string, ('portal' | 'main-service' | 'services')[]>;
  priorities: Priority[];
  indicators: Indicator[];
  bands: Band[];
}

// ---------- evaluator input as the scorer sees it ----------

export interface InputEntry {
  agencyId: string;
  serviceId: string | null;
  indicatorId: string;
  value: number | null;
  notApplicable: boolean;
  reason: string | null;
  note: string | null;
  evidenceUrl: string | null;
  author: string;
  createdAt: string;
}

// ---------- result ----------

export type ValueSource =
  | 'auto'
  | 'confirmed'
  | 'overridden'
  | 'input'
  | 'missing'
  | 'not-applicable'
  /** Taken from another checklist's stored result of the same period (see TakesResultOf). */
  | 'taken';

/**
 * Why a value is unverified (source "missing"): the site could not be reached (typed network error),
 * a probe failed, uptime coverage was below the threshold, a tool (browser) was missing, evaluator
 * input is needed, or the probe did not run at all.
 */
export type UnverifiedKind =
  'network' | 'probe-failed' | 'coverage' | 'tool-missing' | 'input-needed' | 'not-measured';

export interface Unverified {
  kind: UnverifiedKind;
  /** The typed error behind it, when there is one (e.g. "dns: getaddrinfo ENOTFOUND ..."). */
  error?: ProbeError;
  /** What would close it: which probe to re-run, which input to give. */
  close: Bilingual;
}

/** One indicator still open for an agency, with the points it could add and what would close it. */
export interface OpenItem {
  indicatorId: string;
  title: Bilingual;
  kind: UnverifiedKind;
  /** Services (or "portal") where it is open. */
  services: number;
  /** Points out of 100 it could still add to the agency total. */
  points: number;
  error?: ProbeError;
  close: Bilingual;
}

/** One fact as used by an indicator, with where it came from. */
export interface FactUse {
  fact: string;
  value: FactValue | undefined;
  /** How it was obtained, e.g. "mean of 3 service pages" or "portal home". */
  how: string;
  measurements: MeasurementRef[];
}

export interface MeasurementRef {
  id?: number;
  probe: string;
  url: string;
  toolVersion: string;
  finishedAt: string;
  evidence: Evidence[];
  error?: ProbeError;
}

export interface IndicatorRow {
  indicatorId: string;
  title: Bilingual;
  priority: string;
  level: Level;
  method: Method;
  weight: number;
  /** Weight after rescaling for not-applicable indicators of the same priority. */
  effectiveWeight: number;
  value: number | null;
  option: Bilingual | null;
  points: number | null;
  /** Points still open because the value is unverified (they count as zero in the total). */
  missingPoints: number;
  source: ValueSource;
  /** not-measured | no-input | g2g | evaluator | policy (for missing / not-applicable rows). */
  reason?: string;
  /** For source "missing": why it is unverified and what would close it. */
  unverified?: Unverified;
  autoValue: number | null;
  autoOption: Bilingual | null;
  /** Readable sentence: why this option (or why no value). */
  because: Bilingual;
  /** Readable sentence: what would raise it to the next option; null at the top. */
  next: Bilingual | null;
  facts: FactUse[];
  input: InputEntry | null;
  /** For source "taken": the other checklist's result the value came from. */
  taken?: TakenResult;
  errors: { probe: string; url: string; error: ProbeError }[];
}

export interface PriorityScore {
  id: string;
  title: Bilingual;
  weight: number;
  /** 0-100, or null when every indicator is not applicable. */
  score: number | null;
  missingPoints: number;
}

export interface ServiceResult {
  serviceId: string | null;
  title: string;
  type: string | null;
  /** True for the stand-in service of an agency with no listed services (portal-level indicators only). */
  pseudo: boolean;
  total: number | null;
  missingPoints: number;
  priorities: PriorityScore[];
  indicators: IndicatorRow[];
}

/** Per-indicator summary over the agency's services (used by siteScoreJson and compareScores). */
export interface IndicatorSummary {
  value: number | null;
  option: string | null;
  optionEn: string | null;
  source: ValueSource | 'mixed';
  points: number | null;
  services: number;
  missing: number;
}

export interface AgencyResult {
  agencyId: string;
  nameFa: string;
  nameEn?: string;
  checklistId: string;
  /**
   * Verified points out of 100 (unverified indicators add nothing). Null when the portal could not
   * be reached at all and unverified values are not counted as zero.
   */
  total: number | null;
  /** The total with unverified values counted as zero, whether or not `total` is shown. */
  verifiedTotal: number | null;
  /** True when points are still open and unverified values are not counted as zero. */
  provisional: boolean;
  /** The portal could not be reached at all: the typed error. Such agencies get no rank. */
  unreachable: ProbeError | null;
  /** Why the agency has no rank although it has a total (e.g. no services listed). */
  unranked: Bilingual | null;
  /** Indicators still open, with what would close them. */
  open: OpenItem[];
  /** total expressed in the checklist's points (sum of priority weights), e.g. out of 35 for ARO 1397. */
  totalPoints: number | null;
  maxPoints: number;
  rank: number | null;
  band: { id: string; label: Bilingual } | null;
  priorities: PriorityScore[];
  missingPoints: number;
  missingIndicators: number;
  missingAsZero: boolean;
  /** Why there is a pseudo-service, when there is one. */
  notes: string[];
  services: ServiceResult[];
  indicators: Record<string, IndicatorSummary>;
}

export interface ScoreResult {
  checklistId: string;
  checklistTitle: Bilingual;
  missingAsZero: boolean;
  scoredAt: string;
  agencies: AgencyResult[];
  /** Mean of the ranked agencies' totals, over those with a non-zero total (as the period-7 report did). */
  nationalMean: number | null;
}
