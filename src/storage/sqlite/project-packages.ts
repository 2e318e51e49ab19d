// A project's packages that can count toward resources-usage from some instant on, packed to be summed again and again.
import type Database from 'better-sqlite3';
import type { UsageSumQuery, UsageSumRow } from '../types.js';
import { COUNTED_IN_USAGE } from '../usage-sum-sql.js';
import { DESCRIBING_JSON, compareDescriptions, describing, usageSumRow, type Description } from './usage-sum.js';

/**
 * The ONE_TIME and PERIODIC unfrozen packages not yet expired at `loadedAt`, including those not yet in effect:
 * for any instant from `loadedAt` on, filtering these by effective and expiry time gives exactly the packages the
 * SQL of usageInEffectSql selects (one expired at `loadedAt` stays expired later). Kept in the order of the rows
 * they add to (usageSumSql's ORDER BY), packages of one row next to each other, so a request adds up runs of
 * packages and its rows come out in order, without grouping or sorting anything.
 */
export interface ProjectPackages {
  loadedAt: number;
  /** per package: its seven describing columns (shared between projects) */
  descriptions: Description[];
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
  const described: Array<{ d: Description; row: Raw }> = [];
  // One object per text within the project, even if the shared cache is emptied halfway: runs are found by identity.
  const seen = new Map<string, Description>();
  for (const row of rows) {
    if (row[1] > MAX_EXACT || row[2] > MAX_EXACT) return undefined;
    let d = seen.get(row[0]);
    if (!d) {
      // The canonical copy: a project's packages repeat a few catalogue combinations.
      d = describing(row[0]);
      seen.set(row[0], d);
    }
    described.push({ d, row });
  }
  // Stable: packages of one row keep the database's order among themselves (sums do not depend on it).
  described.sort((a, b) => (a.d === b.d ? 0 : compareDescriptions(a.d, b.d)));
  const n = described.length;
  const packages: ProjectPackages = { loadedAt: now, descriptions: new Array<Description>(n), values: new Array<number>(4 * n) };
  for (let i = 0; i < n; i++) {
    const { d, row: [, amount, usage, effectiveAt, expiresAt] } = described[i]!;
    packages.descriptions[i] = d;
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
  const { descriptions, values } = packages;
  const resourceTypes = query.resourceTypes.length > 0 ? new Set(query.resourceTypes) : undefined;
  const businessTypes = query.businessTypes.length > 0 ? new Set(query.businessTypes) : undefined;
  const rows: UsageSumRow[] = [];
  const n = descriptions.length;
  for (let start = 0; start < n;) {
    const d = descriptions[start]!;
    let end = start;
    while (end < n && descriptions[end] === d) end++;
    const [resourceType, businessType] = d.columns;
    if ((!resourceTypes || resourceTypes.has(resourceType)) && (!businessTypes || businessTypes.has(businessType))) {
      const row = sumRun(d, values, start, end, now);
      if (row) rows.push(row);
    }
    start = end;
  }
  return rows;
}

/** The row of packages start..end-1 (one description) in effect at `now`; undefined when none is. */
function sumRun(d: Description, values: number[], start: number, end: number, now: number): UsageSumRow | undefined {
  let amount = 0;
  let usage = 0;
  let counted = false;
  for (let i = start; i < end; i++) {
    if (values[4 * i + 2]! > now || values[4 * i + 3]! <= now) continue;
    amount += values[4 * i]!;
    usage += values[4 * i + 1]!;
    counted = true;
  }
  if (!counted) return undefined;
  // Each value is exact; their sum in doubles is too while it stays within 2^53, else it is added up again exactly.
  if (amount > Number.MAX_SAFE_INTEGER || usage > Number.MAX_SAFE_INTEGER) {
    let exactAmount = 0n;
    let exactUsage = 0n;
    for (let i = start; i < end; i++) {
      if (values[4 * i + 2]! > now || values[4 * i + 3]! <= now) continue;
      exactAmount += BigInt(values[4 * i]!);
      exactUsage += BigInt(values[4 * i + 1]!);
    }
    return usageSumRow(d, exactAmount, exactUsage);
  }
  return usageSumRow(d, BigInt(amount), BigInt(usage));
}
