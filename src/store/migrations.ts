// Versioned schema. Each entry runs once, in order, inside a transaction; never edit a released one,
// add a new version instead. Plain SQL shared by SQLite and PostgreSQL where it can be.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
CREATE TABLE periods (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  starts_on TEXT,
  ends_on TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  period_id TEXT REFERENCES periods(id),
  state TEXT NOT NULL,
  agencies_file TEXT NOT NULL,
  checklist_id TEXT,
  options_json TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE TABLE agencies (
  run_id TEXT NOT NULL REFERENCES runs(id),
  agency_id TEXT NOT NULL,
  name_fa TEXT NOT NULL,
  name_en TEXT,
  parent TEXT,
  portal_url TEXT NOT NULL,
  services_json TEXT NOT NULL,
  PRIMARY KEY (run_id, agency_id)
);
CREATE TABLE targets (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(id),
  agency_id TEXT NOT NULL,
  service_id TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  url TEXT NOT NULL,
  host TEXT NOT NULL,
  UNIQUE (run_id, agency_id, service_id, kind, url)
);
CREATE TABLE jobs (
  run_id TEXT NOT NULL REFERENCES runs(id),
  key TEXT NOT NULL,
  probe TEXT NOT NULL,
  target_id INTEGER NOT NULL REFERENCES targets(id),
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
);
CREATE TABLE measurements (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(id),
  target_id INTEGER NOT NULL REFERENCES targets(id),
  probe TEXT NOT NULL,
  url TEXT NOT NULL,
  values_json TEXT NOT NULL,
  evidence_json TEXT NOT NULL,
  error_type TEXT,
  error_message TEXT,
  tool_version TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  UNIQUE (run_id, target_id, probe)
);
CREATE TABLE monitor_sessions (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  last_beat_at TEXT NOT NULL,
  stopped_at TEXT,
  interval_ms INTEGER NOT NULL,
  agencies_file TEXT NOT NULL
);
CREATE TABLE uptime_checks (
  id INTEGER PRIMARY KEY,
  agency_id TEXT NOT NULL,
  service_id TEXT,
  url TEXT NOT NULL,
  checked_at TEXT NOT NULL,
  outcome TEXT NOT NULL,
  status INTEGER,
  response_ms REAL,
  reason TEXT,
  session_id INTEGER REFERENCES monitor_sessions(id)
);
CREATE INDEX uptime_checks_url_time ON uptime_checks (url, checked_at);
CREATE TABLE evaluator_inputs (
  id INTEGER PRIMARY KEY,
  period_id TEXT NOT NULL,
  checklist_id TEXT NOT NULL,
  agency_id TEXT NOT NULL,
  service_id TEXT,
  indicator_id TEXT NOT NULL,
  value REAL,
  not_applicable INTEGER NOT NULL DEFAULT 0,
  reason TEXT,
  note TEXT,
  evidence_url TEXT,
  author TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX evaluator_inputs_lookup ON evaluator_inputs (period_id, checklist_id, agency_id);
CREATE TABLE scores (
  run_id TEXT NOT NULL REFERENCES runs(id),
  checklist_id TEXT NOT NULL,
  agency_id TEXT NOT NULL,
  service_id TEXT NOT NULL DEFAULT '',
  indicator_id TEXT NOT NULL,
  value REAL,
  option_label TEXT,
  points REAL,
  source TEXT NOT NULL,
  details_json TEXT NOT NULL,
  PRIMARY KEY (run_id, checklist_id, agency_id, service_id, indicator_id)
);
CREATE TABLE scorecards (
  run_id TEXT NOT NULL REFERENCES runs(id),
  checklist_id TEXT NOT NULL,
  agency_id TEXT NOT NULL,
  total REAL,
  rank INTEGER,
  band TEXT,
  data_json TEXT NOT NULL,
  PRIMARY KEY (run_id, checklist_id, agency_id)
);
`,
  },
  {
    version: 2,
    name: 'run leases and crash counts',
    // One process owns a run at a time (a lease renewed while it works); a job that was running when
    // its process died counts a crash, so a job that kills the process every time is given up.
    sql: `
ALTER TABLE jobs ADD COLUMN crashes INTEGER NOT NULL DEFAULT 0;
CREATE TABLE run_leases (
  run_id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
`,
  },
];
