// The wire shape of one resource package (ResourceItemInfo plus ledger fields), for the admin API and CLI.
import { quantityToJsonNumber } from '../domain/quantity.js';
import { formatTimestamp } from '../domain/timestamp.js';
import type { PackageRow } from '../storage/types.js';

export interface PackageInfo {
  resource_id: string;
  order_id?: string;
  resource_type: string;
  business_type: string;
  sub_resource_type?: string;
  is_sub_resource: boolean;
  parent_resource_id?: string;
  charging_mode: string;
  resource_source: string;
  amount: number;
  usage: number;
  unit: string;
  status: 0 | 1;
  effective_time: string;
  resource_expire_time?: string;
  bound_asset?: { asset_id: string; asset_name: string };
}

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
