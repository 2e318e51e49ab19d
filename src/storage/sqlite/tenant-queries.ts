// SQLite reads behind the tenant resource list, the expiring counts and allocations (SqliteReader delegates here).
import type Database from 'better-sqlite3';
import type {
  AllocationListQuery, AllocationRow, AllocationView, ExpiringCountQuery, ExpiringCountRow, PackageRow,
  PackageSearchQuery,
} from '../types.js';
import { packageFromRow } from './rows.js';

type Raw = Record<string, unknown>;
type Prepare = (sql: string) => Database.Statement;

// Lists travel as one JSON array parameter each, so the SQL text is the same whatever the filters
// (one prepared statement, and a caller cannot grow the statement cache with odd list lengths).
const inList = (column: string, param: string) =>
  `(${param} = '[]' OR ${column} IN (SELECT value FROM json_each(${param})))`;

const SEARCH_WHERE = `project_id = @projectId AND charging_mode IN ('ONE_TIME', 'PERIODIC')
  AND ${inList('resource_source', '@sources')} AND ${inList('resource_type', '@resourceTypes')}
  AND ${inList('business_type', '@businessTypes')} AND ${inList('resource_id', '@resourceIds')}
  AND ${inList('order_id', '@orderIds')} AND ${inList('charging_mode', '@chargingModes')}
  AND ${inList('sub_resource_type', '@subResourceTypes')}
  AND (@status IS NULL OR status = @status)
  AND (@from IS NULL OR expires_at >= @from) AND (@to IS NULL OR expires_at <= @to)`;

// Oldest grant first; a bundle's parent before its parts (same created_at), then by id so ties never reorder.
const SEARCH_ORDER = 'ORDER BY created_at, is_sub_resource, COALESCE(sub_resource_type, \'\'), resource_id';

export function searchPackages(prepare: Prepare, q: PackageSearchQuery): { total: number; packages: PackageRow[] } {
  const params = {
    projectId: q.projectId, sources: JSON.stringify(q.resourceSources), resourceTypes: JSON.stringify(q.resourceTypes),
    businessTypes: JSON.stringify(q.businessTypes), resourceIds: JSON.stringify(q.resourceIds),
    orderIds: JSON.stringify(q.orderIds), chargingModes: JSON.stringify(q.chargingModes),
    subResourceTypes: JSON.stringify(q.subResourceTypes), status: q.status ?? null,
    from: q.expiresFrom?.getTime() ?? null, to: q.expiresTo?.getTime() ?? null,
  };
  const total = Number((prepare(`SELECT COUNT(*) AS n FROM packages WHERE ${SEARCH_WHERE}`).get(params) as { n: bigint }).n);
  const rows = prepare(`SELECT * FROM packages WHERE ${SEARCH_WHERE} ${SEARCH_ORDER} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: q.limit, offset: q.offset }) as Raw[];
  return { total, packages: rows.map(packageFromRow) };
}

export function countExpiring(prepare: Prepare, q: ExpiringCountQuery): ExpiringCountRow[] {
  // Bundle parts (parent_resource_id set) expire with their parent: one purchase counts once.
  const rows = prepare(
    `SELECT business_type, charging_mode, resource_source, COUNT(*) AS n FROM packages
     WHERE project_id = @projectId AND charging_mode IN ('ONE_TIME', 'PERIODIC') AND parent_resource_id IS NULL
       AND expires_at IS NOT NULL AND ${inList('business_type', '@businessTypes')}
       AND (@from IS NULL OR expires_at >= @from) AND (@to IS NULL OR expires_at <= @to)
     GROUP BY business_type, charging_mode, resource_source
     ORDER BY business_type, charging_mode, resource_source`,
  ).all({
    projectId: q.projectId, businessTypes: JSON.stringify(q.businessTypes),
    from: q.expiresFrom?.getTime() ?? null, to: q.expiresTo?.getTime() ?? null,
  }) as Raw[];
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
    createdAt: new Date(Number(r.created_at)),
    reclaimedAt: r.reclaimed_at === null ? null : new Date(Number(r.reclaimed_at)),
    actor: r.actor as string,
    requestId: (r.request_id as string | null) ?? null,
  };
}

export function allocationToParams(a: AllocationRow): Raw {
  return {
    project_id: a.projectId, allocation_id: a.allocationId, source_resource_id: a.sourceResourceId,
    customer_project_id: a.customerProjectId, customer_resource_id: a.customerResourceId,
    allocated_amount: a.allocatedAmount, reclaimed_amount: a.reclaimedAmount, status: a.status,
    created_at: a.createdAt.getTime(), reclaimed_at: a.reclaimedAt ? a.reclaimedAt.getTime() : null,
    actor: a.actor, request_id: a.requestId,
  };
}

export function getAllocation(prepare: Prepare, projectId: string, allocationId: string): AllocationRow | undefined {
  const row = prepare('SELECT * FROM allocations WHERE project_id = ? AND allocation_id = ?').get(projectId, allocationId);
  return row ? allocationFromRow(row as Raw) : undefined;
}

const ALLOCATION_WHERE = `(@projectId IS NULL OR a.project_id = @projectId)
  AND (@customer IS NULL OR a.customer_project_id = @customer)`;

export function listAllocations(prepare: Prepare, q: AllocationListQuery): { total: number; allocations: AllocationView[] } {
  const params = { projectId: q.projectId ?? null, customer: q.customerProjectId ?? null };
  const total = Number((prepare(`SELECT COUNT(*) AS n FROM allocations a WHERE ${ALLOCATION_WHERE}`).get(params) as { n: bigint }).n);
  // The customer's package columns come prefixed (p_*) so they cannot shadow the allocation's own.
  const rows = prepare(
    `SELECT a.*, p.project_id AS p_project_id, p.resource_id AS p_resource_id, p.order_id AS p_order_id,
       p.resource_type AS p_resource_type, p.business_type AS p_business_type, p.sub_resource_type AS p_sub_resource_type,
       p.is_sub_resource AS p_is_sub_resource, p.parent_resource_id AS p_parent_resource_id,
       p.charging_mode AS p_charging_mode, p.resource_source AS p_resource_source, p.unit AS p_unit,
       p.amount AS p_amount, p.usage AS p_usage, p.status AS p_status, p.effective_at AS p_effective_at,
       p.expires_at AS p_expires_at, p.bound_asset_id AS p_bound_asset_id, p.bound_asset_name AS p_bound_asset_name,
       p.created_at AS p_created_at, p.updated_at AS p_updated_at
     FROM allocations a JOIN packages p ON p.project_id = a.customer_project_id AND p.resource_id = a.customer_resource_id
     WHERE ${ALLOCATION_WHERE} ORDER BY a.created_at, a.allocation_id LIMIT @limit OFFSET @offset`,
  ).all({ ...params, limit: q.limit, offset: q.offset }) as Raw[];
  return {
    total,
    allocations: rows.map((r) => ({ ...allocationFromRow(r), customerPackage: packageFromRow(unprefix(r, 'p_')) })),
  };
}

function unprefix(r: Raw, prefix: string): Raw {
  const out: Raw = {};
  for (const [k, v] of Object.entries(r)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}
