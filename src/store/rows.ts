// Row-to-record mappers shared by the SQLite and PostgreSQL stores (same column names in both).
import type { Target } from '../core/index.ts';
import type {
  EvaluatorInput,
  JobRecord,
  JobState,
  MonitorSession,
  RunRecord,
  RunState,
  ScoreRow,
  Scorecard,
  StoredMeasurement,
  UptimeCheck,
} from './repository.ts';
import { redactDeep } from '../util/redact.ts';

export type Row = Record<string, unknown>;

export function toRun(r: Row): RunRecord {
  return {
    id: r.id as string,
    periodId: (r.period_id as string) ?? null,
    state: r.state as RunState,
    agenciesFile: r.agencies_file as string,
    checklistId: (r.checklist_id as string) ?? null,
    options: redactDeep(JSON.parse(r.options_json as string) as Record<string, unknown>),
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
    finishedAt: (r.finished_at as string) ?? null,
  };
}

export function toTarget(r: Row): Target {
  return {
    id: r.id as number,
    runId: r.run_id as string,
    agencyId: r.agency_id as string,
    serviceId: (r.service_id as string) || null,
    kind: r.kind as Target['kind'],
    url: r.url as string,
    host: r.host as string,
  };
}

export function toJob(r: Row): JobRecord {
  return {
    runId: r.run_id as string,
    key: r.key as string,
    probe: r.probe as string,
    targetId: r.target_id as number,
    state: r.state as JobState,
    attempts: r.attempts as number,
    crashes: Number(r.crashes ?? 0),
    lastError: (r.last_error as string) ?? null,
    updatedAt: r.updated_at as string,
  };
}

export function toMeasurement(r: Row): StoredMeasurement {
  return {
    id: r.id as number,
    runId: r.run_id as string,
    targetId: r.target_id as number,
    probe: r.probe as string,
    url: r.url as string,
    values: JSON.parse(r.values_json as string),
    evidence: JSON.parse(r.evidence_json as string),
    ...(r.error_type
      ? { error: { type: r.error_type as string, message: (r.error_message as string) ?? '' } }
      : {}),
    toolVersion: r.tool_version as string,
    startedAt: r.started_at as string,
    finishedAt: r.finished_at as string,
  };
}

export function toMonitorSession(r: Row): MonitorSession {
  return {
    id: r.id as number,
    startedAt: r.started_at as string,
    lastBeatAt: r.last_beat_at as string,
    stoppedAt: (r.stopped_at as string) ?? null,
    intervalMs: r.interval_ms as number,
    agenciesFile: r.agencies_file as string,
  };
}

export function toUptimeCheck(r: Row): UptimeCheck {
  return {
    id: r.id as number,
    agencyId: r.agency_id as string,
    serviceId: (r.service_id as string) ?? null,
    url: r.url as string,
    checkedAt: r.checked_at as string,
    outcome: r.outcome as string,
    status: (r.status as number) ?? null,
    responseMs: (r.response_ms as number) ?? null,
    reason: (r.reason as string) ?? null,
    sessionId: (r.session_id as number) ?? null,
  };
}

export function toEvaluatorInput(r: Row): EvaluatorInput {
  return {
    id: r.id as number,
    periodId: r.period_id as string,
    checklistId: r.checklist_id as string,
    agencyId: r.agency_id as string,
    serviceId: (r.service_id as string) ?? null,
    indicatorId: r.indicator_id as string,
    value: (r.value as number) ?? null,
    notApplicable: r.not_applicable === 1,
    reason: (r.reason as string) ?? null,
    note: (r.note as string) ?? null,
    evidenceUrl: (r.evidence_url as string) ?? null,
    author: r.author as string,
    createdAt: r.created_at as string,
  };
}

export function toScoreRow(r: Row): ScoreRow {
  return {
    agencyId: r.agency_id as string,
    serviceId: (r.service_id as string) || null,
    indicatorId: r.indicator_id as string,
    value: (r.value as number) ?? null,
    option: (r.option_label as string) ?? null,
    points: (r.points as number) ?? null,
    source: r.source as string,
    details: JSON.parse(r.details_json as string),
  };
}

export function toScorecard(r: Row): Scorecard {
  return {
    agencyId: r.agency_id as string,
    total: (r.total as number) ?? null,
    rank: (r.rank as number) ?? null,
    band: (r.band as string) ?? null,
    data: JSON.parse(r.data_json as string),
  };
}
