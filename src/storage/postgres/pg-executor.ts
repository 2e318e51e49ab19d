// Runs SQL on read lanes or the pool (outside transactions) or on one client (a transaction), as named prepared statements.
import crypto from 'node:crypto';
import type pg from 'pg';
import { translate } from './pg-errors.js';

export type Raw = Record<string, unknown>;

export interface Executor {
  rows(sql: string, params?: unknown[]): Promise<Raw[]>;
  /** Number of rows the statement changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
  /** For statements whose text varies (multi-row inserts): not kept as a prepared statement. */
  rowsUnprepared(sql: string, params: unknown[]): Promise<Raw[]>;
  /** A statement without parameters or prepared plan (transaction control, savepoints, DDL). */
  exec(sql: string): Promise<void>;
}

const names = new Map<string, string>();

// A statement is parsed and planned once per connection; the name is derived from the text so it never clashes.
export function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = 's' + crypto.createHash('sha1').update(sql).digest('hex').slice(0, 20);
    names.set(sql, name);
  }
  return name;
}

/** Whatever runs a statement: the pool, a checked-out client, the read lanes. */
export interface Queryable {
  query(config: pg.QueryConfig): Promise<pg.QueryResult>;
}

export function executor(target: Queryable): Executor {
  const query = async (sql: string, params: unknown[]) => {
    try {
      return await target.query({ name: statementName(sql), text: sql, values: params });
    } catch (err) {
      throw translate(err);
    }
  };
  return {
    rows: async (sql, params = []) => (await query(sql, params)).rows as Raw[],
    run: async (sql, params = []) => (await query(sql, params)).rowCount ?? 0,
    rowsUnprepared: async (sql, params) => {
      try {
        return (await target.query({ text: sql, values: params })).rows as Raw[];
      } catch (err) {
        throw translate(err);
      }
    },
    exec: async (sql) => {
      try {
        await target.query({ text: sql });
      } catch (err) {
        throw translate(err);
      }
    },
  };
}
