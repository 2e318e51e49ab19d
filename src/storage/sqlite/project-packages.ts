// A project's packages that can count toward resources-usage from some instant on, packed to be summed again and again.
import type Database from 'better-sqlite3';
import type { UsageSumQuery, UsageSumRow } from '../types.js';
import { COUNTED_IN_USAGE } from '../usage-sum-sql.js';
import { DESCRIBING_JSON, describing, sumUsageRows } from './usage-sum.js';

/**
 * The ONE_TIME and PERIODIC unfrozen packages not yet expired at `loadedAt`, including those not yet in effect:
 * for any instant from `loadedAt` on, filtering these by effective and expiry time gives exactly the packages the
 * SQL of usageInEffectSql selects (one expired at `loadedAt` stays expired later).
 */
export interface ProjectPackages {
  loadedAt: number;
  /** per package: the seven describing columns as one JSON array text (shared between projects) */
  keys: string[];
  /**
   * per package i, at 4i: amount, usage (micro-units, exact: a project with a larger one is not kept), effective
   * time, expiry time (Infinity: never expires). A plain array of doubles: a typed array costs about 200 bytes more.
   */
  values: number[];
}

export const PROJECT_PACKAGES_SQL = `SELECT ${DESCRIBING_JSON}, amount, usage, effective_at, expires_at
FROM packages
WHERE project_id = ? AND ${COUNTED_IN_USAGE} AND (expires_at IS NULL OR expires_at > ?)`;

// What a project costs in memory, measured on the benchmark's ledger with V8's heap statistics (18,000 projects of
// about 17 such packages: 937 bytes each, a little under this): the entry, its key, the object, the two arrays, and
// 40 bytes a package.
const BYTES_PER_PACKAGE = 40;
const BYTES_PER_PROJECT = 350;

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

type Raw = [string, bigint, bigint, bigint, bigint | null];

/**
 * Reads the project's packages with PROJECT_PACKAGES_SQL prepared as a raw statement (rows as arrays); undefined
 * when an amount or usage is beyond what a double holds exactly (2^53 micro-units): such a project is read from SQL.
 */
export function loadProjectPackages(
  statement: Database.Statement, projectId: string, now: number,
): { value: ProjectPackages; bytes: number } | undefined {
  const rows = statement.all(projectId, now) as Raw[];
  const n = rows.length;
  const packages: ProjectPackages = { loadedAt: now, keys: new Array<string>(n), values: new Array<number>(4 * n) };
  for (let i = 0; i < n; i++) {
    const [key, amount, usage, effectiveAt, expiresAt] = rows[i]!;
    if (amount > MAX_EXACT || usage > MAX_EXACT) return undefined;
    // The canonical copy of the text: a project's packages repeat a few catalogue combinations.
    packages.keys[i] = describing(key).text;
    packages.values[4 * i] = Number(amount);
    packages.values[4 * i + 1] = Number(usage);
    packages.values[4 * i + 2] = Number(effectiveAt);
    packages.values[4 * i + 3] = expiresAt === null ? Infinity : Number(expiresAt);
  }
  return { value: packages, bytes: BYTES_PER_PROJECT + n * BYTES_PER_PACKAGE };
}

/** The resources-usage sums of `query` (at query.now, which must not be before loadedAt), as SqliteReader.sumUsage. */
export function sumProjectPackages(packages: ProjectPackages, query: UsageSumQuery): UsageSumRow[] {
  const now = query.now.getTime();
  const { keys, values } = packages;
  const resourceTypes = query.resourceTypes.length > 0 ? new Set(query.resourceTypes) : undefined;
  const businessTypes = query.businessTypes.length > 0 ? new Set(query.businessTypes) : undefined;
  const rows: [string, bigint, bigint][] = [];
  for (let i = 0; i < keys.length; i++) {
    if (values[4 * i + 2]! > now || values[4 * i + 3]! <= now) continue;
    const key = keys[i]!;
    if (resourceTypes || businessTypes) {
      const [resourceType, businessType] = describing(key).columns;
      if (resourceTypes && !resourceTypes.has(resourceType)) continue;
      if (businessTypes && !businessTypes.has(businessType)) continue;
    }
    rows.push([key, BigInt(values[4 * i]!), BigInt(values[4 * i + 1]!)]);
  }
  return sumUsageRows(rows);
}
