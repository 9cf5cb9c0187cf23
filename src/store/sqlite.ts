// SQLite implementation of the store: one file, WAL mode, nothing to install or start.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Agency } from '../agencies/model.ts';
import type { Measurement, Target } from '../core/index.ts';
import { migrations } from './migrations.ts';
import {
  toEvaluatorInput,
  toJob,
  toMeasurement,
  toMonitorSession,
  toRun,
  toScoreRow,
  toScorecard,
  toTarget,
  toUptimeCheck,
  type Row,
} from './rows.ts';
import type {
  EvaluatorInput,
  JobRecord,
  JobState,
  MeasurementFilter,
  MonitorSession,
  RunRecord,
  RunState,
  ScoreRow,
  Scorecard,
  Store,
  StoredMeasurement,
  UptimeCheck,
  RunLease,
} from './repository.ts';

const now = () => new Date().toISOString();

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly db: Database.Database;

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // NORMAL is durable across process kills in WAL mode (only an OS crash can lose the last commit).
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 10000');
    this.migrate();
  }

  static open(path: string): SqliteStore {
    return new SqliteStore(path);
  }

  private migrate(): void {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const done = new Set(
      this.db
        .prepare('SELECT version FROM schema_migrations')
        .all()
        .map((r) => (r as Row).version as number),
    );
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      this.db
        .transaction(() => {
          this.db.exec(m.sql);
          this.db
            .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
            .run(m.version, m.name, now());
        })
        .immediate();
    }
  }

  schemaVersion(): number {
    return (this.db.prepare('SELECT MAX(version) v FROM schema_migrations').get() as Row).v as number;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async ensurePeriod(p: {
    id: string;
    name: string;
    startsOn?: string | null;
    endsOn?: string | null;
  }): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO periods (id, name, starts_on, ends_on, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name,
           starts_on = COALESCE(excluded.starts_on, periods.starts_on), ends_on = COALESCE(excluded.ends_on, periods.ends_on)`,
      )
      .run(p.id, p.name, p.startsOn ?? null, p.endsOn ?? null, now());
  }

  async createRun(r: {
    id: string;
    periodId?: string | null;
    agenciesFile: string;
    checklistId?: string | null;
    options?: Record<string, unknown>;
  }): Promise<RunRecord> {
    const t = now();
    this.db
      .prepare(
        'INSERT INTO runs (id, period_id, state, agencies_file, checklist_id, options_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        r.id,
        r.periodId ?? null,
        'planned',
        r.agenciesFile,
        r.checklistId ?? null,
        JSON.stringify(r.options ?? {}),
        t,
        t,
      );
    return (await this.getRun(r.id))!;
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const r = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as Row | undefined;
    return r ? toRun(r) : undefined;
  }

  async listRuns(): Promise<RunRecord[]> {
    return (this.db.prepare('SELECT * FROM runs ORDER BY created_at DESC').all() as Row[]).map(toRun);
  }

  async setRunState(id: string, state: RunState): Promise<void> {
    const t = now();
    const finished = state === 'done' || state === 'failed' ? t : null;
    this.db
      .prepare('UPDATE runs SET state = ?, updated_at = ?, finished_at = ? WHERE id = ?')
      .run(state, t, finished, id);
  }

  async saveAgencies(runId: string, agencies: Agency[]): Promise<void> {
    const ins = this.db.prepare(
      `INSERT INTO agencies (run_id, agency_id, name_fa, name_en, parent, portal_url, services_json) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(run_id, agency_id) DO NOTHING`,
    );
    this.db.transaction(() => {
      for (const a of agencies)
        ins.run(
          runId,
          a.id,
          a.nameFa,
          a.nameEn ?? null,
          a.parent ?? null,
          a.portalUrl,
          JSON.stringify(a.services),
        );
    })();
  }

  async listAgencies(runId: string): Promise<Agency[]> {
    return (
      this.db.prepare('SELECT * FROM agencies WHERE run_id = ? ORDER BY rowid').all(runId) as Row[]
    ).map((r) => ({
      id: r.agency_id as string,
      nameFa: r.name_fa as string,
      ...(r.name_en ? { nameEn: r.name_en as string } : {}),
      ...(r.parent ? { parent: r.parent as string } : {}),
      portalUrl: r.portal_url as string,
      services: JSON.parse(r.services_json as string),
    }));
  }

  async addTargets(runId: string, targets: Target[]): Promise<Target[]> {
    const ins = this.db.prepare(
      `INSERT INTO targets (run_id, agency_id, service_id, kind, url, host) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(run_id, agency_id, service_id, kind, url) DO NOTHING`,
    );
    this.db.transaction(() => {
      for (const t of targets) ins.run(runId, t.agencyId, t.serviceId ?? '', t.kind, t.url, t.host);
    })();
    return this.listTargets(runId);
  }

  async listTargets(runId: string): Promise<Target[]> {
    return (this.db.prepare('SELECT * FROM targets WHERE run_id = ? ORDER BY id').all(runId) as Row[]).map(
      toTarget,
    );
  }

  async addJobs(runId: string, jobs: { probe: string; targetId: number }[]): Promise<void> {
    const ins = this.db.prepare(
      `INSERT INTO jobs (run_id, key, probe, target_id, state, attempts, updated_at) VALUES (?, ?, ?, ?, 'pending', 0, ?)
       ON CONFLICT(run_id, key) DO NOTHING`,
    );
    const t = now();
    this.db.transaction(() => {
      for (const j of jobs) ins.run(runId, `${j.probe}:${j.targetId}`, j.probe, j.targetId, t);
    })();
  }

  async listJobs(runId: string, state?: JobState): Promise<JobRecord[]> {
    const rows = (
      state
        ? this.db
            .prepare('SELECT * FROM jobs WHERE run_id = ? AND state = ? ORDER BY rowid')
            .all(runId, state)
        : this.db.prepare('SELECT * FROM jobs WHERE run_id = ? ORDER BY rowid').all(runId)
    ) as Row[];
    return rows.map(toJob);
  }

  async getJob(runId: string, key: string): Promise<JobRecord | undefined> {
    const r = this.db.prepare('SELECT * FROM jobs WHERE run_id = ? AND key = ?').get(runId, key) as
      Row | undefined;
    return r ? toJob(r) : undefined;
  }

  async setJobState(
    runId: string,
    key: string,
    state: JobState,
    lastError: string | null = null,
  ): Promise<void> {
    const bump = state === 'running' ? 1 : 0;
    this.db
      .prepare(
        'UPDATE jobs SET state = ?, attempts = attempts + ?, last_error = COALESCE(?, last_error), updated_at = ? WHERE run_id = ? AND key = ?',
      )
      .run(state, bump, lastError, now(), runId, key);
  }

  async resetRunningJobs(runId: string): Promise<number> {
    return this.db
      .prepare(
        `UPDATE jobs SET state = 'pending', crashes = crashes + 1, updated_at = ? WHERE run_id = ? AND state = 'running'`,
      )
      .run(now(), runId).changes;
  }

  async acquireRunLease(runId: string, owner: string, ttlMs: number): Promise<RunLease> {
    const t = Date.now();
    return this.db
      .transaction((): RunLease => {
        const cur = this.db
          .prepare('SELECT owner, expires_at FROM run_leases WHERE run_id = ?')
          .get(runId) as Row | undefined;
        if (cur && cur.owner !== owner && Date.parse(cur.expires_at as string) > t)
          return { held: false, owner: cur.owner as string, expiresAt: cur.expires_at as string };
        this.db
          .prepare(
            'INSERT INTO run_leases (run_id, owner, expires_at) VALUES (?, ?, ?) ON CONFLICT (run_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at',
          )
          .run(runId, owner, new Date(t + ttlMs).toISOString());
        return { held: true };
      })
      .immediate();
  }

  async releaseRunLease(runId: string, owner: string): Promise<void> {
    this.db.prepare('DELETE FROM run_leases WHERE run_id = ? AND owner = ?').run(runId, owner);
  }

  async saveMeasurement(runId: string, targetId: number, m: Measurement): Promise<void> {
    this.db
      .transaction(() => {
        this.db
          .prepare(
            `INSERT INTO measurements (run_id, target_id, probe, url, values_json, evidence_json, error_type, error_message, tool_version, started_at, finished_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(run_id, target_id, probe) DO UPDATE SET url = excluded.url, values_json = excluded.values_json,
             evidence_json = excluded.evidence_json, error_type = excluded.error_type, error_message = excluded.error_message,
             tool_version = excluded.tool_version, started_at = excluded.started_at, finished_at = excluded.finished_at`,
          )
          .run(
            runId,
            targetId,
            m.probe,
            m.url,
            JSON.stringify(m.values),
            JSON.stringify(m.evidence),
            m.error?.type ?? null,
            m.error?.message ?? null,
            m.toolVersion,
            m.startedAt,
            m.finishedAt,
          );
        this.db
          .prepare(`UPDATE jobs SET state = ?, last_error = ?, updated_at = ? WHERE run_id = ? AND key = ?`)
          .run(
            m.error ? 'failed' : 'done',
            m.error ? `${m.error.type}: ${m.error.message}` : null,
            now(),
            runId,
            `${m.probe}:${targetId}`,
          );
      })
      .immediate();
  }

  async listMeasurements(runId: string, f: MeasurementFilter = {}): Promise<StoredMeasurement[]> {
    let sql = 'SELECT m.* FROM measurements m JOIN targets t ON t.id = m.target_id WHERE m.run_id = ?';
    const args: unknown[] = [runId];
    if (f.probe) {
      sql += ' AND m.probe = ?';
      args.push(f.probe);
    }
    if (f.targetId !== undefined) {
      sql += ' AND m.target_id = ?';
      args.push(f.targetId);
    }
    if (f.agencyId) {
      sql += ' AND t.agency_id = ?';
      args.push(f.agencyId);
    }
    return (this.db.prepare(sql + ' ORDER BY m.id').all(...args) as Row[]).map(toMeasurement);
  }

  async startMonitorSession(s: { intervalMs: number; agenciesFile: string }): Promise<number> {
    const t = now();
    return Number(
      this.db
        .prepare(
          'INSERT INTO monitor_sessions (started_at, last_beat_at, interval_ms, agencies_file) VALUES (?, ?, ?, ?)',
        )
        .run(t, t, s.intervalMs, s.agenciesFile).lastInsertRowid,
    );
  }

  async beatMonitorSession(id: number): Promise<void> {
    this.db.prepare('UPDATE monitor_sessions SET last_beat_at = ? WHERE id = ?').run(now(), id);
  }

  async stopMonitorSession(id: number): Promise<void> {
    const t = now();
    this.db
      .prepare('UPDATE monitor_sessions SET last_beat_at = ?, stopped_at = ? WHERE id = ?')
      .run(t, t, id);
  }

  async listMonitorSessions(from?: string, to?: string): Promise<MonitorSession[]> {
    const rows = this.db
      .prepare(
        'SELECT * FROM monitor_sessions WHERE last_beat_at >= ? AND started_at <= ? ORDER BY started_at',
      )
      .all(from ?? '0000', to ?? '9999') as Row[];
    return rows.map(toMonitorSession);
  }

  async recordUptimeCheck(c: UptimeCheck): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO uptime_checks (agency_id, service_id, url, checked_at, outcome, status, response_ms, reason, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        c.agencyId,
        c.serviceId ?? null,
        c.url,
        c.checkedAt,
        c.outcome,
        c.status,
        c.responseMs,
        c.reason,
        c.sessionId,
      );
  }

  async listUptimeChecks(f: {
    from?: string;
    to?: string;
    url?: string;
    agencyId?: string;
  }): Promise<UptimeCheck[]> {
    let sql = 'SELECT * FROM uptime_checks WHERE checked_at >= ? AND checked_at <= ?';
    const args: unknown[] = [f.from ?? '0000', f.to ?? '9999'];
    if (f.url) {
      sql += ' AND url = ?';
      args.push(f.url);
    }
    if (f.agencyId) {
      sql += ' AND agency_id = ?';
      args.push(f.agencyId);
    }
    return (this.db.prepare(sql + ' ORDER BY checked_at, id').all(...args) as Row[]).map(toUptimeCheck);
  }

  async saveEvaluatorInput(i: EvaluatorInput): Promise<number> {
    return Number(
      this.db
        .prepare(
          `INSERT INTO evaluator_inputs (period_id, checklist_id, agency_id, service_id, indicator_id, value, not_applicable, reason, note, evidence_url, author, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          i.periodId,
          i.checklistId,
          i.agencyId,
          i.serviceId,
          i.indicatorId,
          i.value,
          i.notApplicable ? 1 : 0,
          i.reason,
          i.note,
          i.evidenceUrl,
          i.author,
          i.createdAt,
        ).lastInsertRowid,
    );
  }

  async listEvaluatorInputs(f: {
    periodId?: string;
    checklistId?: string;
    agencyId?: string;
  }): Promise<EvaluatorInput[]> {
    let sql = 'SELECT * FROM evaluator_inputs WHERE 1 = 1';
    const args: unknown[] = [];
    if (f.periodId) {
      sql += ' AND period_id = ?';
      args.push(f.periodId);
    }
    if (f.checklistId) {
      sql += ' AND checklist_id = ?';
      args.push(f.checklistId);
    }
    if (f.agencyId) {
      sql += ' AND agency_id = ?';
      args.push(f.agencyId);
    }
    return (this.db.prepare(sql + ' ORDER BY id').all(...args) as Row[]).map(toEvaluatorInput);
  }

  async saveScores(runId: string, checklistId: string, rows: ScoreRow[], cards: Scorecard[]): Promise<void> {
    this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM scores WHERE run_id = ? AND checklist_id = ?').run(runId, checklistId);
        this.db
          .prepare('DELETE FROM scorecards WHERE run_id = ? AND checklist_id = ?')
          .run(runId, checklistId);
        const ins = this.db.prepare(
          `INSERT INTO scores (run_id, checklist_id, agency_id, service_id, indicator_id, value, option_label, points, source, details_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        for (const r of rows)
          ins.run(
            runId,
            checklistId,
            r.agencyId,
            r.serviceId ?? '',
            r.indicatorId,
            r.value,
            r.option,
            r.points,
            r.source,
            JSON.stringify(r.details),
          );
        const card = this.db.prepare(
          'INSERT INTO scorecards (run_id, checklist_id, agency_id, total, rank, band, data_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
        );
        for (const c of cards)
          card.run(runId, checklistId, c.agencyId, c.total, c.rank, c.band, JSON.stringify(c.data));
      })
      .immediate();
  }

  async listScores(runId: string, checklistId: string): Promise<ScoreRow[]> {
    return (
      this.db
        .prepare('SELECT * FROM scores WHERE run_id = ? AND checklist_id = ? ORDER BY rowid')
        .all(runId, checklistId) as Row[]
    ).map(toScoreRow);
  }

  async listScorecards(runId: string, checklistId: string): Promise<Scorecard[]> {
    return (
      this.db
        .prepare(
          'SELECT * FROM scorecards WHERE run_id = ? AND checklist_id = ? ORDER BY rank IS NULL, rank, agency_id',
        )
        .all(runId, checklistId) as Row[]
    ).map(toScorecard);
  }
}
