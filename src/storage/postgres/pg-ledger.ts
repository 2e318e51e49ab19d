// Writes on one PostgreSQL connection inside PostgresStore.transaction; rows read for a change are locked until commit.
// Writes are deferred (sent, not waited for: see pg-tx-executor.ts); reads wait, and see every write sent before them.
import type {
  AllocationRow, AuditInput, CredentialRow, DrawableQuery, JournalEntryInput, LedgerTx, PackageChanges, PackageRow, ProjectChanges,
  ProjectRow, UsageRecordRow,
} from '../types.js';
import type { UserChanges, UserLookup, UserRow } from '../types.js';
import { RetryTransaction, isUniqueViolation } from './pg-errors.js';
import { PgReader } from './pg-reader.js';
import type { TxExecutor } from './pg-tx-executor.js';
import * as tenantQueries from './pg-tenant-queries.js';
import * as userQueries from './pg-user-queries.js';
import { PACKAGE_COLUMNS, USAGE_RECORD_COLUMNS, packageFromRow, packageParams, usageRecordFromRow, usageRecordParams } from './rows.js';

const placeholders = (n: number) => Array.from({ length: n }, (_, i) => `$${i + 1}`).join(', ');

export class PgLedger extends PgReader implements LedgerTx {
  private savepoints = 0;

  constructor(private readonly tx: TxExecutor) {
    super(tx);
  }

  // Inside a transaction a package is read to be changed (reversal, adjustment): lock it, or a concurrent
  // consumption committed between this read and the write would be lost.
  override async getPackage(projectId: string, resourceId: string): Promise<PackageRow | undefined> {
    const [row] = await this.db.rows(
      'SELECT * FROM packages WHERE project_id = $1 AND resource_id = $2 FOR UPDATE', [projectId, resourceId],
    );
    return row ? packageFromRow(row) : undefined;
  }

  // A usage record key is read to decide whether to apply (or reverse) it. The key is locked first, existing or not,
  // so a concurrent attempt with the same record_id waits for this transaction and then sees its outcome.
  override async getUsageRecord(projectId: string, recordId: string): Promise<UsageRecordRow | undefined> {
    // Sent together: the server takes the lock before it starts the SELECT, whose snapshot then includes any record
    // committed by the transaction it waited for.
    const locked = this.db.rows("SELECT pg_advisory_xact_lock(hashtextextended('usage_records/' || $1 || '/' || $2, 0))", [projectId, recordId]);
    const read = this.db.rows('SELECT * FROM usage_records WHERE project_id = $1 AND record_id = $2 FOR UPDATE', [projectId, recordId]);
    read.catch(() => {});
    await locked;
    const [row] = await read;
    return row ? usageRecordFromRow(row) : undefined;
  }

  async insertProject(row: ProjectRow): Promise<void> {
    await this.tx.defer(
      `INSERT INTO projects (project_id, name, parent_project_id, status, on_demand_overflow, created_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
      [row.projectId, row.name, row.parentProjectId, row.status, JSON.stringify(row.onDemandOverflow), row.createdAt],
    );
  }

  async updateProject(projectId: string, c: ProjectChanges): Promise<void> {
    await this.tx.defer(
      `UPDATE projects SET name = COALESCE($2::text, name), status = COALESCE($3::text, status),
         on_demand_overflow = COALESCE($4::jsonb, on_demand_overflow),
         parent_project_id = CASE WHEN $5::boolean THEN $6::text ELSE parent_project_id END
       WHERE project_id = $1`,
      [projectId, c.name ?? null, c.status ?? null, c.onDemandOverflow ? JSON.stringify(c.onDemandOverflow) : null,
        c.parentProjectId !== undefined, c.parentProjectId ?? null],
    );
  }

  async insertCredential(row: CredentialRow): Promise<void> {
    await this.tx.defer(
      `INSERT INTO credentials (project_id, access_key, role, secret_ciphertext, status, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [row.projectId, row.accessKey, row.role, row.secretCiphertext, row.status, row.createdAt],
    );
  }

  async setCredentialStatus(accessKey: string, status: CredentialRow['status']): Promise<boolean> {
    return (await this.tx.run('UPDATE credentials SET status = $1 WHERE access_key = $2', [status, accessKey])) > 0;
  }

  async insertPackage(row: PackageRow): Promise<void> {
    await this.tx.defer(`INSERT INTO packages (${PACKAGE_COLUMNS}) VALUES (${placeholders(20)})`, packageParams(row));
  }

  async listDrawablePackages(q: DrawableQuery): Promise<PackageRow[]> {
    // FOR UPDATE makes concurrent consumers of the same packages (in any process) queue here; each then sees the usage
    // the previous one committed. Locking in resource_id order keeps two consumers from locking in opposite orders.
    // Everything else (frozen, expired, exhausted) is filtered by the pure planner, which owns the rules.
    const sub = q.subResourceType === null ? 'sub_resource_type IS NULL' : 'sub_resource_type = $4';
    const params = [q.projectId, q.resourceType, q.businessType, ...(q.subResourceType === null ? [] : [q.subResourceType])];
    const rows = await this.db.rows(
      `SELECT * FROM packages WHERE project_id = $1 AND resource_type = $2 AND business_type = $3 AND ${sub}
         AND usage < amount ORDER BY resource_id FOR UPDATE`,
      params,
    );
    return rows.map(packageFromRow);
  }

  async updatePackage(projectId: string, resourceId: string, c: PackageChanges): Promise<void> {
    await this.tx.defer(
      `UPDATE packages SET usage = COALESCE($3::bigint, usage), amount = COALESCE($4::bigint, amount),
         status = COALESCE($5::smallint, status),
         expires_at = CASE WHEN $6::boolean THEN $7::timestamptz ELSE expires_at END, updated_at = $8
       WHERE project_id = $1 AND resource_id = $2`,
      [projectId, resourceId, c.usage?.toString() ?? null, c.amount?.toString() ?? null, c.status ?? null,
        c.expiresAt !== undefined, c.expiresAt ?? null, c.updatedAt],
    );
    if (c.boundAsset !== undefined) await tenantQueries.updateBoundAsset(this.tx, projectId, resourceId, c.boundAsset);
  }

  /** getPackage already locks inside a transaction (above). */
  async lockPackage(projectId: string, resourceId: string): Promise<PackageRow | undefined> {
    return this.getPackage(projectId, resourceId);
  }

  // Read to be reclaimed: lock it so two reclaims of one allocation queue instead of both giving the rest back.
  override async getAllocation(projectId: string, allocationId: string): Promise<AllocationRow | undefined> {
    return tenantQueries.lockAllocation(this.db, projectId, allocationId);
  }

  async insertAllocation(row: AllocationRow): Promise<void> {
    await tenantQueries.insertAllocation(this.tx, row);
  }

  async updateAllocation(
    projectId: string, allocationId: string, c: { reclaimedAmount: bigint; status: AllocationRow['status']; reclaimedAt: Date },
  ): Promise<void> {
    await tenantQueries.updateAllocation(this.tx, projectId, allocationId, c);
  }

  async insertUsageRecord(row: UsageRecordRow): Promise<void> {
    await this.tx.defer(
      `INSERT INTO usage_records (${USAGE_RECORD_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15)`,
      usageRecordParams(row),
      // Only possible if the key lock was bypassed (e.g. another writer without it): run again, which replays the
      // winner. It fails on the server, so the COMMIT sent behind it cannot commit this attempt's changes.
      (err) => (isUniqueViolation(err, 'usage_records_by_key')
        ? new RetryTransaction(`usage record ${row.recordId} was inserted concurrently`) : undefined),
    );
  }

  async markUsageRecordReversed(projectId: string, recordId: string, at: Date): Promise<void> {
    await this.tx.defer(
      `UPDATE usage_records SET status = 'reversed', reversed_at = $3 WHERE project_id = $1 AND record_id = $2`, [projectId, recordId, at],
    );
  }

  async appendJournal(e: JournalEntryInput): Promise<void> {
    await this.tx.defer(
      `INSERT INTO journal (project_id, resource_id, kind, amount_delta, usage_delta, amount_after, usage_after,
         record_id, actor, request_id, created_at) VALUES (${placeholders(11)})`,
      [e.projectId, e.resourceId, e.kind, e.amountDelta.toString(), e.usageDelta.toString(), e.amountAfter.toString(),
        e.usageAfter.toString(), e.recordId, e.actor, e.requestId, e.createdAt],
    );
  }

  // Read to check that a name is free before creating a user (in its project and its domain, which no unique index
  // covers): the name is locked first, so two servers creating the same user cannot both find it free.
  override async findUsers(lookup: UserLookup): Promise<UserRow[]> {
    await this.db.rows("SELECT pg_advisory_xact_lock(hashtextextended('users/' || $1, 0))", [lookup.name]);
    return userQueries.findUsers(this.db, lookup);
  }

  async insertUser(row: UserRow): Promise<void> {
    await userQueries.insertUser(this.tx, row);
  }

  async updateUser(projectId: string, userId: string, changes: UserChanges): Promise<void> {
    await userQueries.updateUser(this.tx, projectId, userId, changes);
  }

  async appendAudit(e: AuditInput): Promise<void> {
    await this.tx.defer(
      `INSERT INTO audit (project_id, action, target_id, actor, request_id, source_address, detail, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)`,
      [e.projectId, e.action, e.targetId, e.actor, e.requestId, e.sourceAddress, JSON.stringify(e.detail), e.createdAt],
    );
  }

  async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    const name = `sp${++this.savepoints}`;
    await this.tx.defer(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      // A deferred write of fn's that failed fails fn (rolled back below), not whatever the caller does next.
      await this.tx.flush();
      await this.tx.defer(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (err) {
      // fn's other statements are part of what is being undone; if the connection itself failed the next line
      // throws too, and the store discards the whole transaction.
      await this.tx.flush().catch(() => {});
      await this.tx.exec(`ROLLBACK TO SAVEPOINT ${name}`);
      await this.tx.defer(`RELEASE SAVEPOINT ${name}`);
      throw err;
    } finally {
      this.savepoints--;
    }
  }
}
