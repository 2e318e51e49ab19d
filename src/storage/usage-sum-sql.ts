// The resources-usage aggregation query, shared by the backends (placeholders differ).
const groupColumns =
  'resource_type, business_type, sub_resource_type, is_sub_resource, charging_mode, resource_source, unit';

/** The packages resources-usage counts, whatever the instant: one-off and periodic, not frozen (both backends). */
export const COUNTED_IN_USAGE = "charging_mode IN ('ONE_TIME', 'PERIODIC') AND status = 0";

const cache = new Map<string, string>();

// The last ORDER BY term only breaks the one tie the others leave (a NULL and an empty sub-resource type, all else
// equal: two groups), NULL first, so the order is total on both backends and the SQLite sums in JavaScript can match it.
const orderTerms = (table: string) => ['resource_type', 'business_type', 'is_sub_resource', `COALESCE(${table}sub_resource_type, '')`,
  'charging_mode', 'resource_source', 'unit', `${table}sub_resource_type IS NOT NULL`]
  .map((term) => (term.includes('(') || term.includes(' ') ? term : `${table}${term}`)).join(', ');

/**
 * The sums of one project's ONE_TIME and PERIODIC packages in effect at an instant, grouped but not ordered: the
 * project, the instant (twice: for the effective and the expiry time) and one line per filter, as SQL operands.
 */
function usageSumSelect(project: string, effectiveBy: string, notExpiredAt: string, filters: string[]): string {
  return `SELECT ${groupColumns}, SUM(amount) AS amount, SUM(usage) AS usage
FROM packages
WHERE project_id = ${project} AND ${COUNTED_IN_USAGE}
  AND effective_at <= ${effectiveBy} AND (expires_at IS NULL OR expires_at > ${notExpiredAt})
${filters.map((filter) => `  ${filter}\n`).join('')}GROUP BY ${groupColumns}`;
}

/**
 * Sums the project's ONE_TIME and PERIODIC packages in effect at `now` (bound twice), optionally
 * restricted to resource and business types. `placeholder` yields the n-th parameter marker; `$` markers are
 * numbered from `firstParameter` (a statement that binds other parameters first).
 */
export function usageSumSql(resourceCount: number, businessCount: number, placeholder: '?' | '$', firstParameter = 1): string {
  const key = `${resourceCount}:${businessCount}:${placeholder}:${firstParameter}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let n = firstParameter - 1;
  const p = () => (placeholder === '?' ? '?' : `$${++n}`);
  const list = (count: number) => Array.from({ length: count }, p).join(', ');
  // Arguments are evaluated in order: the markers are numbered as the statement reads.
  const sql = `${usageSumSelect(p(), p(), p(), [
    resourceCount ? `AND resource_type IN (${list(resourceCount)})` : '',
    businessCount ? `AND business_type IN (${list(businessCount)})` : '',
  ])}
ORDER BY ${orderTerms('')}`;
  cache.set(key, sql);
  return sql;
}

/** PostgreSQL: the rows of `sums` (usageSumSelect's columns) as `usage_sums`, a JSON array of arrays in usageSumSql's order. */
function usageSumsJson(sums: string): string {
  const fields = `u.${groupColumns.split(', ').join(', u.')}, u.amount::text, u.usage::text`;
  return `(SELECT json_agg(json_build_array(${fields}) ORDER BY ${orderTerms('u.')})
  FROM (${sums}) u) AS usage_sums`;
}

/**
 * PostgreSQL: the credential of access key $1 (no row when it does not exist) and, in the same statement, the
 * usage sums of usageSumSql (its parameters from $2) as one JSON array of arrays in `usage_sums` (NULL when there
 * are none), the sums as decimal text: one row to decode instead of one per sum, each repeating the credential.
 * The sums are computed whoever the key belongs to: the caller authorises before it uses them.
 */
export function credentialWithUsageSumSql(resourceCount: number, businessCount: number): string {
  const key = `credential:${resourceCount}:${businessCount}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const sql = `SELECT c.*, ${usageSumsJson(usageSumSql(resourceCount, businessCount, '$', 2))}
FROM credentials c
WHERE c.access_key = $1`;
  cache.set(key, sql);
  return sql;
}

/**
 * PostgreSQL: credentialWithUsageSumSql for several reads in one statement. $1 is a JSON array of
 * `{i, access_key, project_id, now, resource_types, business_types}` (an empty list: no filter); one row per read,
 * in the order of `i`, the credential's columns NULL when its key does not exist. Same sums, same order, same text.
 */
export function credentialsWithUsageSumSql(): string {
  const key = 'credentials';
  const cached = cache.get(key);
  if (cached) return cached;
  const sql = `SELECT c.*, ${usageSumsJson(usageSumSelect('r.project_id', 'r.now', 'r.now', [
    'AND (cardinality(r.resource_types) = 0 OR resource_type = ANY (r.resource_types))',
    'AND (cardinality(r.business_types) = 0 OR business_type = ANY (r.business_types))',
  ]))}
FROM jsonb_to_recordset($1::jsonb)
  AS r(i int, access_key text, project_id text, now timestamptz, resource_types text[], business_types text[])
LEFT JOIN credentials c ON c.access_key = r.access_key
ORDER BY r.i`;
  cache.set(key, sql);
  return sql;
}
