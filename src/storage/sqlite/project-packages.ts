// A project's packages that can count toward resources-usage from some instant on, packed to be summed again and again.
import type Database from 'better-sqlite3';
import type { UsageSumQuery, UsageSumRow } from '../types.js';
import { DESCRIBING_JSON, describing, sumUsageRows } from './usage-sum.js';

/**
 * The ONE_TIME and PERIODIC unfrozen packages not yet expired at `loadedAt`, including those not yet in effect:
 * for any instant from `loadedAt` on, filtering these by effective and expiry time gives exactly the packages the
 * SQL of usageInEffectSql selects (one expired at `loadedAt` stays expired later). Amounts are exact 64-bit integers.
 */
export interface ProjectPackages {
  loadedAt: number;
  /** per package: the seven describing columns as one JSON array text (shared between projects) */
  keys: string[];
  /** per package i: amount at 2i, usage at 2i + 1 */
  quantities: BigInt64Array;
  /** per package i: effective time at 2i, expiry time at 2i + 1 (Infinity: never expires) */
  times: Float64Array;
}

export const PROJECT_PACKAGES_SQL = `SELECT ${DESCRIBING_JSON}, amount, usage, effective_at, expires_at
FROM packages
WHERE project_id = ? AND charging_mode IN ('ONE_TIME', 'PERIODIC') AND status = 0 AND (expires_at IS NULL OR expires_at > ?)`;

// What one package and one project cost in memory (measured: 20 packages of a project took 889 bytes in all). Two
// typed arrays, not one per column: each array has a fixed cost of about 350 bytes.
const BYTES_PER_PACKAGE = 40;
const BYTES_PER_PROJECT = 200;

type Raw = [string, bigint, bigint, bigint, bigint | null];

/** Reads the project's packages with PROJECT_PACKAGES_SQL prepared as a raw statement (rows as arrays). */
export function loadProjectPackages(statement: Database.Statement, projectId: string, now: number): { value: ProjectPackages; bytes: number } {
  const rows = statement.all(projectId, now) as Raw[];
  const n = rows.length;
  const packages: ProjectPackages = {
    loadedAt: now, keys: new Array<string>(n), quantities: new BigInt64Array(2 * n), times: new Float64Array(2 * n),
  };
  for (let i = 0; i < n; i++) {
    const [key, amount, usage, effectiveAt, expiresAt] = rows[i]!;
    // The canonical copy of the text: a project's packages repeat a few catalogue combinations.
    packages.keys[i] = describing(key).text;
    packages.quantities[2 * i] = amount;
    packages.quantities[2 * i + 1] = usage;
    packages.times[2 * i] = Number(effectiveAt);
    packages.times[2 * i + 1] = expiresAt === null ? Infinity : Number(expiresAt);
  }
  return { value: packages, bytes: BYTES_PER_PROJECT + n * BYTES_PER_PACKAGE };
}

/** The resources-usage sums of `query` (at query.now, which must not be before loadedAt), as SqliteReader.sumUsage. */
export function sumProjectPackages(packages: ProjectPackages, query: UsageSumQuery): UsageSumRow[] {
  const now = query.now.getTime();
  const resourceTypes = query.resourceTypes.length > 0 ? new Set(query.resourceTypes) : undefined;
  const businessTypes = query.businessTypes.length > 0 ? new Set(query.businessTypes) : undefined;
  const rows: [string, bigint, bigint][] = [];
  for (let i = 0; i < packages.keys.length; i++) {
    if (packages.times[2 * i]! > now || packages.times[2 * i + 1]! <= now) continue;
    const key = packages.keys[i]!;
    if (resourceTypes || businessTypes) {
      const [resourceType, businessType] = describing(key).columns;
      if (resourceTypes && !resourceTypes.has(resourceType)) continue;
      if (businessTypes && !businessTypes.has(businessType)) continue;
    }
    rows.push([key, packages.quantities[2 * i]!, packages.quantities[2 * i + 1]!]);
  }
  return sumUsageRows(rows);
}
