// Versioned SQLite schema migrations, applied in order and recorded in schema_migrations.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

// Every table leads with project_id so each query touches one tenant's rows only
// (and the same layout distributes by project_id on PostgreSQL/Citus).
export const sqliteMigrations: Migration[] = [
  {
    version: 1,
    name: 'ledger',
    sql: `
CREATE TABLE projects (
  project_id TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  parent_project_id TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE credentials (
  project_id TEXT NOT NULL REFERENCES projects(project_id),
  access_key TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('tenant', 'service', 'admin')),
  secret_ciphertext BLOB NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (project_id, access_key)
) WITHOUT ROWID;
CREATE UNIQUE INDEX credentials_by_access_key ON credentials (access_key);

CREATE TABLE packages (
  project_id TEXT NOT NULL REFERENCES projects(project_id),
  resource_id TEXT NOT NULL,
  order_id TEXT,
  resource_type TEXT NOT NULL,
  business_type TEXT NOT NULL,
  sub_resource_type TEXT,
  is_sub_resource INTEGER NOT NULL CHECK (is_sub_resource IN (0, 1)),
  parent_resource_id TEXT,
  charging_mode TEXT NOT NULL,
  resource_source TEXT NOT NULL,
  unit TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount >= 0),
  usage INTEGER NOT NULL CHECK (usage >= 0 AND usage <= amount),
  status INTEGER NOT NULL DEFAULT 0 CHECK (status IN (0, 1)),
  effective_at INTEGER NOT NULL,
  expires_at INTEGER,
  bound_asset_id TEXT,
  bound_asset_name TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (project_id, resource_id)
) WITHOUT ROWID;

CREATE TABLE journal (
  entry_id INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  amount_delta INTEGER NOT NULL,
  usage_delta INTEGER NOT NULL,
  amount_after INTEGER NOT NULL,
  usage_after INTEGER NOT NULL,
  record_id TEXT,
  actor TEXT NOT NULL,
  request_id TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX journal_by_project ON journal (project_id, entry_id);
CREATE INDEX journal_by_package ON journal (project_id, resource_id, entry_id);

CREATE TABLE audit (
  audit_id INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id TEXT NOT NULL,
  action TEXT NOT NULL,
  target_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  request_id TEXT,
  source_address TEXT,
  detail TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX audit_by_project ON audit (project_id, audit_id);
`,
  },
];

sqliteMigrations.push({
  version: 2,
  name: 'metering',
  sql: `
ALTER TABLE projects ADD COLUMN on_demand_overflow TEXT NOT NULL DEFAULT '[]';

CREATE TABLE usage_records (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id TEXT NOT NULL REFERENCES projects(project_id),
  record_id TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  business_type TEXT,
  sub_resource_type TEXT,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  overflow_quantity INTEGER NOT NULL CHECK (overflow_quantity >= 0),
  allocations TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('applied', 'reversed')),
  occurred_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  reversed_at INTEGER,
  actor TEXT NOT NULL,
  request_id TEXT
);
CREATE UNIQUE INDEX usage_records_by_key ON usage_records (project_id, record_id);
CREATE INDEX usage_records_by_project ON usage_records (project_id, seq);
`,
});
