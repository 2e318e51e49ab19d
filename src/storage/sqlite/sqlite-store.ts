// The embedded Store: one SQLite file in WAL mode, a reader connection and a serialised writer connection.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Mutex } from '../mutex.js';
import type {
  AuditInput, CredentialRow, JournalEntry, JournalEntryInput, JournalQuery, LedgerTx, MigrationStatus, PackageRow, ProjectRow,
  Store, UsageSumQuery, UsageSumRow,
} from '../types.js';
import { sqliteMigrations } from './migrations/index.js';
import { credentialFromRow, journalFromRow, packageFromRow, packageToParams, projectFromRow, usageSumFromRow } from './rows.js';
import { usageSumSql } from '../usage-sum-sql.js';

type Db = Database.Database;

function openConnection(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a process crash (the promise we make); FULL would add an fsync per commit.
  db.pragma('synchronous = NORMAL');
  // The CLI and a server may write the same file; wait for the other's lock instead of failing.
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.defaultSafeIntegers(true);
  return db;
}

/** Reads and writes on one connection; the statements are prepared once per connection. */
class SqliteLedger implements LedgerTx {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(protected readonly db: Db) {}

  protected stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  async getProject(projectId: string): Promise<ProjectRow | undefined> {
    const row = this.stmt('SELECT * FROM projects WHERE project_id = ?').get(projectId);
    return row ? projectFromRow(row as Record<string, unknown>) : undefined;
  }

  async countProjects(): Promise<number> {
    const row = this.stmt('SELECT COUNT(*) AS n FROM projects').get() as { n: bigint };
    return Number(row.n);
  }

  async findCredential(accessKey: string): Promise<CredentialRow | undefined> {
    const row = this.stmt('SELECT * FROM credentials WHERE access_key = ?').get(accessKey);
    return row ? credentialFromRow(row as Record<string, unknown>) : undefined;
  }

  async getPackage(projectId: string, resourceId: string): Promise<PackageRow | undefined> {
    const row = this.stmt('SELECT * FROM packages WHERE project_id = ? AND resource_id = ?').get(projectId, resourceId);
    return row ? packageFromRow(row as Record<string, unknown>) : undefined;
  }

  async sumUsage(query: UsageSumQuery): Promise<UsageSumRow[]> {
    const sql = usageSumSql(query.resourceTypes.length, query.businessTypes.length, '?');
    const now = query.now.getTime();
    const rows = this.stmt(sql).all(query.projectId, now, now, ...query.resourceTypes, ...query.businessTypes);
    return (rows as Record<string, unknown>[]).map(usageSumFromRow);
  }

  async listJournal(query: JournalQuery): Promise<JournalEntry[]> {
    const rows = this.stmt(
      `SELECT * FROM journal WHERE project_id = @projectId
         AND (@resourceId IS NULL OR resource_id = @resourceId) AND (@before IS NULL OR entry_id < @before)
       ORDER BY entry_id DESC LIMIT @limit`,
    ).all({ projectId: query.projectId, resourceId: query.resourceId ?? null, before: query.beforeEntryId ?? null, limit: query.limit });
    return (rows as Record<string, unknown>[]).map(journalFromRow);
  }

  async insertProject(row: ProjectRow): Promise<void> {
    this.stmt(
      'INSERT INTO projects (project_id, name, parent_project_id, status, created_at) VALUES (?, ?, ?, ?, ?)',
    ).run(row.projectId, row.name, row.parentProjectId, row.status, row.createdAt.getTime());
  }

  async insertCredential(row: CredentialRow): Promise<void> {
    this.stmt(
      `INSERT INTO credentials (project_id, access_key, role, secret_ciphertext, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(row.projectId, row.accessKey, row.role, row.secretCiphertext, row.status, row.createdAt.getTime());
  }

  async insertPackage(row: PackageRow): Promise<void> {
    this.stmt(
      `INSERT INTO packages (project_id, resource_id, order_id, resource_type, business_type, sub_resource_type,
         is_sub_resource, parent_resource_id, charging_mode, resource_source, unit, amount, usage, status,
         effective_at, expires_at, bound_asset_id, bound_asset_name, created_at, updated_at)
       VALUES (@project_id, @resource_id, @order_id, @resource_type, @business_type, @sub_resource_type,
         @is_sub_resource, @parent_resource_id, @charging_mode, @resource_source, @unit, @amount, @usage, @status,
         @effective_at, @expires_at, @bound_asset_id, @bound_asset_name, @created_at, @updated_at)`,
    ).run(packageToParams(row));
  }

  async appendJournal(e: JournalEntryInput): Promise<void> {
    this.stmt(
      `INSERT INTO journal (project_id, resource_id, kind, amount_delta, usage_delta, amount_after, usage_after,
         record_id, actor, request_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(e.projectId, e.resourceId, e.kind, e.amountDelta, e.usageDelta, e.amountAfter, e.usageAfter,
      e.recordId, e.actor, e.requestId, e.createdAt.getTime());
  }

  async appendAudit(e: AuditInput): Promise<void> {
    this.stmt(
      `INSERT INTO audit (project_id, action, target_id, actor, request_id, source_address, detail, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(e.projectId, e.action, e.targetId, e.actor, e.requestId, e.sourceAddress, JSON.stringify(e.detail),
      e.createdAt.getTime());
  }
}

export class SqliteStore extends SqliteLedger implements Store {
  readonly backend = 'sqlite' as const;
  private readonly writer: SqliteLedger;
  private readonly writerDb: Db;
  private readonly writeLock = new Mutex();

  private constructor(readonly location: string, readerDb: Db, writerDb: Db) {
    super(readerDb);
    this.writerDb = writerDb;
    this.writer = new SqliteLedger(writerDb);
  }

  /** Opens (and creates, with its folder) the database file; does not migrate. */
  static open(file: string): SqliteStore {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const writerDb = openConnection(file);
    const readerDb = file === ':memory:' ? writerDb : openConnection(file);
    return new SqliteStore(path.resolve(file), readerDb, writerDb);
  }

  async migrationStatus(): Promise<MigrationStatus> {
    const applied = this.appliedVersions();
    const pending = sqliteMigrations.map((m) => m.version).filter((v) => !applied.includes(v));
    return { applied, pending };
  }

  async migrate(): Promise<MigrationStatus> {
    return this.writeLock.run(async () => {
      this.writerDb.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
      // IMMEDIATE takes the write lock first, so two processes starting together cannot apply a migration twice.
      this.writerDb.transaction(() => {
        const applied = new Set(this.appliedVersions());
        for (const m of sqliteMigrations) {
          if (applied.has(m.version)) continue;
          this.writerDb.exec(m.sql);
          this.writerDb.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
            .run(m.version, m.name, Date.now());
        }
      }).immediate();
      return this.migrationStatus();
    });
  }

  private appliedVersions(): number[] {
    const exists = this.writerDb.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    if (!exists) return [];
    const rows = this.writerDb.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: bigint }[];
    return rows.map((r) => Number(r.version));
  }

  transaction<T>(fn: (tx: LedgerTx) => Promise<T>): Promise<T> {
    return this.writeLock.run(async () => {
      this.writerDb.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.writer);
        this.writerDb.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.writerDb.inTransaction) this.writerDb.exec('ROLLBACK');
        throw err;
      }
    });
  }

  async close(): Promise<void> {
    await this.writeLock.run(async () => {
      if (this.db !== this.writerDb) this.db.close();
      this.writerDb.close();
    });
  }
}
