// PostgreSQL reads behind the tenant resource list, the expiring counts and allocations (PgReader delegates here).
import type {
  AllocationListQuery, AllocationRow, AllocationView, ExpiringCountQuery, ExpiringCountRow, PackageRow,
  PackageSearchQuery,
} from '../types.js';
import type { Executor, Raw } from './pg-executor.js';
import type { TxExecutor } from './pg-tx-executor.js';
import { packageFromRow } from './rows.js';

// Lists travel as one array parameter each, so the SQL text is the same whatever the filters (one prepared statement).
const inList = (column: string, param: string) => `(cardinality(${param}::text[]) = 0 OR ${column} = ANY(${param}::text[]))`;

const SEARCH_WHERE = `project_id = $1 AND charging_mode IN ('ONE_TIME', 'PERIODIC')
  AND ${inList('resource_source', '$2')} AND ${inList('resource_type', '$3')}
  AND ${inList('business_type', '$4')} AND ${inList('resource_id', '$5')}
  AND ${inList('order_id', '$6')} AND ${inList('charging_mode', '$7')}
  AND ${inList('sub_resource_type', '$8')}
  AND ($9::smallint IS NULL OR status = $9::smallint)
  AND ($10::timestamptz IS NULL OR expires_at >= $10::timestamptz) AND ($11::timestamptz IS NULL OR expires_at <= $11::timestamptz)`;

// Oldest grant first; a bundle's parent before its parts (same created_at), then by id so ties never reorder (as on SQLite).
const SEARCH_ORDER = "ORDER BY created_at, is_sub_resource, COALESCE(sub_resource_type, ''), resource_id";

export async function searchPackages(db: Executor, q: PackageSearchQuery): Promise<{ total: number; packages: PackageRow[] }> {
  const params = [q.projectId, q.resourceSources, q.resourceTypes, q.businessTypes, q.resourceIds, q.orderIds, q.chargingModes,
    q.subResourceTypes, q.status ?? null, q.expiresFrom ?? null, q.expiresTo ?? null];
  const [count] = await db.rows(`SELECT COUNT(*) AS n FROM packages WHERE ${SEARCH_WHERE}`, params);
  const rows = await db.rows(`SELECT * FROM packages WHERE ${SEARCH_WHERE} ${SEARCH_ORDER} LIMIT $12 OFFSET $13`, [...params, q.limit, q.offset]);
  return { total: Number(count!.n), packages: rows.map(packageFromRow) };
}

export async function countExpiring(db: Executor, q: ExpiringCountQuery): Promise<ExpiringCountRow[]> {
  // Bundle parts (parent_resource_id set) expire with their parent: one purchase counts once.
  const rows = await db.rows(
    `SELECT business_type, charging_mode, resource_source, COUNT(*) AS n FROM packages
     WHERE project_id = $1 AND charging_mode IN ('ONE_TIME', 'PERIODIC') AND parent_resource_id IS NULL
       AND expires_at IS NOT NULL AND ${inList('business_type', '$2')}
       AND ($3::timestamptz IS NULL OR expires_at >= $3::timestamptz) AND ($4::timestamptz IS NULL OR expires_at <= $4::timestamptz)
     GROUP BY business_type, charging_mode, resource_source
     ORDER BY business_type, charging_mode, resource_source`,
    [q.projectId, q.businessTypes, q.expiresFrom ?? null, q.expiresTo ?? null],
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

export async function getAllocation(db: Executor, projectId: string, allocationId: string, lock = false): Promise<AllocationRow | undefined> {
  const [row] = await db.rows(
    `SELECT * FROM allocations WHERE project_id = $1 AND allocation_id = $2${lock ? ' FOR UPDATE' : ''}`, [projectId, allocationId],
  );
  return row ? allocationFromRow(row) : undefined;
}

/** getAllocation for a read-modify-write (a reclaim): the row stays locked until the transaction ends. */
export function lockAllocation(db: Executor, projectId: string, allocationId: string): Promise<AllocationRow | undefined> {
  return getAllocation(db, projectId, allocationId, true);
}

export async function updateBoundAsset(
  db: TxExecutor, projectId: string, resourceId: string, asset: { assetId: string; assetName: string } | null,
): Promise<void> {
  await db.defer(
    'UPDATE packages SET bound_asset_id = $1, bound_asset_name = $2 WHERE project_id = $3 AND resource_id = $4',
    [asset?.assetId ?? null, asset?.assetName ?? null, projectId, resourceId],
  );
}

export async function insertAllocation(db: TxExecutor, a: AllocationRow): Promise<void> {
  await db.defer(
    `INSERT INTO allocations (project_id, allocation_id, source_resource_id, customer_project_id, customer_resource_id,
       allocated_amount, reclaimed_amount, status, created_at, reclaimed_at, actor, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [a.projectId, a.allocationId, a.sourceResourceId, a.customerProjectId, a.customerResourceId, a.allocatedAmount.toString(),
      a.reclaimedAmount.toString(), a.status, a.createdAt, a.reclaimedAt, a.actor, a.requestId],
  );
}

export async function updateAllocation(
  db: TxExecutor, projectId: string, allocationId: string, c: { reclaimedAmount: bigint; status: AllocationRow['status']; reclaimedAt: Date },
): Promise<void> {
  await db.defer(
    'UPDATE allocations SET reclaimed_amount = $1, status = $2, reclaimed_at = $3 WHERE project_id = $4 AND allocation_id = $5',
    [c.reclaimedAmount.toString(), c.status, c.reclaimedAt, projectId, allocationId],
  );
}

export async function listAllocations(db: Executor, q: AllocationListQuery): Promise<{ total: number; allocations: AllocationView[] }> {
  const where = '($1::text IS NULL OR a.project_id = $1::text) AND ($2::text IS NULL OR a.customer_project_id = $2::text)';
  const params = [q.projectId ?? null, q.customerProjectId ?? null];
  const [count] = await db.rows(`SELECT COUNT(*) AS n FROM allocations a WHERE ${where}`, params);
  // The customer's package columns come prefixed (p_*) so they cannot shadow the allocation's own.
  const rows = await db.rows(
    `SELECT a.*, p.project_id AS p_project_id, p.resource_id AS p_resource_id, p.order_id AS p_order_id,
       p.resource_type AS p_resource_type, p.business_type AS p_business_type, p.sub_resource_type AS p_sub_resource_type,
       p.is_sub_resource AS p_is_sub_resource, p.parent_resource_id AS p_parent_resource_id,
       p.charging_mode AS p_charging_mode, p.resource_source AS p_resource_source, p.unit AS p_unit,
       p.amount AS p_amount, p.usage AS p_usage, p.status AS p_status, p.effective_at AS p_effective_at,
       p.expires_at AS p_expires_at, p.bound_asset_id AS p_bound_asset_id, p.bound_asset_name AS p_bound_asset_name,
       p.created_at AS p_created_at, p.updated_at AS p_updated_at
     FROM allocations a JOIN packages p ON p.project_id = a.customer_project_id AND p.resource_id = a.customer_resource_id
     WHERE ${where} ORDER BY a.created_at, a.allocation_id LIMIT $3 OFFSET $4`,
    [...params, q.limit, q.offset],
  );
  return {
    total: Number(count!.n),
    allocations: rows.map((r) => ({ ...allocationFromRow(r), customerPackage: packageFromRow(unprefix(r, 'p_')) })),
  };
}

function unprefix(r: Raw, prefix: string): Raw {
  const out: Raw = {};
  for (const [k, v] of Object.entries(r)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}
