// Whole-ledger export and import on PostgreSQL: a repeatable-read snapshot to read, one transaction to load.
import type pg from 'pg';
import {
  makeTotals, totalsSql, transferTables, type ColumnKind, type DumpRow, type DumpValue, type LedgerTotals,
  type LedgerTransfer, type TableSpec, type TransferSource, type TransferTarget,
} from '../transfer.js';
import { executor, type Executor } from './pg-executor.js';

type WithClient = <T>(fn: (client: pg.PoolClient) => Promise<T>) => Promise<T>;

const casts: Record<ColumnKind, string> = {
  text: 'text', int: 'bigint', micros: 'bigint', time: 'timestamptz', bool: 'boolean', bytes: 'bytea', json: 'jsonb',
};

function toDump(kind: ColumnKind, v: unknown): DumpValue {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'int': return Number(v);
    case 'micros': return String(v);
    case 'time': return (v as Date).toISOString();
    case 'bytes': return (v as Buffer).toString('base64');
    case 'json': return v as DumpValue;
    default: return v as string | boolean;
  }
}

function toParam(kind: ColumnKind, v: DumpValue): unknown {
  if (v === null) return null;
  switch (kind) {
    case 'int': return String(v);
    case 'time': return new Date(v as string);
    case 'bytes': return Buffer.from(v as string, 'base64');
    case 'json': return JSON.stringify(v);
    default: return v;
  }
}

async function totals(db: Executor): Promise<LedgerTotals> {
  const rows: Record<string, number> = {};
  for (const t of transferTables) rows[t.name] = Number((await db.rows(`SELECT COUNT(*) AS n FROM ${t.name}`))[0]!.n);
  const one = async (sql: string) => (await db.rows(sql))[0] as { a: unknown; b: unknown };
  return makeTotals(rows, {
    packages: await one(totalsSql.packages), journal: await one(totalsSql.journal), usageRecords: await one(totalsSql.usageRecords),
  });
}

async function schemaVersions(db: Executor): Promise<number[]> {
  return (await db.rows('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version));
}

export class PgTransfer implements LedgerTransfer {
  constructor(private readonly withClient: WithClient) {}

  read<T>(fn: (source: TransferSource) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      const db = executor(client);
      // One snapshot for every page: servers may keep writing, the dump stays consistent.
      await db.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await fn({
        page: async (table, after, limit) => {
          const cols = table.columns.map(([name]) => name).join(', ');
          const keys = table.key.join(', ');
          const params: unknown[] = after ? table.key.map((k) => toParam(kindOf(table, k), after[k]!)) : [];
          const where = after ? `WHERE (${keys}) > (${table.key.map((k, i) => `$${i + 1}::${casts[kindOf(table, k)]}`).join(', ')})` : '';
          const rows = await db.rows(`SELECT ${cols} FROM ${table.name} ${where} ORDER BY ${keys} LIMIT ${Number(limit)}`, params);
          return rows.map((r) => Object.fromEntries(table.columns.map(([name, kind]) => [name, toDump(kind, r[name])])));
        },
        totals: () => totals(db),
        schemaVersions: () => schemaVersions(db),
      });
      await db.exec('COMMIT');
      return result;
    });
  }

  write<T>(fn: (target: TransferTarget) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      const db = executor(client);
      await db.exec('BEGIN');
      const serialMax = new Map<string, number>();
      const result = await fn({
        rowCount: async () => Object.values((await totals(db)).rows).reduce((a, b) => a + b, 0),
        insert: async (table, rows) => {
          if (rows.length === 0) return;
          await insertRows(db, table, rows);
          if (table.serial) await advanceSequence(db, table, table.serial, rows, serialMax);
        },
        totals: () => totals(db),
        schemaVersions: () => schemaVersions(db),
      });
      await db.exec('COMMIT');
      // The planner's statistics would otherwise wait for autovacuum (or forever, where it is off): a loaded ledger
      // is planned from its real sizes from the first request. The import is committed already, so a failure here
      // only leaves that to autovacuum.
      await db.exec('ANALYZE').catch(() => {});
      return result;
    });
  }
}

function kindOf(table: TableSpec, column: string): ColumnKind {
  return table.columns.find(([name]) => name === column)![1];
}

async function insertRows(db: Executor, table: TableSpec, rows: DumpRow[]): Promise<void> {
  const params: unknown[] = [];
  const tuples = rows.map((row) => `(${table.columns.map(([name, kind]) => {
    params.push(toParam(kind, row[name] ?? null));
    return `$${params.length}::${casts[kind]}`;
  }).join(', ')})`);
  const cols = table.columns.map(([name]) => name).join(', ');
  // Not prepared: the statement text depends on the number of rows.
  await db.rowsUnprepared(`INSERT INTO ${table.name} (${cols}) VALUES ${tuples.join(', ')}`, params);
}

// Ids were kept from the source, so the sequence must continue after the largest one.
async function advanceSequence(db: Executor, table: TableSpec, column: string, rows: DumpRow[], seen: Map<string, number>): Promise<void> {
  const max = Math.max(seen.get(table.name) ?? 0, ...rows.map((r) => Number(r[column])));
  seen.set(table.name, max);
  await db.rows('SELECT setval(pg_get_serial_sequence($1, $2), $3)', [table.name, column, max]);
}
