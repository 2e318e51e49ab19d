// Converts PostgreSQL rows (BIGINT as bigint, TIMESTAMPTZ as Date, JSONB parsed) to the Store's row shapes and back.
import type {
  CredentialRow, JournalEntry, JournalKind, PackageRow, ProjectRow, Role, UsageRecordRow, UsageSumRow,
} from '../types.js';
import type { Raw } from './pg-executor.js';

const str = (v: unknown): string => v as string;
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));
const date = (v: unknown): Date => v as Date;
const dateOrNull = (v: unknown): Date | null => (v === null ? null : (v as Date));
const big = (v: unknown): bigint => BigInt(v as bigint);

export function projectFromRow(r: Raw): ProjectRow {
  return {
    projectId: str(r.project_id),
    name: str(r.name),
    parentProjectId: strOrNull(r.parent_project_id),
    status: r.status as ProjectRow['status'],
    onDemandOverflow: (r.on_demand_overflow as string[] | undefined) ?? [],
    createdAt: date(r.created_at),
  };
}

export function credentialFromRow(r: Raw): CredentialRow {
  return {
    projectId: str(r.project_id),
    accessKey: str(r.access_key),
    role: r.role as Role,
    secretCiphertext: r.secret_ciphertext as Buffer,
    status: r.status as CredentialRow['status'],
    createdAt: date(r.created_at),
  };
}

export function packageFromRow(r: Raw): PackageRow {
  return {
    projectId: str(r.project_id),
    resourceId: str(r.resource_id),
    orderId: strOrNull(r.order_id),
    resourceType: str(r.resource_type),
    businessType: str(r.business_type),
    subResourceType: strOrNull(r.sub_resource_type),
    isSubResource: r.is_sub_resource === true,
    parentResourceId: strOrNull(r.parent_resource_id),
    chargingMode: str(r.charging_mode),
    resourceSource: str(r.resource_source),
    unit: str(r.unit),
    amount: big(r.amount),
    usage: big(r.usage),
    status: Number(r.status) === 1 ? 1 : 0,
    effectiveAt: date(r.effective_at),
    expiresAt: dateOrNull(r.expires_at),
    boundAssetId: strOrNull(r.bound_asset_id),
    boundAssetName: strOrNull(r.bound_asset_name),
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}

/** Parameters $1..$20 of an INSERT INTO packages in PACKAGE_COLUMNS order. */
export const PACKAGE_COLUMNS = `project_id, resource_id, order_id, resource_type, business_type, sub_resource_type,
  is_sub_resource, parent_resource_id, charging_mode, resource_source, unit, amount, usage, status,
  effective_at, expires_at, bound_asset_id, bound_asset_name, created_at, updated_at`;

export function packageParams(p: PackageRow): unknown[] {
  return [p.projectId, p.resourceId, p.orderId, p.resourceType, p.businessType, p.subResourceType, p.isSubResource,
    p.parentResourceId, p.chargingMode, p.resourceSource, p.unit, p.amount.toString(), p.usage.toString(), p.status,
    p.effectiveAt, p.expiresAt, p.boundAssetId, p.boundAssetName, p.createdAt, p.updatedAt];
}

export function usageSumFromRow(r: Raw): UsageSumRow {
  return {
    resourceType: str(r.resource_type),
    businessType: str(r.business_type),
    subResourceType: strOrNull(r.sub_resource_type),
    isSubResource: r.is_sub_resource === true,
    chargingMode: str(r.charging_mode),
    resourceSource: str(r.resource_source),
    unit: str(r.unit),
    amount: big(r.amount),
    usage: big(r.usage),
  };
}

export function journalFromRow(r: Raw): JournalEntry {
  return {
    entryId: Number(r.entry_id),
    projectId: str(r.project_id),
    resourceId: str(r.resource_id),
    kind: r.kind as JournalKind,
    amountDelta: big(r.amount_delta),
    usageDelta: big(r.usage_delta),
    amountAfter: big(r.amount_after),
    usageAfter: big(r.usage_after),
    recordId: strOrNull(r.record_id),
    actor: str(r.actor),
    requestId: strOrNull(r.request_id),
    createdAt: date(r.created_at),
  };
}

export function usageRecordFromRow(r: Raw): UsageRecordRow {
  const allocations = r.allocations as Array<{ resource_id: string; quantity: string }>;
  return {
    projectId: str(r.project_id),
    recordId: str(r.record_id),
    resourceType: str(r.resource_type),
    businessType: strOrNull(r.business_type),
    subResourceType: strOrNull(r.sub_resource_type),
    quantity: big(r.quantity),
    overflowQuantity: big(r.overflow_quantity),
    allocations: allocations.map((a) => ({ resourceId: a.resource_id, quantity: BigInt(a.quantity) })),
    fingerprint: str(r.fingerprint),
    status: r.status as UsageRecordRow['status'],
    occurredAt: date(r.occurred_at),
    createdAt: date(r.created_at),
    reversedAt: dateOrNull(r.reversed_at),
    actor: str(r.actor),
    requestId: strOrNull(r.request_id),
    seq: Number(r.seq),
  };
}

/** Parameters $1..$15 of an INSERT INTO usage_records in USAGE_RECORD_COLUMNS order. */
export const USAGE_RECORD_COLUMNS = `project_id, record_id, resource_type, business_type, sub_resource_type, quantity,
  overflow_quantity, allocations, fingerprint, status, occurred_at, created_at, reversed_at, actor, request_id`;

export function usageRecordParams(u: UsageRecordRow): unknown[] {
  // Quantities as decimal strings of micros, as in SQLite: JSON numbers would lose bigint precision.
  const allocations = JSON.stringify(u.allocations.map((a) => ({ resource_id: a.resourceId, quantity: a.quantity.toString() })));
  return [u.projectId, u.recordId, u.resourceType, u.businessType, u.subResourceType, u.quantity.toString(),
    u.overflowQuantity.toString(), allocations, u.fingerprint, u.status, u.occurredAt, u.createdAt, u.reversedAt,
    u.actor, u.requestId];
}
