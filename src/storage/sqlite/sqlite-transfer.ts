// Whole-ledger export and import on SQLite: one read transaction (a WAL snapshot) to read, one write transaction to load.
import type Database from 'better-sqlite3';
import type { Mutex } from '../mutex.js';
import {
  makeTotals, totalsSql, transferTables, type ColumnKind, type DumpRow, type DumpValue, type LedgerTotals,
  type LedgerTransfer, type TableSpec, type TransferSource, type TransferTarget,
} from '../transfer.js';

type Db = Database.Database;

function toDump(kind: ColumnKind, v: unknown): DumpValue {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'int': return Number(v);
    case 'micros': return String(v);
    case 'time': return new Date(Number(v)).toISOString();
    case 'bool': return Number(v) === 1;
    case 'bytes': return (v as Buffer).toString('base64');
    case 'json': return JSON.parse(v as string) as DumpValue;
    default: return v as string;
  }
}

function toParam(kind: ColumnKind, v: DumpValue): unknown {
  if (v === null) return null;
  switch (kind) {
    case 'int': return BigInt(v as number);
    case 'micros': return BigInt(v as string);
    case 'time': return Date.parse(v as string);
    case 'bool': return v ? 1 : 0;
    case 'bytes': return Buffer.from(v as string, 'base64');
    case 'json': return JSON.stringify(v);
    default: return v;
  }
}

function totals(db: Db): LedgerTotals {
  const rows: Record<string, number> = {};
  for (const t of transferTables) rows[t.name] = Number((db.prepare(`SELECT COUNT(*) AS n FROM ${t.name}`).get() as { n: bigint }).n);
  const one = (sql: string) => db.prepare(sql).get() as { a: unknown; b: unknown };
  return makeTotals(rows, { packages: one(totalsSql.packages), journal: one(totalsSql.journal), usageRecords: one(totalsSql.usageRecords) });
}

function schemaVersions(db: Db): number[] {
  return (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: bigint }[]).map((r) => Number(r.version));
}

function kindOf(table: TableSpec, column: string): ColumnKind {
  return table.columns.find(([name]) => name === column)![1];
}

export class SqliteTransfer implements LedgerTransfer {
  /** `afterWrite` runs once an import's transaction has ended, committed or not. */
  constructor(
    private readonly readerDb: Db,
    private readonly writerDb: Db,
    private readonly writeLock: Mutex,
    private readonly afterWrite: () => void = () => undefined,
  ) {}

  async read<T>(fn: (source: TransferSource) => Promise<T>): Promise<T> {
    const db = this.readerDb;
    // A read transaction in WAL mode sees one snapshot for every page, whatever other processes commit meanwhile.
    db.exec('BEGIN');
    try {
      return await fn({
        page: async (table, after, limit) => {
          const cols = table.columns.map(([name]) => name).join(', ');
          const keys = table.key.join(', ');
          const where = after ? `WHERE (${keys}) > (${table.key.map(() => '?').join(', ')})` : '';
          const params = after ? table.key.map((k) => toParam(kindOf(table, k), after[k]!)) : [];
          const rows = db.prepare(`SELECT ${cols} FROM ${table.name} ${where} ORDER BY ${keys} LIMIT ${Number(limit)}`).all(...params) as Record<string, unknown>[];
          return rows.map((r) => Object.fromEntries(table.columns.map(([name, kind]) => [name, toDump(kind, r[name])])));
        },
        totals: async () => totals(db),
        schemaVersions: async () => schemaVersions(db),
      });
    } finally {
      if (db.inTransaction) db.exec('COMMIT');
    }
  }

  write<T>(fn: (target: TransferTarget) => Promise<T>): Promise<T> {
    const db = this.writerDb;
    return this.writeLock.run(async () => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn({
          rowCount: async () => Object.values(totals(db).rows).reduce((a, b) => a + b, 0),
          insert: async (table, rows) => {
            const cols = table.columns.map(([name]) => name);
            const insert = db.prepare(`INSERT INTO ${table.name} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
            for (const row of rows) insert.run(...table.columns.map(([name, kind]) => toParam(kind, row[name] ?? null)));
          },
          totals: async () => totals(db),
          schemaVersions: async () => schemaVersions(db),
        });
        db.exec('COMMIT');
        return result;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      } finally {
        this.afterWrite();
      }
    });
  }
}
