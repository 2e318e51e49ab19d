// Converts SQLite rows (integers read as bigint) to the Store's row shapes and back.
import type {
  CredentialRow, JournalEntry, JournalKind, PackageRow, ProjectRow, Role, UsageRecordRow, UsageSumRow,
} from '../types.js';

type Raw = Record<string, unknown>;

const toDate = (v: unknown): Date => new Date(Number(v));
const toDateOrNull = (v: unknown): Date | null => (v === null ? null : new Date(Number(v)));
const str = (v: unknown): string => v as string;
const strOrNull = (v: unknown): string | null => (v === null ? null : (v as string));

export function projectFromRow(r: Raw): ProjectRow {
  return {
    projectId: str(r.project_id),
    name: str(r.name),
    parentProjectId: strOrNull(r.parent_project_id),
    status: r.status as ProjectRow['status'],
    onDemandOverflow: JSON.parse((r.on_demand_overflow as string | undefined) ?? '[]') as string[],
    createdAt: toDate(r.created_at),
  };
}

export function credentialFromRow(r: Raw): CredentialRow {
  return {
    projectId: str(r.project_id),
    accessKey: str(r.access_key),
    role: r.role as Role,
    secretCiphertext: r.secret_ciphertext as Buffer,
    status: r.status as CredentialRow['status'],
    createdAt: toDate(r.created_at),
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
    isSubResource: Number(r.is_sub_resource) === 1,
    parentResourceId: strOrNull(r.parent_resource_id),
    chargingMode: str(r.charging_mode),
    resourceSource: str(r.resource_source),
    unit: str(r.unit),
    amount: BigInt(r.amount as bigint),
    usage: BigInt(r.usage as bigint),
    status: Number(r.status) === 1 ? 1 : 0,
    effectiveAt: toDate(r.effective_at),
    expiresAt: toDateOrNull(r.expires_at),
    boundAssetId: strOrNull(r.bound_asset_id),
    boundAssetName: strOrNull(r.bound_asset_name),
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
  };
}

export function packageToParams(p: PackageRow): Raw {
  return {
    project_id: p.projectId,
    resource_id: p.resourceId,
    order_id: p.orderId,
    resource_type: p.resourceType,
    business_type: p.businessType,
    sub_resource_type: p.subResourceType,
    is_sub_resource: p.isSubResource ? 1 : 0,
    parent_resource_id: p.parentResourceId,
    charging_mode: p.chargingMode,
    resource_source: p.resourceSource,
    unit: p.unit,
    amount: p.amount,
    usage: p.usage,
    status: p.status,
    effective_at: p.effectiveAt.getTime(),
    expires_at: p.expiresAt ? p.expiresAt.getTime() : null,
    bound_asset_id: p.boundAssetId,
    bound_asset_name: p.boundAssetName,
    created_at: p.createdAt.getTime(),
    updated_at: p.updatedAt.getTime(),
  };
}

export function usageSumFromRow(r: Raw): UsageSumRow {
  return {
    resourceType: str(r.resource_type),
    businessType: str(r.business_type),
    subResourceType: strOrNull(r.sub_resource_type),
    isSubResource: Number(r.is_sub_resource) === 1,
    chargingMode: str(r.charging_mode),
    resourceSource: str(r.resource_source),
    unit: str(r.unit),
    amount: BigInt(r.amount as bigint),
    usage: BigInt(r.usage as bigint),
  };
}

export function journalFromRow(r: Raw): JournalEntry {
  return {
    entryId: Number(r.entry_id),
    projectId: str(r.project_id),
    resourceId: str(r.resource_id),
    kind: r.kind as JournalKind,
    amountDelta: BigInt(r.amount_delta as bigint),
    usageDelta: BigInt(r.usage_delta as bigint),
    amountAfter: BigInt(r.amount_after as bigint),
    usageAfter: BigInt(r.usage_after as bigint),
    recordId: strOrNull(r.record_id),
    actor: str(r.actor),
    requestId: strOrNull(r.request_id),
    createdAt: toDate(r.created_at),
  };
}

export function usageRecordFromRow(r: Raw): UsageRecordRow {
  const allocations = JSON.parse(str(r.allocations)) as Array<{ resource_id: string; quantity: string }>;
  return {
    projectId: str(r.project_id),
    recordId: str(r.record_id),
    resourceType: str(r.resource_type),
    businessType: strOrNull(r.business_type),
    subResourceType: strOrNull(r.sub_resource_type),
    quantity: BigInt(r.quantity as bigint),
    overflowQuantity: BigInt(r.overflow_quantity as bigint),
    allocations: allocations.map((a) => ({ resourceId: a.resource_id, quantity: BigInt(a.quantity) })),
    fingerprint: str(r.fingerprint),
    status: r.status as UsageRecordRow['status'],
    occurredAt: toDate(r.occurred_at),
    createdAt: toDate(r.created_at),
    reversedAt: toDateOrNull(r.reversed_at),
    actor: str(r.actor),
    requestId: strOrNull(r.request_id),
    seq: Number(r.seq),
  };
}

export function usageRecordToParams(u: UsageRecordRow): Raw {
  return {
    project_id: u.projectId,
    record_id: u.recordId,
    resource_type: u.resourceType,
    business_type: u.businessType,
    sub_resource_type: u.subResourceType,
    quantity: u.quantity,
    overflow_quantity: u.overflowQuantity,
    // Quantities as decimal strings of micros: JSON numbers would lose bigint precision.
    allocations: JSON.stringify(u.allocations.map((a) => ({ resource_id: a.resourceId, quantity: a.quantity.toString() }))),
    fingerprint: u.fingerprint,
    status: u.status,
    occurred_at: u.occurredAt.getTime(),
    created_at: u.createdAt.getTime(),
    reversed_at: u.reversedAt ? u.reversedAt.getTime() : null,
    actor: u.actor,
    request_id: u.requestId,
  };
}
