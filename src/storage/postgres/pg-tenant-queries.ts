// PostgreSQL reads and writes behind the tenant resource list, expiring counts and allocations (mirrors sqlite/tenant-queries).
import type {
  AllocationListQuery, AllocationRow, AllocationView, ExpiringCountQuery, ExpiringCountRow, PackageRow,
  PackageSearchQuery,
} from '../types.js';
import type { Executor, Raw } from './pg-executor.js';
import { packageFromRow } from './rows.js';

/** Conditions for the filters present only, so each combination gets its own plan (as pg-reader does). */
class Conditions {
  readonly params: unknown[] = [];
  readonly parts: string[] = [];

  add(condition: (p: string) => string, value: unknown): this {
    this.params.push(value);
    this.parts.push(condition(`$${this.params.length}`));
    return this;
  }

  /** A list filter: one array parameter whatever its length. */
  list(column: string, values: string[]): this {
    return values.length === 0 ? this : this.add((p) => `${column} = ANY(${p}::text[])`, values);
  }

  when(present: boolean, condition: (p: string) => string, value: unknown): this {
    return present ? this.add(condition, value) : this;
  }

  next(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  get sql(): string {
    return this.parts.join(' AND ');
  }
}

export async function searchPackages(db: Executor, q: PackageSearchQuery): Promise<{ total: number; packages: PackageRow[] }> {
  const where = new Conditions()
    .add((p) => `project_id = ${p}`, q.projectId)
    .list('resource_source', q.resourceSources).list('resource_type', q.resourceTypes)
    .list('business_type', q.businessTypes).list('resource_id', q.resourceIds).list('order_id', q.orderIds)
    .list('charging_mode', q.chargingModes).list('sub_resource_type', q.subResourceTypes)
    .when(q.status !== undefined, (p) => `status = ${p}`, q.status)
    .when(q.expiresFrom !== undefined, (p) => `expires_at >= ${p}`, q.expiresFrom)
    .when(q.expiresTo !== undefined, (p) => `expires_at <= ${p}`, q.expiresTo);
  const filter = `${where.sql} AND charging_mode IN ('ONE_TIME', 'PERIODIC')`;
  const [count] = await db.rows(`SELECT COUNT(*) AS n FROM packages WHERE ${filter}`, [...where.params]);
  const limit = where.next(q.limit);
  const offset = where.next(q.offset);
  const rows = await db.rows(
    `SELECT * FROM packages WHERE ${filter}
     ORDER BY created_at, is_sub_resource, COALESCE(sub_resource_type, ''), resource_id LIMIT ${limit} OFFSET ${offset}`,
    where.params,
  );
  return { total: Number(count!.n), packages: rows.map(packageFromRow) };
}

export async function countExpiring(db: Executor, q: ExpiringCountQuery): Promise<ExpiringCountRow[]> {
  const where = new Conditions()
    .add((p) => `project_id = ${p}`, q.projectId)
    .list('business_type', q.businessTypes)
    .when(q.expiresFrom !== undefined, (p) => `expires_at >= ${p}`, q.expiresFrom)
    .when(q.expiresTo !== undefined, (p) => `expires_at <= ${p}`, q.expiresTo);
  const rows = await db.rows(
    `SELECT business_type, charging_mode, resource_source, COUNT(*) AS n FROM packages
     WHERE ${where.sql} AND charging_mode IN ('ONE_TIME', 'PERIODIC') AND parent_resource_id IS NULL AND expires_at IS NOT NULL
     GROUP BY business_type, charging_mode, resource_source ORDER BY business_type, charging_mode, resource_source`,
    where.params,
  );
  return rows.map((r) => ({
    businessType: r.business_type as string, chargingMode: r.charging_mode as string,
    resourceSource: r.resource_source as string, count: Number(r.n),
  }));
}

export function allocationFromRow(r: Raw): AllocationRow {
  return {
    projectId: r.project_id as string,
    allocationId: r.allocation_id as string,
    sourceResourceId: r.source_resource_id as string,
    customerProjectId: r.customer_project_id as string,
    customerResourceId: r.customer_resource_id as string,
    allocatedAmount: BigInt(r.allocated_amount as bigint),
    reclaimedAmount: BigInt(r.reclaimed_amount as bigint),
    status: r.status as AllocationRow['status'],
    createdAt: r.created_at as Date,
    reclaimedAt: (r.reclaimed_at as Date | null) ?? null,
    actor: r.actor as string,
    requestId: (r.request_id as string | null) ?? null,
  };
}

export async function getAllocation(db: Executor, projectId: string, allocationId: string): Promise<AllocationRow | undefined> {
  const [row] = await db.rows('SELECT * FROM allocations WHERE project_id = $1 AND allocation_id = $2', [projectId, allocationId]);
  return row ? allocationFromRow(row) : undefined;
}

/** Inside a transaction the allocation is read to be changed (reclaim): lock it like its packages. */
export async function lockAllocation(db: Executor, projectId: string, allocationId: string): Promise<AllocationRow | undefined> {
  const [row] = await db.rows(
    'SELECT * FROM allocations WHERE project_id = $1 AND allocation_id = $2 FOR UPDATE', [projectId, allocationId],
  );
  return row ? allocationFromRow(row) : undefined;
}

const PACKAGE_FIELDS = ['project_id', 'resource_id', 'order_id', 'resource_type', 'business_type', 'sub_resource_type',
  'is_sub_resource', 'parent_resource_id', 'charging_mode', 'resource_source', 'unit', 'amount', 'usage', 'status',
  'effective_at', 'expires_at', 'bound_asset_id', 'bound_asset_name', 'created_at', 'updated_at'];

export async function listAllocations(db: Executor, q: AllocationListQuery): Promise<{ total: number; allocations: AllocationView[] }> {
  const where = new Conditions()
    .when(q.projectId !== undefined, (p) => `a.project_id = ${p}`, q.projectId)
    .when(q.customerProjectId !== undefined, (p) => `a.customer_project_id = ${p}`, q.customerProjectId);
  const filter = where.parts.length > 0 ? `WHERE ${where.sql}` : '';
  const [count] = await db.rows(`SELECT COUNT(*) AS n FROM allocations a ${filter}`, [...where.params]);
  const limit = where.next(q.limit);
  const offset = where.next(q.offset);
  const rows = await db.rows(
    `SELECT a.*, ${PACKAGE_FIELDS.map((f) => `p.${f} AS p_${f}`).join(', ')}
     FROM allocations a JOIN packages p ON p.project_id = a.customer_project_id AND p.resource_id = a.customer_resource_id
     ${filter} ORDER BY a.created_at, a.allocation_id LIMIT ${limit} OFFSET ${offset}`,
    where.params,
  );
  return {
    total: Number(count!.n),
    allocations: rows.map((r) => {
      const pkg: Raw = {};
      for (const f of PACKAGE_FIELDS) pkg[f] = r[`p_${f}`];
      return { ...allocationFromRow(r), customerPackage: packageFromRow(pkg) };
    }),
  };
}

export async function insertAllocation(db: Executor, a: AllocationRow): Promise<void> {
  await db.run(
    `INSERT INTO allocations (project_id, allocation_id, source_resource_id, customer_project_id, customer_resource_id,
       allocated_amount, reclaimed_amount, status, created_at, reclaimed_at, actor, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [a.projectId, a.allocationId, a.sourceResourceId, a.customerProjectId, a.customerResourceId, a.allocatedAmount.toString(),
      a.reclaimedAmount.toString(), a.status, a.createdAt, a.reclaimedAt, a.actor, a.requestId],
  );
}

export async function updateAllocation(
  db: Executor, projectId: string, allocationId: string,
  c: { reclaimedAmount: bigint; status: AllocationRow['status']; reclaimedAt: Date },
): Promise<void> {
  await db.run(
    'UPDATE allocations SET reclaimed_amount = $3, status = $4, reclaimed_at = $5 WHERE project_id = $1 AND allocation_id = $2',
    [projectId, allocationId, c.reclaimedAmount.toString(), c.status, c.reclaimedAt],
  );
}

/** Sets both bound-asset columns, or neither (the rest of PackageChanges stays in PgLedger.updatePackage). */
export async function updateBoundAsset(
  db: Executor, projectId: string, resourceId: string, asset: { assetId: string; assetName: string } | null,
): Promise<void> {
  await db.run(
    'UPDATE packages SET bound_asset_id = $3, bound_asset_name = $4 WHERE project_id = $1 AND resource_id = $2',
    [projectId, resourceId, asset?.assetId ?? null, asset?.assetName ?? null],
  );
}
