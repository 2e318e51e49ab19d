// The resources-usage aggregation query, shared by the backends (placeholders differ).
const groupColumns =
  'resource_type, business_type, sub_resource_type, is_sub_resource, charging_mode, resource_source, unit';

/** The packages resources-usage counts, whatever the instant: one-off and periodic, not frozen (both backends). */
export const COUNTED_IN_USAGE = "charging_mode IN ('ONE_TIME', 'PERIODIC') AND status = 0";

const cache = new Map<string, string>();

/**
 * The last ORDER BY term only breaks the one tie the others leave (a NULL and an empty sub-resource type, all else
 * equal: two groups), NULL first, so the order is total on both backends and the SQLite sums in JavaScript can match it.
 *
 * Sums the project's ONE_TIME and PERIODIC packages in effect at `now` (bound twice), optionally
 * restricted to resource and business types. `placeholder` yields the n-th parameter marker.
 */
export function usageSumSql(resourceCount: number, businessCount: number, placeholder: '?' | '$'): string {
  const key = `${resourceCount}:${businessCount}:${placeholder}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let n = 0;
  const p = () => (placeholder === '?' ? '?' : `$${++n}`);
  const list = (count: number) => Array.from({ length: count }, p).join(', ');
  const sql = `SELECT ${groupColumns}, SUM(amount) AS amount, SUM(usage) AS usage
FROM packages
WHERE project_id = ${p()} AND ${COUNTED_IN_USAGE}
  AND effective_at <= ${p()} AND (expires_at IS NULL OR expires_at > ${p()})
  ${resourceCount ? `AND resource_type IN (${list(resourceCount)})` : ''}
  ${businessCount ? `AND business_type IN (${list(businessCount)})` : ''}
GROUP BY ${groupColumns}
ORDER BY resource_type, business_type, is_sub_resource, COALESCE(sub_resource_type, ''), charging_mode, resource_source, unit,
  sub_resource_type IS NOT NULL`;
  cache.set(key, sql);
  return sql;
}
