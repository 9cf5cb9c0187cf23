// The storage interface. SQLite implements it by default; a PostgreSQL implementation can be
// added without touching callers. Every method is async for that reason.
import type { Agency } from '../agencies/model.ts';
import type { Measurement, Target } from '../core/index.ts';

export type RunState = 'planned' | 'running' | 'interrupted' | 'done' | 'failed';
export type JobState = 'pending' | 'running' | 'done' | 'failed';

export interface RunRecord {
  id: string;
  periodId: string | null;
  state: RunState;
  agenciesFile: string;
  checklistId: string | null;
  options: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export type RunLease = { held: true } | { held: false; owner: string; expiresAt: string };

export interface JobRecord {
  runId: string;
  /** `${probe}:${targetId}` */
  key: string;
  probe: string;
  targetId: number;
  state: JobState;
  attempts: number;
  /** Times the process ended (killed, out of memory) while this job was running. */
  crashes: number;
  lastError: string | null;
  updatedAt: string;
}

export interface StoredMeasurement extends Measurement {
  id: number;
  runId: string;
  targetId: number;
}

export interface UptimeCheck {
  id?: number;
  agencyId: string;
  serviceId?: string | null;
  url: string;
  checkedAt: string;
  /** up | down | blocked | degraded (see docs/uptime.md) */
  outcome: string;
  status: number | null;
  responseMs: number | null;
  reason: string | null;
  sessionId: number | null;
}

export interface MonitorSession {
  id: number;
  startedAt: string;
  lastBeatAt: string;
  stoppedAt: string | null;
  intervalMs: number;
  agenciesFile: string;
}

export interface EvaluatorInput {
  id?: number;
  periodId: string;
  checklistId: string;
  agencyId: string;
  serviceId: string | null;
  indicatorId: string;
  /** Chosen option value, or null when notApplicable. */
  value: number | null;
  notApplicable: boolean;
  reason: string | null;
  note: string | null;
  evidenceUrl: string | null;
  author: string;
  createdAt: string;
}

export interface ScoreRow {
  agencyId: string;
  serviceId: string | null;
  indicatorId: string;
  value: number | null;
  option: string | null;
  points: number | null;
  /** auto | confirmed | overridden | input | missing | not-applicable | taken */
  source: string;
  details: Record<string, unknown>;
}

export interface Scorecard {
  agencyId: string;
  total: number | null;
  rank: number | null;
  band: string | null;
  /** Whole per-agency result (priorities, indicators, explanations) as the scorer produced it. */
  data: Record<string, unknown>;
}

export interface MeasurementFilter {
  probe?: string;
  targetId?: number;
  agencyId?: string;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  close(): Promise<void>;

  ensurePeriod(p: {
    id: string;
    name: string;
    startsOn?: string | null;
    endsOn?: string | null;
  }): Promise<void>;

  createRun(r: {
    id: string;
    periodId?: string | null;
    agenciesFile: string;
    checklistId?: string | null;
    options?: Record<string, unknown>;
  }): Promise<RunRecord>;
  getRun(id: string): Promise<RunRecord | undefined>;
  listRuns(): Promise<RunRecord[]>;
  setRunState(id: string, state: RunState): Promise<void>;

  saveAgencies(runId: string, agencies: Agency[]): Promise<void>;
  listAgencies(runId: string): Promise<Agency[]>;

  /** Adds targets (deduplicated on run, agency, service, kind, url) and returns all of them with ids. */
  addTargets(runId: string, targets: Target[]): Promise<Target[]>;
  listTargets(runId: string): Promise<Target[]>;

  /** Adds jobs that are not there yet; existing jobs keep their state. */
  addJobs(runId: string, jobs: { probe: string; targetId: number }[]): Promise<void>;
  listJobs(runId: string, state?: JobState): Promise<JobRecord[]>;
  /** One job, e.g. for a distributed worker to skip a job whose measurement is already stored. */
  getJob(runId: string, key: string): Promise<JobRecord | undefined>;
  setJobState(runId: string, key: string, state: JobState, lastError?: string | null): Promise<void>;
  /** Jobs left 'running' by a killed process go back to 'pending', counting a crash. Returns how many. */
  resetRunningJobs(runId: string): Promise<number>;
  /**
   * Take (or renew) the run's lease for owner until now + ttlMs. When another owner holds a lease
   * that has not expired, nothing changes and that owner is returned.
   */
  acquireRunLease(runId: string, owner: string, ttlMs: number): Promise<RunLease>;
  releaseRunLease(runId: string, owner: string): Promise<void>;

  /** Stores the measurement and marks its job done in one transaction (at most one per run/target/probe). */
  saveMeasurement(runId: string, targetId: number, m: Measurement): Promise<void>;
  listMeasurements(runId: string, filter?: MeasurementFilter): Promise<StoredMeasurement[]>;

  startMonitorSession(s: { intervalMs: number; agenciesFile: string }): Promise<number>;
  beatMonitorSession(id: number): Promise<void>;
  stopMonitorSession(id: number): Promise<void>;
  listMonitorSessions(from?: string, to?: string): Promise<MonitorSession[]>;
  recordUptimeCheck(c: UptimeCheck): Promise<void>;
  listUptimeChecks(f: {
    from?: string;
    to?: string;
    url?: string;
    agencyId?: string;
  }): Promise<UptimeCheck[]>;

  saveEvaluatorInput(i: EvaluatorInput): Promise<number>;
  listEvaluatorInputs(f: {
    periodId?: string;
    checklistId?: string;
    agencyId?: string;
  }): Promise<EvaluatorInput[]>;

  /** Replaces the scores of (run, checklist). */
  saveScores(runId: string, checklistId: string, rows: ScoreRow[], cards: Scorecard[]): Promise<void>;
  listScores(runId: string, checklistId: string): Promise<ScoreRow[]>;
  listScorecards(runId: string, checklistId: string): Promise<Scorecard[]>;
}
