// Wire shape of the daily usage series (our addition to the tenant API, used by the console's chart).
import { Type, type Static } from '@sinclair/typebox';
import { formatTimestamp } from '../domain/timestamp.js';
import { quantityToJsonNumber } from '../domain/quantity.js';
import type { DailyUsage } from '../services/show-daily-usage.js';
import { queryList, queryValue } from './query-params.js';

export const DailyUsageQuery = Type.Object({
  days: queryValue('how many UTC days, ending today: 1-90 (default 30)'),
  resource: queryList('resource types to include; empty: all'),
});
export type DailyUsageQuery = Static<typeof DailyUsageQuery>;

export const DailyUsageSeriesInfo = Type.Object({
  resource_type: Type.String(),
  business_type: Type.Optional(Type.String()),
  sub_resource_type: Type.Optional(Type.String()),
  unit: Type.String(),
  quantities: Type.Array(Type.Number({ minimum: 0 }), { description: 'quantity used each day, aligned with days' }),
  overflow_quantities: Type.Array(Type.Number({ minimum: 0 }), { description: 'of which billed pay-per-use, each day' }),
  total: Type.Number({ minimum: 0 }),
});

export const DailyUsageResponse = Type.Object({
  days: Type.Array(Type.String({ description: 'YYYY-MM-DD (UTC)' })),
  from: Type.String({ description: 'RFC 3339, start of the first day' }),
  to: Type.String({ description: 'RFC 3339, now' }),
  complete: Type.Boolean({ description: 'false when the window held more usage records than one answer reads' }),
  series: Type.Array(DailyUsageSeriesInfo),
});
export type DailyUsageResponse = Static<typeof DailyUsageResponse>;

export function toDailyUsageBody(d: DailyUsage): DailyUsageResponse {
  return {
    days: d.days, from: formatTimestamp(d.from), to: formatTimestamp(d.to), complete: d.complete,
    series: d.series.map((s) => ({
      resource_type: s.resourceType,
      ...(s.businessType !== null ? { business_type: s.businessType } : {}),
      ...(s.subResourceType !== null ? { sub_resource_type: s.subResourceType } : {}),
      unit: s.unit,
      quantities: s.quantities.map(quantityToJsonNumber),
      overflow_quantities: s.overflowQuantities.map(quantityToJsonNumber),
      total: quantityToJsonNumber(s.total),
    })),
  };
}
