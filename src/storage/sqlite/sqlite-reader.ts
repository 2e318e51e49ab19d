// Reads on one SQLite connection; statements are prepared once per connection.
import type Database from 'better-sqlite3';
import type {
  AllocationListQuery, AllocationRow, AllocationView, CredentialRow, ExpiringCountQuery, ExpiringCountRow, JournalEntry,
  JournalMismatch, JournalQuery, LedgerReader, PackageListQuery, PackageRow, PackageSearchQuery, ProjectRow,
  UsageRecordQuery, UsageRecordRow, UsageSumQuery, UsageSumRow,
} from '../types.js';
import type { AuditEntry, AuditQuery, UserLookup, UserRow } from '../types.js';
import {
  credentialFromRow, journalFromRow, packageFromRow, projectFromRow, usageRecordFromRow,
} from './rows.js';
import * as tenantQueries from './tenant-queries.js';
import { sumUsageRows, usageInEffectParams, usageInEffectSql } from './usage-sum.js';
import * as userQueries from './user-queries.js';

type Raw = Record<string, unknown>;

export class SqliteReader implements LedgerReader {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly rawStatements = new Map<string, Database.Statement>();

  constructor(protected readonly db: Database.Database) {}

  protected stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** A statement whose rows come back as arrays of column values: no per-row object with named keys to build. */
  protected rawStmt(sql: string): Database.Statement {
    let s = this.rawStatements.get(sql);
    if (!s) {
      s = this.db.prepare(sql).raw(true);
      this.rawStatements.set(sql, s);
    }
    return s;
  }

  async getProject(projectId: string): Promise<ProjectRow | undefined> {
    const row = this.stmt('SELECT * FROM projects WHERE project_id = ?').get(projectId);
    return row ? projectFromRow(row as Raw) : undefined;
  }

  async countProjects(): Promise<number> {
    return Number((this.stmt('SELECT COUNT(*) AS n FROM projects').get() as { n: bigint }).n);
  }

  async listProjects(limit: number, afterProjectId?: string): Promise<ProjectRow[]> {
    const rows = this.stmt('SELECT * FROM projects WHERE project_id > ? ORDER BY project_id LIMIT ?').all(afterProjectId ?? '', limit);
    return (rows as Raw[]).map(projectFromRow);
  }

  async findCredential(accessKey: string): Promise<CredentialRow | undefined> {
    return this.credentialRow(accessKey);
  }

  protected credentialRow(accessKey: string): CredentialRow | undefined {
    const row = this.stmt('SELECT * FROM credentials WHERE access_key = ?').get(accessKey);
    return row ? credentialFromRow(row as Raw) : undefined;
  }

  async getPackage(projectId: string, resourceId: string): Promise<PackageRow | undefined> {
    const row = this.stmt('SELECT * FROM packages WHERE project_id = ? AND resource_id = ?').get(projectId, resourceId);
    return row ? packageFromRow(row as Raw) : undefined;
  }

  async listPackages(q: PackageListQuery): Promise<{ total: number; packages: PackageRow[] }> {
    const total = Number((this.stmt('SELECT COUNT(*) AS n FROM packages WHERE project_id = ?').get(q.projectId) as { n: bigint }).n);
    const rows = this.stmt('SELECT * FROM packages WHERE project_id = ? ORDER BY created_at, resource_id LIMIT ? OFFSET ?')
      .all(q.projectId, q.limit, q.offset);
    return { total, packages: (rows as Raw[]).map(packageFromRow) };
  }

  async sumUsage(query: UsageSumQuery): Promise<UsageSumRow[]> {
    const sql = usageInEffectSql(query.resourceTypes.length, query.businessTypes.length);
    return sumUsageRows(this.rawStmt(sql).all(...usageInEffectParams(query)) as unknown[][]);
  }

  async listJournal(query: JournalQuery): Promise<JournalEntry[]> {
    const rows = this.stmt(
      `SELECT * FROM journal WHERE project_id = @projectId
         AND (@resourceId IS NULL OR resource_id = @resourceId) AND (@before IS NULL OR entry_id < @before)
       ORDER BY entry_id DESC LIMIT @limit`,
    ).all({ projectId: query.projectId, resourceId: query.resourceId ?? null, before: query.beforeEntryId ?? null, limit: query.limit });
    return (rows as Raw[]).map(journalFromRow);
  }

  async getUsageRecord(projectId: string, recordId: string): Promise<UsageRecordRow | undefined> {
    const row = this.stmt('SELECT * FROM usage_records WHERE project_id = ? AND record_id = ?').get(projectId, recordId);
    return row ? usageRecordFromRow(row as Raw) : undefined;
  }

  async listUsageRecords(q: UsageRecordQuery): Promise<UsageRecordRow[]> {
    const rows = this.stmt(
      `SELECT * FROM usage_records WHERE project_id = @projectId
         AND (@resourceType IS NULL OR resource_type = @resourceType)
         AND (@from IS NULL OR occurred_at >= @from) AND (@to IS NULL OR occurred_at < @to)
         AND (@before IS NULL OR seq < @before)
       ORDER BY seq DESC LIMIT @limit`,
    ).all({
      projectId: q.projectId, resourceType: q.resourceType ?? null, from: q.from?.getTime() ?? null,
      to: q.to?.getTime() ?? null, before: q.beforeSeq ?? null, limit: q.limit,
    });
    return (rows as Raw[]).map(usageRecordFromRow);
  }

  async checkJournal(): Promise<JournalMismatch[]> {
    // The journal has no index by package (it would cost every record a page write): it is summed in one pass,
    // sorted by package, and the sums joined to the packages, instead of one index search per package.
    const rows = this.stmt(
      `SELECT p.project_id, p.resource_id, p.amount, p.usage,
              COALESCE(j.amount, 0) AS journal_amount, COALESCE(j.usage, 0) AS journal_usage
       FROM packages p LEFT JOIN (
         SELECT project_id, resource_id, SUM(amount_delta) AS amount, SUM(usage_delta) AS usage
         FROM journal GROUP BY project_id, resource_id
       ) j ON j.project_id = p.project_id AND j.resource_id = p.resource_id
       WHERE p.amount != COALESCE(j.amount, 0) OR p.usage != COALESCE(j.usage, 0)
       ORDER BY p.project_id, p.resource_id`,
    ).all() as Raw[];
    return rows.map((r) => ({
      projectId: r.project_id as string, resourceId: r.resource_id as string, amount: r.amount as bigint,
      usage: r.usage as bigint, journalAmount: r.journal_amount as bigint, journalUsage: r.journal_usage as bigint,
    }));
  }

  async countOverdrawn(): Promise<number> {
    return Number((this.stmt('SELECT COUNT(*) AS n FROM packages WHERE usage > amount OR usage < 0').get() as { n: bigint }).n);
  }

  async searchPackages(q: PackageSearchQuery): Promise<{ total: number; packages: PackageRow[] }> {
    return tenantQueries.searchPackages((sql) => this.stmt(sql), q);
  }

  async countExpiring(q: ExpiringCountQuery): Promise<ExpiringCountRow[]> {
    return tenantQueries.countExpiring((sql) => this.stmt(sql), q);
  }

  async getAllocation(projectId: string, allocationId: string): Promise<AllocationRow | undefined> {
    return tenantQueries.getAllocation((sql) => this.stmt(sql), projectId, allocationId);
  }

  async listAllocations(q: AllocationListQuery): Promise<{ total: number; allocations: AllocationView[] }> {
    return tenantQueries.listAllocations((sql) => this.stmt(sql), q);
  }

  async getUser(projectId: string, userId: string): Promise<UserRow | undefined> {
    return userQueries.getUser((sql) => this.stmt(sql), projectId, userId);
  }

  async findUsers(lookup: UserLookup): Promise<UserRow[]> {
    return userQueries.findUsers((sql) => this.stmt(sql), lookup);
  }

  async listAudit(q: AuditQuery): Promise<AuditEntry[]> {
    return userQueries.listAudit((sql) => this.stmt(sql), q);
  }
}
