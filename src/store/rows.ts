// Row-to-record mappers shared by the SQLite and PostgreSQL stores (same column names in both).
import type { Target } from '../probes/types.ts';
import type { JobRecord, JobState, RunRecord, RunState, StoredMeasurement } from './repository.ts';

export type Row = Record<string, unknown>;

export function toRun(r: Row): RunRecord {
  return {
    id: r.id as string,
    periodId: (r.period_id as string) ?? null,
    state: r.state as RunState,
    agenciesFile: r.agencies_file as string,
    checklistId: (r.checklist_id as string) ?? null,
    options: JSON.parse(r.options_json as string),
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
