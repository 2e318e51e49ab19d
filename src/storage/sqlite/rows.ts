// Converts SQLite rows (integers read as bigint) to the Store's row shapes and back.
import { rowDecoders, type Raw } from '../row-decoding.js';
import type { DrawablePackage } from '../../domain/burn-down-order.js';
import type { PackageRow, UsageRecordRow } from '../types.js';

// SQLite keeps times as epoch milliseconds, flags as 0/1 and lists as JSON text.
const decode = rowDecoders({
  date: (v) => new Date(Number(v)),
  flag: (v) => Number(v) === 1,
  json: (v) => JSON.parse(v as string) as unknown,
});

export const projectFromRow = decode.project;
export const credentialFromRow = decode.credential;
export const packageFromRow = decode.package;
export const journalFromRow = decode.journal;
export const usageRecordFromRow = decode.usageRecord;

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

/** [resource_id, amount, usage, status, effective_at, expires_at, resource_source, charging_mode, created_at] */
export function drawableFromRaw(r: unknown[]): DrawablePackage {
  return {
    resourceId: r[0] as string,
    amount: r[1] as bigint,
    usage: r[2] as bigint,
    status: Number(r[3]) === 1 ? 1 : 0,
    effectiveAt: new Date(Number(r[4])),
    expiresAt: r[5] === null ? null : new Date(Number(r[5])),
    resourceSource: r[6] as string,
    chargingMode: r[7] as string,
    createdAt: new Date(Number(r[8])),
  };
}
