// The MetaStudio wire shape of resources-usage (ResourceUsageInfo), shared by the HTTP route and the CLI.
import { Type, type Static } from '@sinclair/typebox';
import { quantityToJsonNumber } from '../domain/quantity.js';
import type { UsageSumRow } from '../storage/types.js';
import { queryList } from './query-params.js';

export const ResourceUsageInfo = Type.Object({
  resource_type: Type.String(),
  business_type: Type.String(),
  sub_resource_type: Type.Optional(Type.String()),
  is_sub_resource: Type.Boolean(),
  charging_mode: Type.String(),
  resource_source: Type.String(),
  amount: Type.Number({ minimum: 0 }),
  usage: Type.Number({ minimum: 0 }),
  unit: Type.String(),
});
export type ResourceUsageInfo = Static<typeof ResourceUsageInfo>;

export const ResourceUsageResponse = Type.Object({ resources: Type.Array(ResourceUsageInfo) });

// No additionalProperties: false — unknown parameters are ignored, as in MetaStudio.
export const ResourceUsageQuery = Type.Object({
  resource: queryList('resource types to include (quota names or billing codes); empty: all'),
  business: queryList('business types to include, e.g. VIDEO_2D; empty: all'),
});
export type ResourceUsageQuery = Static<typeof ResourceUsageQuery>;
export type ResourceUsageResponse = Static<typeof ResourceUsageResponse>;

export function toResourceUsageInfo(row: UsageSumRow): ResourceUsageInfo {
  const info: ResourceUsageInfo = {
    resource_type: row.resourceType,
    business_type: row.businessType,
    is_sub_resource: row.isSubResource,
    charging_mode: row.chargingMode,
    resource_source: row.resourceSource,
    amount: quantityToJsonNumber(row.amount),
    usage: quantityToJsonNumber(row.usage),
    unit: row.unit,
  };
  // MetaStudio sends sub_resource_type only for Flexus sub-resources.
  if (row.subResourceType !== null) info.sub_resource_type = row.subResourceType;
  return info;
}
