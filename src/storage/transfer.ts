// Moving a ledger between backends: the tables in load order, their columns in a backend-neutral form, the totals compared.

/**
 * How a column travels in a dump: text as strings, ids as numbers, micro-units as decimal strings (bigint-safe),
 * times as RFC 3339 strings, booleans as booleans, bytes as base64, JSON columns as JSON values.
 */
export type ColumnKind = 'text' | 'int' | 'micros' | 'time' | 'bool' | 'bytes' | 'json';

export interface TableSpec {
  name: string;
  columns: ReadonlyArray<readonly [string, ColumnKind]>;
  /** The unique key rows are paged and ordered by (an indexed one on both backends). */
  key: readonly string[];
  /** An id the database generates, which an import keeps (journal order and usage-record markers depend on it). */
  serial?: string;
}

/** Parents before children, so foreign keys hold while loading. Every ledger table must be listed (a test checks it). */
export const transferTables: readonly TableSpec[] = [
  {
    name: 'projects', key: ['project_id'],
    columns: [['project_id', 'text'], ['name', 'text'], ['parent_project_id', 'text'], ['status', 'text'],
      ['on_demand_overflow', 'json'], ['created_at', 'time']],
  },
  {
    name: 'credentials', key: ['project_id', 'access_key'],
    columns: [['project_id', 'text'], ['access_key', 'text'], ['role', 'text'], ['secret_ciphertext', 'bytes'],
      ['status', 'text'], ['created_at', 'time']],
  },
  {
    name: 'users', key: ['project_id', 'user_id'],
    columns: [['project_id', 'text'], ['user_id', 'text'], ['name', 'text'], ['domain_id', 'text'], ['domain_name', 'text'],
      ['role', 'text'], ['password_hash', 'text'], ['token_generation', 'int'], ['status', 'text'], ['created_at', 'time'],
      ['updated_at', 'time']],
  },
  {
    name: 'packages', key: ['project_id', 'resource_id'],
    columns: [['project_id', 'text'], ['resource_id', 'text'], ['order_id', 'text'], ['resource_type', 'text'],
      ['business_type', 'text'], ['sub_resource_type', 'text'], ['is_sub_resource', 'bool'], ['parent_resource_id', 'text'],
      ['charging_mode', 'text'], ['resource_source', 'text'], ['unit', 'text'], ['amount', 'micros'], ['usage', 'micros'],
      ['status', 'int'], ['effective_at', 'time'], ['expires_at', 'time'], ['bound_asset_id', 'text'],
      ['bound_asset_name', 'text'], ['created_at', 'time'], ['updated_at', 'time']],
  },
  {
    name: 'allocations', key: ['project_id', 'allocation_id'],
    columns: [['project_id', 'text'], ['allocation_id', 'text'], ['source_resource_id', 'text'], ['customer_project_id', 'text'],
      ['customer_resource_id', 'text'], ['allocated_amount', 'micros'], ['reclaimed_amount', 'micros'], ['status', 'text'],
      ['created_at', 'time'], ['reclaimed_at', 'time'], ['actor', 'text'], ['request_id', 'text']],
  },
  {
    name: 'journal', key: ['project_id', 'entry_id'], serial: 'entry_id',
    columns: [['entry_id', 'int'], ['project_id', 'text'], ['resource_id', 'text'], ['kind', 'text'],
      ['amount_delta', 'micros'], ['usage_delta', 'micros'], ['amount_after', 'micros'], ['usage_after', 'micros'],
      ['record_id', 'text'], ['actor', 'text'], ['request_id', 'text'], ['created_at', 'time']],
  },
  {
    name: 'audit', key: ['project_id', 'audit_id'], serial: 'audit_id',
    columns: [['audit_id', 'int'], ['project_id', 'text'], ['action', 'text'], ['target_id', 'text'], ['actor', 'text'],
      ['request_id', 'text'], ['source_address', 'text'], ['detail', 'json'], ['created_at', 'time']],
  },
  {
    name: 'usage_records', key: ['project_id', 'seq'], serial: 'seq',
    columns: [['seq', 'int'], ['project_id', 'text'], ['record_id', 'text'], ['resource_type', 'text'],
      ['business_type', 'text'], ['sub_resource_type', 'text'], ['quantity', 'micros'], ['overflow_quantity', 'micros'],
      ['allocations', 'json'], ['fingerprint', 'text'], ['status', 'text'], ['occurred_at', 'time'], ['created_at', 'time'],
      ['reversed_at', 'time'], ['actor', 'text'], ['request_id', 'text']],
  },
];

export type DumpValue = string | number | boolean | null | unknown[] | { [key: string]: unknown };
export type DumpRow = Record<string, DumpValue>;

/** What must be equal on both sides of a move. Sums are decimal strings of micro-units. */
export interface LedgerTotals {
  rows: Record<string, number>;
  packageAmount: string;
  packageUsage: string;
  journalAmountDelta: string;
  journalUsageDelta: string;
  recordQuantity: string;
  recordOverflow: string;
}

/** The same totals SQL runs on both backends; each returns one row of bigints. */
export const totalsSql = {
  packages: 'SELECT COALESCE(SUM(amount), 0) AS a, COALESCE(SUM(usage), 0) AS b FROM packages',
  journal: 'SELECT COALESCE(SUM(amount_delta), 0) AS a, COALESCE(SUM(usage_delta), 0) AS b FROM journal',
  usageRecords: 'SELECT COALESCE(SUM(quantity), 0) AS a, COALESCE(SUM(overflow_quantity), 0) AS b FROM usage_records',
};

export interface TransferSource {
  /** Up to `limit` rows of the table in key order, after the row `after` (the last of the previous page). */
  page(table: TableSpec, after: DumpRow | undefined, limit: number): Promise<DumpRow[]>;
  totals(): Promise<LedgerTotals>;
  schemaVersions(): Promise<number[]>;
}

export interface TransferTarget {
  /** Rows in any ledger table. */
  rowCount(): Promise<number>;
  insert(table: TableSpec, rows: DumpRow[]): Promise<void>;
  totals(): Promise<LedgerTotals>;
  schemaVersions(): Promise<number[]>;
}

export interface LedgerTransfer {
  /** Runs fn over one consistent snapshot of the whole ledger. */
  read<T>(fn: (source: TransferSource) => Promise<T>): Promise<T>;
  /** Runs fn in one transaction, committed only if fn returns (a failed import leaves nothing behind). */
  write<T>(fn: (target: TransferTarget) => Promise<T>): Promise<T>;
}

/** Accumulates totals from the rows themselves, to check a dump against the totals its source computed. */
export class TotalsCounter {
  private readonly rows: Record<string, number> = Object.fromEntries(transferTables.map((t) => [t.name, 0]));
  private readonly sums = new Map<string, bigint>();

  add(table: string, row: DumpRow): void {
    this.rows[table] = (this.rows[table] ?? 0) + 1;
    const pairs: Record<string, [string, string]> = {
      packages: ['amount', 'usage'], journal: ['amount_delta', 'usage_delta'], usage_records: ['quantity', 'overflow_quantity'],
    };
    for (const column of pairs[table] ?? []) {
      const key = `${table}.${column}`;
      this.sums.set(key, (this.sums.get(key) ?? 0n) + BigInt(row[column] as string));
    }
  }

  totals(): LedgerTotals {
    const sum = (key: string) => (this.sums.get(key) ?? 0n).toString();
    return {
      rows: { ...this.rows },
      packageAmount: sum('packages.amount'), packageUsage: sum('packages.usage'),
      journalAmountDelta: sum('journal.amount_delta'), journalUsageDelta: sum('journal.usage_delta'),
      recordQuantity: sum('usage_records.quantity'), recordOverflow: sum('usage_records.overflow_quantity'),
    };
  }
}

/** Builds LedgerTotals from per-table counts and the three totalsSql rows. */
export function makeTotals(rows: Record<string, number>, sums: Record<keyof typeof totalsSql, { a: unknown; b: unknown }>): LedgerTotals {
  const s = (v: unknown) => BigInt(v as bigint | string | number).toString();
  return {
    rows,
    packageAmount: s(sums.packages.a), packageUsage: s(sums.packages.b),
    journalAmountDelta: s(sums.journal.a), journalUsageDelta: s(sums.journal.b),
    recordQuantity: s(sums.usageRecords.a), recordOverflow: s(sums.usageRecords.b),
  };
}

/** The fields where two totals differ, e.g. ["rows.journal: 10 != 9"]; empty when equal. */
export function diffTotals(a: LedgerTotals, b: LedgerTotals): string[] {
  const out: string[] = [];
  for (const t of transferTables) {
    if ((a.rows[t.name] ?? 0) !== (b.rows[t.name] ?? 0)) out.push(`rows.${t.name}: ${a.rows[t.name] ?? 0} != ${b.rows[t.name] ?? 0}`);
  }
  for (const k of ['packageAmount', 'packageUsage', 'journalAmountDelta', 'journalUsageDelta', 'recordQuantity', 'recordOverflow'] as const) {
    if (a[k] !== b[k]) out.push(`${k}: ${a[k]} != ${b[k]}`);
  }
  return out;
}
