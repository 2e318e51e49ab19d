// Versioned PostgreSQL schema migrations, numbered like the SQLite ones (same tables, same columns, same meaning).
import type { Migration } from '../../sqlite/migrations/index.js';

// Text compares byte by byte (COLLATE "C"), as in SQLite: list orders, markers and resources-usage rows match exactly
// whatever the database's locale. Every table leads with project_id, in its primary key too, so it can be
// distributed by project_id on Citus (which requires the distribution column in every unique constraint).
const text = 'TEXT COLLATE "C"';

export const postgresMigrations: Migration[] = [
  {
    version: 1,
    name: 'ledger',
    sql: `
CREATE TABLE projects (
  project_id ${text} NOT NULL PRIMARY KEY,
  name ${text} NOT NULL,
  parent_project_id ${text},
  status ${text} NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE credentials (
  project_id ${text} NOT NULL REFERENCES projects(project_id),
  access_key ${text} NOT NULL,
  role ${text} NOT NULL CHECK (role IN ('tenant', 'service', 'admin')),
  secret_ciphertext BYTEA NOT NULL,
  status ${text} NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (project_id, access_key)
);
CREATE UNIQUE INDEX credentials_by_access_key ON credentials (access_key);

CREATE TABLE packages (
  project_id ${text} NOT NULL REFERENCES projects(project_id),
  resource_id ${text} NOT NULL,
  order_id ${text},
  resource_type ${text} NOT NULL,
  business_type ${text} NOT NULL,
  sub_resource_type ${text},
  is_sub_resource BOOLEAN NOT NULL,
  parent_resource_id ${text},
  charging_mode ${text} NOT NULL,
  resource_source ${text} NOT NULL,
  unit ${text} NOT NULL,
  amount BIGINT NOT NULL CHECK (amount >= 0),
  usage BIGINT NOT NULL CHECK (usage >= 0 AND usage <= amount),
  status SMALLINT NOT NULL DEFAULT 0 CHECK (status IN (0, 1)),
  effective_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ,
  bound_asset_id ${text},
  bound_asset_name ${text},
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (project_id, resource_id)
);
-- Consumption looks packages up by type; SQLite scans the project's primary-key range instead.
CREATE INDEX packages_by_type ON packages (project_id, resource_type, business_type);

CREATE TABLE journal (
  project_id ${text} NOT NULL,
  entry_id BIGSERIAL NOT NULL,
  resource_id ${text} NOT NULL,
  kind ${text} NOT NULL,
  amount_delta BIGINT NOT NULL,
  usage_delta BIGINT NOT NULL,
  amount_after BIGINT NOT NULL,
  usage_after BIGINT NOT NULL,
  record_id ${text},
  actor ${text} NOT NULL,
  request_id ${text},
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (project_id, entry_id)
);
CREATE INDEX journal_by_package ON journal (project_id, resource_id, entry_id);

CREATE TABLE audit (
  project_id ${text} NOT NULL,
  audit_id BIGSERIAL NOT NULL,
  action ${text} NOT NULL,
  target_id ${text} NOT NULL,
  actor ${text} NOT NULL,
  request_id ${text},
  source_address ${text},
  detail JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (project_id, audit_id)
);
`,
  },
  {
    version: 2,
    name: 'metering',
    sql: `
ALTER TABLE projects ADD COLUMN on_demand_overflow JSONB NOT NULL DEFAULT '[]';

CREATE TABLE usage_records (
  project_id ${text} NOT NULL REFERENCES projects(project_id),
  seq BIGSERIAL NOT NULL,
  record_id ${text} NOT NULL,
  resource_type ${text} NOT NULL,
  business_type ${text},
  sub_resource_type ${text},
  quantity BIGINT NOT NULL CHECK (quantity > 0),
  overflow_quantity BIGINT NOT NULL CHECK (overflow_quantity >= 0),
  allocations JSONB NOT NULL,
  fingerprint ${text} NOT NULL,
  status ${text} NOT NULL CHECK (status IN ('applied', 'reversed')),
  occurred_at TIMESTAMPTZ NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  reversed_at TIMESTAMPTZ,
  actor ${text} NOT NULL,
  request_id ${text},
  PRIMARY KEY (project_id, seq)
);
CREATE UNIQUE INDEX usage_records_by_key ON usage_records (project_id, record_id);
`,
  },
];

// Users, as SQLite's version 3. Unique constraints lead with project_id (Citus); sign-in looks up by domain and name.
postgresMigrations.push({
  version: 3,
  name: 'users',
  sql: `
CREATE TABLE users (
  project_id ${text} NOT NULL REFERENCES projects(project_id),
  user_id ${text} NOT NULL,
  name ${text} NOT NULL,
  domain_id ${text} NOT NULL,
  domain_name ${text} NOT NULL,
  role ${text} NOT NULL CHECK (role IN ('tenant', 'admin')),
  password_hash ${text} NOT NULL,
  token_generation BIGINT NOT NULL DEFAULT 0,
  status ${text} NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (project_id, user_id)
);
CREATE UNIQUE INDEX users_by_name ON users (project_id, name);
CREATE INDEX users_by_domain_name ON users (domain_name, name);
CREATE INDEX users_by_domain_id ON users (domain_id, name);
-- The audit listing across all projects pages by audit_id alone.
CREATE INDEX audit_by_id ON audit (audit_id);
`,
});

postgresMigrations.push({
  version: 4,
  name: 'tenant-resources-and-allocations',
  sql: `
CREATE INDEX packages_by_created ON packages (project_id, created_at, resource_id);
CREATE INDEX packages_by_expiry ON packages (project_id, expires_at);

-- Keyed by the service provider; the customer index serves the customer's view (assignrecourd). No foreign key to
-- the customer's project: on Citus the two projects may live on different shards.
CREATE TABLE allocations (
  project_id ${text} NOT NULL REFERENCES projects(project_id),
  allocation_id ${text} NOT NULL,
  source_resource_id ${text} NOT NULL,
  customer_project_id ${text} NOT NULL,
  customer_resource_id ${text} NOT NULL,
  allocated_amount BIGINT NOT NULL CHECK (allocated_amount > 0),
  reclaimed_amount BIGINT NOT NULL DEFAULT 0 CHECK (reclaimed_amount >= 0 AND reclaimed_amount <= allocated_amount),
  status ${text} NOT NULL CHECK (status IN ('active', 'reclaimed')),
  created_at TIMESTAMPTZ NOT NULL,
  reclaimed_at TIMESTAMPTZ,
  actor ${text} NOT NULL,
  request_id ${text},
  PRIMARY KEY (project_id, allocation_id)
);
CREATE INDEX allocations_by_customer ON allocations (customer_project_id, created_at, allocation_id);
`,
});

// Numbered with SQLite's migration 5, which drops the journal's package index there. PostgreSQL keeps it: its
// journal listing filtered by resource_id reads it (the statement names only the conditions given), and one
// more index insert is little next to a usage record's round trips. Nothing to change here.
postgresMigrations.push({
  version: 5,
  name: 'journal-write-indexes',
  sql: `
SELECT 1;
`,
});
