// Reads on PostgreSQL: outside transactions on read lanes or the pool (committed data, so any server's write shows at once), on the client inside.
import type {
  AllocationListQuery, AllocationRow, AllocationView, CredentialRow, ExpiringCountQuery, ExpiringCountRow, JournalEntry,
  JournalMismatch, JournalQuery, LedgerReader, PackageListQuery, PackageRow, PackageSearchQuery, ProjectRow,
  UsageRecordQuery, UsageRecordRow, UsageSumQuery, UsageSumRow,
} from '../types.js';
import type { AuditEntry, AuditQuery, UserLookup, UserRow } from '../types.js';
import { usageSumSql } from '../usage-sum-sql.js';
import type { Executor } from './pg-executor.js';
import * as tenantQueries from './pg-tenant-queries.js';
import * as userQueries from './pg-user-queries.js';
import {
  credentialFromRow, journalFromRow, packageFromRow, projectFromRow, usageRecordFromRow, usageSumFromRow,
} from './rows.js';

/** `WHERE` clauses built from the filters present, so each combination gets its own plan (no `$n IS NULL OR` guards). */
class Where {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  add(condition: (p: string) => string, value: unknown): this {
    this.params.push(value);
    this.parts.push(condition(`$${this.params.length}`));
    return this;
  }

  addIf(present: boolean, condition: (p: string) => string, value: unknown): this {
    return present ? this.add(condition, value) : this;
  }

  get sql(): string {
    return this.parts.join(' AND ');
  }

  next(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}

export class PgReader implements LedgerReader {
  /**
   * `scans` runs the reads of the whole ledger: outside a transaction they go to the pool, so a slow scan never holds
   * up the short reads pipelined behind it on a read lane.
   */
  constructor(protected readonly db: Executor, protected readonly scans: Executor = db) {}

  async getProject(projectId: string): Promise<ProjectRow | undefined> {
    const [row] = await this.db.rows('SELECT * FROM projects WHERE project_id = $1', [projectId]);
    return row ? projectFromRow(row) : undefined;
  }

  async countProjects(): Promise<number> {
    const [row] = await this.scans.rows('SELECT COUNT(*) AS n FROM projects');
    return Number(row!.n);
  }

  async listProjects(limit: number, afterProjectId?: string): Promise<ProjectRow[]> {
    const rows = await this.db.rows('SELECT * FROM projects WHERE project_id > $1 ORDER BY project_id LIMIT $2', [afterProjectId ?? '', limit]);
    return rows.map(projectFromRow);
  }

  async findCredential(accessKey: string): Promise<CredentialRow | undefined> {
    const [row] = await this.db.rows('SELECT * FROM credentials WHERE access_key = $1', [accessKey]);
    return row ? credentialFromRow(row) : undefined;
  }

  async getPackage(projectId: string, resourceId: string): Promise<PackageRow | undefined> {
    const [row] = await this.db.rows('SELECT * FROM packages WHERE project_id = $1 AND resource_id = $2', [projectId, resourceId]);
    return row ? packageFromRow(row) : undefined;
  }

  async listPackages(q: PackageListQuery): Promise<{ total: number; packages: PackageRow[] }> {
    const [count] = await this.db.rows('SELECT COUNT(*) AS n FROM packages WHERE project_id = $1', [q.projectId]);
    const rows = await this.db.rows(
      'SELECT * FROM packages WHERE project_id = $1 ORDER BY created_at, resource_id LIMIT $2 OFFSET $3', [q.projectId, q.limit, q.offset],
    );
    return { total: Number(count!.n), packages: rows.map(packageFromRow) };
  }

  async sumUsage(query: UsageSumQuery): Promise<UsageSumRow[]> {
    // Repeated filter values are dropped: each list length is a prepared statement kept on every connection.
    const resourceTypes = [...new Set(query.resourceTypes)];
    const businessTypes = [...new Set(query.businessTypes)];
    const sql = usageSumSql(resourceTypes.length, businessTypes.length, '$');
    const rows = await this.db.rows(sql, [query.projectId, query.now, query.now, ...resourceTypes, ...businessTypes]);
    return rows.map(usageSumFromRow);
  }

  async listJournal(q: JournalQuery): Promise<JournalEntry[]> {
    const where = new Where()
      .add((p) => `project_id = ${p}`, q.projectId)
      .addIf(q.resourceId !== undefined, (p) => `resource_id = ${p}`, q.resourceId)
      .addIf(q.beforeEntryId !== undefined, (p) => `entry_id < ${p}`, q.beforeEntryId);
    const rows = await this.db.rows(`SELECT * FROM journal WHERE ${where.sql} ORDER BY entry_id DESC LIMIT ${where.next(q.limit)}`, where.params);
    return rows.map(journalFromRow);
  }

  async getUsageRecord(projectId: string, recordId: string): Promise<UsageRecordRow | undefined> {
    const [row] = await this.db.rows('SELECT * FROM usage_records WHERE project_id = $1 AND record_id = $2', [projectId, recordId]);
    return row ? usageRecordFromRow(row) : undefined;
  }

  async listUsageRecords(q: UsageRecordQuery): Promise<UsageRecordRow[]> {
    const where = new Where()
      .add((p) => `project_id = ${p}`, q.projectId)
      .addIf(q.resourceType !== undefined, (p) => `resource_type = ${p}`, q.resourceType)
      .addIf(q.from !== undefined, (p) => `occurred_at >= ${p}`, q.from)
      .addIf(q.to !== undefined, (p) => `occurred_at < ${p}`, q.to)
      .addIf(q.beforeSeq !== undefined, (p) => `seq < ${p}`, q.beforeSeq);
    const rows = await this.db.rows(`SELECT * FROM usage_records WHERE ${where.sql} ORDER BY seq DESC LIMIT ${where.next(q.limit)}`, where.params);
    return rows.map(usageRecordFromRow);
  }

  async checkJournal(): Promise<JournalMismatch[]> {
    // Grouped by the primary key, so the package's own columns may be selected (and journal rows join on their shard).
    const rows = await this.scans.rows(
      `SELECT p.project_id, p.resource_id, p.amount, p.usage,
              COALESCE(SUM(j.amount_delta), 0) AS journal_amount, COALESCE(SUM(j.usage_delta), 0) AS journal_usage
       FROM packages p LEFT JOIN journal j ON j.project_id = p.project_id AND j.resource_id = p.resource_id
       GROUP BY p.project_id, p.resource_id
       HAVING p.amount <> COALESCE(SUM(j.amount_delta), 0) OR p.usage <> COALESCE(SUM(j.usage_delta), 0)
       ORDER BY p.project_id, p.resource_id`,
    );
    return rows.map((r) => ({
      projectId: r.project_id as string, resourceId: r.resource_id as string, amount: BigInt(r.amount as bigint),
      usage: BigInt(r.usage as bigint), journalAmount: BigInt(r.journal_amount as bigint), journalUsage: BigInt(r.journal_usage as bigint),
    }));
  }

  async countOverdrawn(): Promise<number> {
    const [row] = await this.scans.rows('SELECT COUNT(*) AS n FROM packages WHERE usage > amount OR usage < 0');
    return Number(row!.n);
  }

  async searchPackages(q: PackageSearchQuery): Promise<{ total: number; packages: PackageRow[] }> {
    return tenantQueries.searchPackages(this.db, q);
  }

  async countExpiring(q: ExpiringCountQuery): Promise<ExpiringCountRow[]> {
    return tenantQueries.countExpiring(this.db, q);
  }

  async getAllocation(projectId: string, allocationId: string): Promise<AllocationRow | undefined> {
    return tenantQueries.getAllocation(this.db, projectId, allocationId);
  }

  async listAllocations(q: AllocationListQuery): Promise<{ total: number; allocations: AllocationView[] }> {
    return tenantQueries.listAllocations(this.db, q);
  }

  async getUser(projectId: string, userId: string): Promise<UserRow | undefined> {
    return userQueries.getUser(this.db, projectId, userId);
  }

  async findUsers(lookup: UserLookup): Promise<UserRow[]> {
    return userQueries.findUsers(this.db, lookup);
  }

  async listAudit(q: AuditQuery): Promise<AuditEntry[]> {
    return userQueries.listAudit(this.db, q);
  }
}
