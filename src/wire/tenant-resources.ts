// MetaStudio wire shapes of the resource list (ResourceItemInfo) and the expiring counts (ResourcesCount).
import { Type, type Static } from '@sinclair/typebox';
import { quantityToJsonNumber } from '../domain/quantity.js';
import { formatTimestamp } from '../domain/timestamp.js';
import type { ExpiringCountRow, PackageRow } from '../storage/types.js';
import { queryList, queryValue } from './query-params.js';

const window = {
  resource_expire_start_time: queryValue('RFC 3339, inclusive start of the expiry window'),
  resource_expire_end_time: queryValue('RFC 3339, inclusive end of the expiry window'),
};

// No additionalProperties: false — unknown parameters are ignored, as in MetaStudio.
export const ListTenantResourcesQuery = Type.Object({
  resource_source: queryList('required: PURCHASED, SP_ALLOCATED, ADMIN_ALLOCATED'),
  resource: queryList('resource types'),
  business: queryList('business types'),
  resource_id: queryList('resource ids'),
  order_id: queryList('order ids'),
  charging_mode: queryList('ONE_TIME, PERIODIC (ON_DEMAND packages are not listed)'),
  sub_resource: queryList('sub-resource types (Flexus parts)'),
  status: queryValue('0 normal, 1 frozen'),
  ...window,
  limit: queryValue('1-100, default 10'),
  offset: queryValue('0-2147483647, default 0'),
});
export type ListTenantResourcesQuery = Static<typeof ListTenantResourcesQuery>;

export const CountTenantResourcesQuery = Type.Object({ business: queryList('business types'), ...window });
export type CountTenantResourcesQuery = Static<typeof CountTenantResourcesQuery>;

export const BoundAsset = Type.Object({ asset_id: Type.String(), asset_name: Type.String() });

export const ResourceItemInfo = Type.Object({
  resource_id: Type.String(),
  order_id: Type.Optional(Type.String()),
  bound_asset: Type.Optional(BoundAsset),
  resource_expire_time: Type.Optional(Type.String({ description: 'RFC 3339' })),
  resource_type: Type.String(),
  business_type: Type.String(),
  sub_resource_type: Type.Optional(Type.String()),
  is_sub_resource: Type.Boolean(),
  charging_mode: Type.String(),
  resource_source: Type.String(),
  amount: Type.Number({ minimum: 0 }),
  usage: Type.Number({ minimum: 0 }),
  status: Type.Integer({ minimum: 0, maximum: 1 }),
  unit: Type.String(),
});
export type ResourceItemInfo = Static<typeof ResourceItemInfo>;

export const ListTenantResourcesResponse = Type.Object({ count: Type.Integer(), resources: Type.Array(ResourceItemInfo) });
export type ListTenantResourcesResponse = Static<typeof ListTenantResourcesResponse>;

export function toResourceItemInfo(p: PackageRow): ResourceItemInfo {
  const info: ResourceItemInfo = {
    resource_id: p.resourceId,
    resource_type: p.resourceType,
    business_type: p.businessType,
    is_sub_resource: p.isSubResource,
    charging_mode: p.chargingMode,
    resource_source: p.resourceSource,
    amount: quantityToJsonNumber(p.amount),
    usage: quantityToJsonNumber(p.usage),
    status: p.status,
    unit: p.unit,
  };
  // Optional fields are left out rather than sent as null: the SDK models treat absent and null alike, jq users do not.
  if (p.orderId !== null) info.order_id = p.orderId;
  if (p.boundAssetId !== null) info.bound_asset = { asset_id: p.boundAssetId, asset_name: p.boundAssetName ?? '' };
  if (p.expiresAt !== null) info.resource_expire_time = formatTimestamp(p.expiresAt);
  if (p.subResourceType !== null) info.sub_resource_type = p.subResourceType;
  return info;
}

export const ResourcesCountInfo = Type.Object({
  business_type: Type.String(),
  charging_mode: Type.String(),
  resource_source: Type.String(),
  count: Type.Integer({ minimum: 0 }),
});
export type ResourcesCountInfo = Static<typeof ResourcesCountInfo>;

export const CountTenantResourcesResponse = Type.Object({ resources_count: Type.Array(ResourcesCountInfo) });

export function toResourcesCountInfo(r: ExpiringCountRow): ResourcesCountInfo {
  return { business_type: r.businessType, charging_mode: r.chargingMode, resource_source: r.resourceSource, count: r.count };
}
