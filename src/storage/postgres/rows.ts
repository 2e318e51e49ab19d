// Converts PostgreSQL rows (BIGINT as bigint, TIMESTAMPTZ as Date, JSONB parsed) to the Store's row shapes and back.
import { rowDecoders, type Raw } from '../row-decoding.js';
import type { PackageRow, UsageRecordRow } from '../types.js';

// PostgreSQL hands TIMESTAMPTZ over as Date, BOOLEAN as boolean and JSONB already parsed.
const decode = rowDecoders({
  date: (v) => v as Date,
  flag: (v) => v === true,
  json: (v) => v,
});

export const projectFromRow = decode.project;
export const credentialFromRow = decode.credential;
export const packageFromRow = decode.package;
export const usageSumFromRow = decode.usageSum;
export const journalFromRow = decode.journal;
export const usageRecordFromRow = decode.usageRecord;

/** Parameters $1..$20 of an INSERT INTO packages in PACKAGE_COLUMNS order. */
export const PACKAGE_COLUMNS = `project_id, resource_id, order_id, resource_type, business_type, sub_resource_type,
  is_sub_resource, parent_resource_id, charging_mode, resource_source, unit, amount, usage, status,
  effective_at, expires_at, bound_asset_id, bound_asset_name, created_at, updated_at`;

export function packageParams(p: PackageRow): unknown[] {
  return [p.projectId, p.resourceId, p.orderId, p.resourceType, p.businessType, p.subResourceType, p.isSubResource,
    p.parentResourceId, p.chargingMode, p.resourceSource, p.unit, p.amount.toString(), p.usage.toString(), p.status,
    p.effectiveAt, p.expiresAt, p.boundAssetId, p.boundAssetName, p.createdAt, p.updatedAt];
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
