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

// Users sign in with a password for a token. A name is unique within its project (and so within its
// shard on a distributed backend); sign-in finds it by name and domain, then by the scoped project.
sqliteMigrations.push({
  version: 3,
  name: 'users',
  sql: `
CREATE TABLE users (
  project_id TEXT NOT NULL REFERENCES projects(project_id),
  user_id TEXT NOT NULL,
  name TEXT NOT NULL,
  domain_id TEXT NOT NULL,
  domain_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('tenant', 'admin')),
  password_hash TEXT NOT NULL,
  token_generation INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (project_id, user_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX users_by_name ON users (project_id, name);
CREATE INDEX users_by_domain_name ON users (domain_name, name);
CREATE INDEX users_by_domain_id ON users (domain_id, name);
`,
});

sqliteMigrations.push({
  version: 4,
  name: 'tenant-resources-and-allocations',
  sql: `
CREATE INDEX packages_by_created ON packages (project_id, created_at, resource_id);
CREATE INDEX packages_by_expiry ON packages (project_id, expires_at);

-- Keyed by the service provider; the customer index serves the customer's view (assignrecourd).
CREATE TABLE allocations (
  project_id TEXT NOT NULL REFERENCES projects(project_id),
  allocation_id TEXT NOT NULL,
  source_resource_id TEXT NOT NULL,
  customer_project_id TEXT NOT NULL REFERENCES projects(project_id),
  customer_resource_id TEXT NOT NULL,
  allocated_amount INTEGER NOT NULL CHECK (allocated_amount > 0),
  reclaimed_amount INTEGER NOT NULL DEFAULT 0 CHECK (reclaimed_amount >= 0 AND reclaimed_amount <= allocated_amount),
  status TEXT NOT NULL CHECK (status IN ('active', 'reclaimed')),
  created_at INTEGER NOT NULL,
  reclaimed_at INTEGER,
  actor TEXT NOT NULL,
  request_id TEXT,
  PRIMARY KEY (project_id, allocation_id)
) WITHOUT ROWID;
CREATE INDEX allocations_by_customer ON allocations (customer_project_id, created_at, allocation_id);
CREATE UNIQUE INDEX allocations_by_customer_package ON allocations (customer_project_id, customer_resource_id);
`,
});

// Every usage record writes a journal entry, and each index of the journal is one more random B-tree page per
// entry (WAL frame, checkpoint copy). The package index served only `ledger check`, which now sums the journal
// in one sorted pass; listings go through journal_by_project (the listing's one statement, with its optional
// resource_id, never used the package index). Batches of 1,000 records: about a fifth less CPU.
sqliteMigrations.push({
  version: 5,
  name: 'journal-write-indexes',
  sql: `
DROP INDEX IF EXISTS journal_by_package;
`,
});
