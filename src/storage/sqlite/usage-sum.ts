// The resources-usage sums on SQLite: the packages in effect are read as plain arrays and added up here.
import type { UsageSumQuery, UsageSumRow } from '../types.js';
import { COUNTED_IN_USAGE } from '../usage-sum-sql.js';

/**
 * Same rows and order as usageSumSql, which PostgreSQL runs: SQLite's GROUP BY over seven text columns builds
 * two temporary B-trees per request and costs twice as much as reading the project's few rows and summing them.
 * Columns: the seven describing columns as one JSON array (one string per row for SQLite to hand over instead
 * of seven: turning cells into JavaScript values was half the statement's cost), amount, usage.
 */
export function usageInEffectSql(resourceCount: number, businessCount: number): string {
  const key = `${resourceCount}:${businessCount}`;
  let sql = statements.get(key);
  if (!sql) {
    sql = buildSql(resourceCount, businessCount);
    statements.set(key, sql);
  }
  return sql;
}

const statements = new Map<string, string>();

/** The seven columns that tell resources-usage rows apart, as one JSON array text per package. */
export const DESCRIBING_JSON =
  'json_array(resource_type, business_type, sub_resource_type, is_sub_resource, charging_mode, resource_source, unit)';

function buildSql(resourceCount: number, businessCount: number): string {
  const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  return `SELECT ${DESCRIBING_JSON}, amount, usage
FROM packages
WHERE project_id = ? AND ${COUNTED_IN_USAGE}
  AND effective_at <= ? AND (expires_at IS NULL OR expires_at > ?)
  ${resourceCount ? `AND resource_type IN (${list(resourceCount)})` : ''}
  ${businessCount ? `AND business_type IN (${list(businessCount)})` : ''}`;
}

export function usageInEffectParams(query: UsageSumQuery): unknown[] {
  const now = query.now.getTime();
  return [query.projectId, now, now, ...query.resourceTypes, ...query.businessTypes];
}

type Row = [string, bigint, bigint];
type Describing = [string, string, string | null, number, string, string, string];

/** One combination of the seven describing columns, parsed once and shared by the rows and packages that have it. */
export interface Description {
  columns: Describing;
}

// The JSON arrays seen so far, parsed: a tenant's packages repeat a few catalogue combinations. Bounded, as
// operators may grant packages of any text.
const describingCache = new Map<string, Description>();
const MAX_CACHED = 4096;

/** The shared description of one JSON array text of the seven describing columns. */
export function describing(json: string): Description {
  let d = describingCache.get(json);
  if (!d) {
    d = { columns: JSON.parse(json) as Describing };
    if (describingCache.size >= MAX_CACHED) describingCache.clear();
    describingCache.set(json, d);
  }
  return d;
}

/** Adds up rows that share all seven describing columns (the same JSON text), ordered as usageSumSql's ORDER BY. */
export function sumUsageRows(rows: readonly unknown[][]): UsageSumRow[] {
  const groups = new Map<string, UsageSumRow>();
  for (const raw of rows) {
    const [key, amount, usage] = raw as Row;
    const group = groups.get(key);
    if (group) {
      group.amount += amount;
      group.usage += usage;
    } else {
      groups.set(key, usageSumRow(describing(key), amount, usage));
    }
  }
  return [...groups.values()].sort(compareRows);
}

/** The row of one description and its totals. */
export function usageSumRow(d: Description, amount: bigint, usage: bigint): UsageSumRow {
  // A literal, not a spread of a cached object: the spread cost more than reading the rows.
  const [resourceType, businessType, subResourceType, isSub, chargingMode, resourceSource, unit] = d.columns;
  return {
    resourceType, businessType, subResourceType, isSubResource: isSub === 1, chargingMode, resourceSource, unit, amount, usage,
    description: d,
  };
}

/** The order of usageSumSql's ORDER BY between two descriptions (negative: `a` first). */
export function compareDescriptions(a: Description, b: Description): number {
  return compareRows(usageSumRow(a, 0n, 0n), usageSumRow(b, 0n, 0n));
}

// ORDER BY resource_type, business_type, is_sub_resource, COALESCE(sub_resource_type, ''), charging_mode,
// resource_source, unit, sub_resource_type IS NOT NULL: SQLite compares text bytewise, as JavaScript's < does for these ASCII identifiers.
function compareRows(a: UsageSumRow, b: UsageSumRow): number {
  return cmp(a.resourceType, b.resourceType) || cmp(a.businessType, b.businessType)
    || Number(a.isSubResource) - Number(b.isSubResource) || cmp(a.subResourceType ?? '', b.subResourceType ?? '')
    || cmp(a.chargingMode, b.chargingMode) || cmp(a.resourceSource, b.resourceSource) || cmp(a.unit, b.unit)
    || Number(a.subResourceType !== null) - Number(b.subResourceType !== null);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
