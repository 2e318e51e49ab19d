// Writes on the SQLite writer connection; only ever called inside SqliteStore.transaction.
import type {
  AllocationRow, AuditInput, CredentialRow, DrawableQuery, JournalEntryInput, LedgerTx, PackageChanges, PackageRow, ProjectChanges,
  ProjectRow, UsageRecordRow,
} from '../types.js';
import type { UserChanges, UserRow } from '../types.js';
import type Database from 'better-sqlite3';
import type { DrawablePackage } from '../../domain/burn-down-order.js';
import { drawableFromRaw, packageToParams, usageRecordToParams } from './rows.js';
import { SqliteReader } from './sqlite-reader.js';
import { allocationToParams } from './tenant-queries.js';
import * as userQueries from './user-queries.js';

function isUsageOnly(c: PackageChanges): c is PackageChanges & { usage: bigint } {
  return c.usage !== undefined && c.amount === undefined && c.status === undefined && c.expiresAt === undefined
    && c.boundAsset === undefined;
}

/**
 * Thrown by a savepoint taken optimistically (see SqliteLedger.savepoint) whose body failed after it had written:
 * there is nothing to roll back to, so the whole transaction must run again with real savepoints.
 */
export class SavepointNeeded extends Error {
  constructor(readonly failure: unknown) {
    super(`a savepoint's body failed after writing: ${(failure as Error)?.message ?? String(failure)}`);
  }
}

export class SqliteLedger extends SqliteReader implements LedgerTx {
  private savepoints = 0;
  // Write statements fetched so far: a body that failed without fetching one has nothing to roll back.
  private writes = 0;
  // Real SAVEPOINTs for every savepoint(); off, they are taken optimistically (see savepoint).
  private realSavepoints = false;
  private missed: SavepointNeeded | undefined;

  /** Before each transaction: real savepoints, or optimistic ones (the default). */
  useRealSavepoints(real: boolean): void {
    this.realSavepoints = real;
    this.missed = undefined;
  }

  /**
   * Set when an optimistic savepoint could not undo its body: the transaction must then run again with real
   * savepoints, even if the body caught the SavepointNeeded it was given.
   */
  get savepointMissed(): SavepointNeeded | undefined {
    return this.missed;
  }

  // Every statement of the ledger comes through these two, so a write cannot escape the count.
  protected override stmt(sql: string): Database.Statement {
    return this.counted(super.stmt(sql));
  }

  protected override rawStmt(sql: string): Database.Statement {
    return this.counted(super.rawStmt(sql));
  }

  // `readonly` is SQLite's own answer (sqlite3_stmt_readonly): an INSERT ... RETURNING returns rows and still writes.
  private counted(statement: Database.Statement): Database.Statement {
    if (!statement.readonly) this.writes++;
    return statement;
  }

  async insertProject(row: ProjectRow): Promise<void> {
    this.stmt(
      `INSERT INTO projects (project_id, name, parent_project_id, status, on_demand_overflow, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(row.projectId, row.name, row.parentProjectId, row.status, JSON.stringify(row.onDemandOverflow), row.createdAt.getTime());
  }

  async updateProject(projectId: string, c: ProjectChanges): Promise<void> {
    this.stmt(
      `UPDATE projects SET name = COALESCE(@name, name), status = COALESCE(@status, status),
         on_demand_overflow = COALESCE(@overflow, on_demand_overflow),
         parent_project_id = CASE WHEN @setParent THEN @parent ELSE parent_project_id END
       WHERE project_id = @projectId`,
    ).run({
      projectId, name: c.name ?? null, status: c.status ?? null,
      overflow: c.onDemandOverflow ? JSON.stringify(c.onDemandOverflow) : null,
      setParent: c.parentProjectId !== undefined ? 1 : 0, parent: c.parentProjectId ?? null,
    });
  }

  async insertCredential(row: CredentialRow): Promise<void> {
    this.stmt(
      `INSERT INTO credentials (project_id, access_key, role, secret_ciphertext, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(row.projectId, row.accessKey, row.role, row.secretCiphertext, row.status, row.createdAt.getTime());
  }

  async insertUser(row: UserRow): Promise<void> {
    userQueries.insertUser((sql) => this.stmt(sql), row);
  }

  async updateUser(projectId: string, userId: string, changes: UserChanges): Promise<void> {
    userQueries.updateUser((sql) => this.stmt(sql), projectId, userId, changes);
  }

  async setCredentialStatus(accessKey: string, status: CredentialRow['status']): Promise<boolean> {
    return this.stmt('UPDATE credentials SET status = ? WHERE access_key = ?').run(status, accessKey).changes > 0;
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

  async listDrawablePackages(q: DrawableQuery): Promise<DrawablePackage[]> {
    // Only the planner's columns, as arrays: this runs once per usage record, and whole rows cost twice as much.
    // Everything else (frozen, expired, exhausted) is filtered by the pure planner, which owns the rules.
    const rows = this.rawStmt(
      `SELECT resource_id, amount, usage, status, effective_at, expires_at, resource_source, charging_mode, created_at
       FROM packages WHERE project_id = ? AND resource_type = ? AND business_type = ?
         AND sub_resource_type IS ? AND usage < amount`,
    ).all(q.projectId, q.resourceType, q.businessType, q.subResourceType) as unknown[][];
    return rows.map(drawableFromRaw);
  }

  async updatePackage(projectId: string, resourceId: string, c: PackageChanges): Promise<void> {
    if (isUsageOnly(c)) {
      // The hot path (every usage record): setting only usage leaves the package's indexes untouched.
      this.stmt('UPDATE packages SET usage = ?, updated_at = ? WHERE project_id = ? AND resource_id = ?')
        .run(c.usage, c.updatedAt.getTime(), projectId, resourceId);
      return;
    }
    this.stmt(
      `UPDATE packages SET usage = COALESCE(@usage, usage), amount = COALESCE(@amount, amount),
         status = COALESCE(@status, status),
         expires_at = CASE WHEN @setExpiry THEN @expiresAt ELSE expires_at END,
         bound_asset_id = CASE WHEN @setAsset THEN @assetId ELSE bound_asset_id END,
         bound_asset_name = CASE WHEN @setAsset THEN @assetName ELSE bound_asset_name END, updated_at = @updatedAt
       WHERE project_id = @projectId AND resource_id = @resourceId`,
    ).run({
      projectId, resourceId, usage: c.usage ?? null, amount: c.amount ?? null, status: c.status ?? null,
      setExpiry: c.expiresAt !== undefined ? 1 : 0, expiresAt: c.expiresAt ? c.expiresAt.getTime() : null,
      setAsset: c.boundAsset !== undefined ? 1 : 0, assetId: c.boundAsset?.assetId ?? null,
      assetName: c.boundAsset?.assetName ?? null, updatedAt: c.updatedAt.getTime(),
    });
  }

  async insertUsageRecord(row: UsageRecordRow): Promise<void> {
    this.stmt(
      `INSERT INTO usage_records (project_id, record_id, resource_type, business_type, sub_resource_type, quantity,
         overflow_quantity, allocations, fingerprint, status, occurred_at, created_at, reversed_at, actor, request_id)
       VALUES (@project_id, @record_id, @resource_type, @business_type, @sub_resource_type, @quantity,
         @overflow_quantity, @allocations, @fingerprint, @status, @occurred_at, @created_at, @reversed_at, @actor, @request_id)`,
    ).run(usageRecordToParams(row));
  }

  async markUsageRecordReversed(projectId: string, recordId: string, at: Date): Promise<void> {
    this.stmt(`UPDATE usage_records SET status = 'reversed', reversed_at = ? WHERE project_id = ? AND record_id = ?`)
      .run(at.getTime(), projectId, recordId);
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

  /** BEGIN IMMEDIATE already holds the database's write lock, so a plain read is enough here. */
  async lockPackage(projectId: string, resourceId: string): Promise<PackageRow | undefined> {
    return this.getPackage(projectId, resourceId);
  }

  async insertAllocation(row: AllocationRow): Promise<void> {
    this.stmt(
      `INSERT INTO allocations (project_id, allocation_id, source_resource_id, customer_project_id, customer_resource_id,
         allocated_amount, reclaimed_amount, status, created_at, reclaimed_at, actor, request_id)
       VALUES (@project_id, @allocation_id, @source_resource_id, @customer_project_id, @customer_resource_id,
         @allocated_amount, @reclaimed_amount, @status, @created_at, @reclaimed_at, @actor, @request_id)`,
    ).run(allocationToParams(row));
  }

  async updateAllocation(
    projectId: string, allocationId: string, c: { reclaimedAmount: bigint; status: AllocationRow['status']; reclaimedAt: Date },
  ): Promise<void> {
    this.stmt('UPDATE allocations SET reclaimed_amount = ?, status = ?, reclaimed_at = ? WHERE project_id = ? AND allocation_id = ?')
      .run(c.reclaimedAmount, c.status, c.reclaimedAt.getTime(), projectId, allocationId);
  }

  /**
   * A real SAVEPOINT copies every page its body changes to the statement journal first (a quarter of a batch's
   * time went there), although the bodies that fail here almost always fail before writing anything (a record
   * refused for quota, a replay conflict). So by default none is taken: a body that fails without having written
   * needs no rollback, and one that fails after writing throws SavepointNeeded, on which the group commit rolls
   * the whole transaction back and runs it again with realSavepoints on. Either way the outcome is exactly that of
   * real savepoints.
   */
  async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.realSavepoints) return this.optimisticSavepoint(fn);
    const name = `sp${++this.savepoints}`;
    this.stmt(`SAVEPOINT ${name}`).run();
    try {
      const result = await fn();
      this.stmt(`RELEASE ${name}`).run();
      return result;
    } catch (err) {
      // A failure SQLite answers by rolling back the whole transaction (disk full, I/O error) leaves no savepoint
      // to return to; the caller sees the transaction gone and gives up on all of it.
      if (this.db.inTransaction) {
        this.stmt(`ROLLBACK TO ${name}`).run();
        this.stmt(`RELEASE ${name}`).run();
      }
      throw err;
    } finally {
      this.savepoints--;
    }
  }

  private async optimisticSavepoint<T>(fn: () => Promise<T>): Promise<T> {
    const writesBefore = this.writes;
    try {
      return await fn();
    } catch (err) {
      if (err instanceof SavepointNeeded || this.writes === writesBefore) throw err;
      this.missed ??= new SavepointNeeded(err);
      throw this.missed;
    }
  }
}
