// The wire shape of one resource package (ResourceItemInfo plus ledger fields), for the admin API and CLI.
import { Type, type Static } from '@sinclair/typebox';
import { quantityToJsonNumber } from '../domain/quantity.js';
import { formatTimestamp } from '../domain/timestamp.js';
import type { PackageRow } from '../storage/types.js';

export const PackageInfo = Type.Object({
  resource_id: Type.String(),
  order_id: Type.Optional(Type.String()),
  resource_type: Type.String(),
  business_type: Type.String(),
  sub_resource_type: Type.Optional(Type.String()),
  is_sub_resource: Type.Boolean(),
  parent_resource_id: Type.Optional(Type.String()),
  charging_mode: Type.String(),
  resource_source: Type.String(),
  amount: Type.Number({ minimum: 0 }),
  usage: Type.Number({ minimum: 0 }),
  unit: Type.String(),
  status: Type.Union([Type.Literal(0), Type.Literal(1)], { description: '0 normal, 1 frozen' }),
  effective_time: Type.String({ description: 'RFC 3339' }),
  resource_expire_time: Type.Optional(Type.String({ description: 'RFC 3339; absent: never expires' })),
  bound_asset: Type.Optional(Type.Object({ asset_id: Type.String(), asset_name: Type.String() })),
});
export type PackageInfo = Static<typeof PackageInfo>;

export function toPackageInfo(p: PackageRow): PackageInfo {
  const info: PackageInfo = {
    resource_id: p.resourceId,
    resource_type: p.resourceType,
    business_type: p.businessType,
    is_sub_resource: p.isSubResource,
    charging_mode: p.chargingMode,
    resource_source: p.resourceSource,
    amount: quantityToJsonNumber(p.amount),
    usage: quantityToJsonNumber(p.usage),
    unit: p.unit,
    status: p.status,
    effective_time: formatTimestamp(p.effectiveAt),
  };
  if (p.orderId !== null) info.order_id = p.orderId;
  if (p.subResourceType !== null) info.sub_resource_type = p.subResourceType;
  if (p.parentResourceId !== null) info.parent_resource_id = p.parentResourceId;
  if (p.expiresAt !== null) info.resource_expire_time = formatTimestamp(p.expiresAt);
  if (p.boundAssetId !== null) info.bound_asset = { asset_id: p.boundAssetId, asset_name: p.boundAssetName ?? '' };
  return info;
}
