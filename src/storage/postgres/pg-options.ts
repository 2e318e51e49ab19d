// Connection settings of the PostgreSQL store: bounded connections and timeouts, so a slow or vanished database never hangs a request.
import pg from 'pg';

export interface PostgresOptions {
  /** Connections per process (pooled and pipelined together); N servers use up to N times this many. */
  poolMax: number;
  /** Server-side limit per statement, lock waits included. */
  statementTimeoutMs: number;
  /** Limit for opening a connection, and for waiting for a free one from the pool. */
  connectTimeoutMs: number;
}

export const defaultPostgresOptions: PostgresOptions = { poolMax: 10, statementTimeoutMs: 5000, connectTimeoutMs: 5000 };

// BIGINT micro-units and counts come back as bigint, never as lossy numbers; SUM(bigint) is NUMERIC but always integral here.
const toBigInt = (text: string) => BigInt(text);
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC
      ? toBigInt
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** What every connection gets, pooled or pipelined: the limits are set once at connect, never per statement. */
export function clientConfig(url: string, opts: PostgresOptions): pg.ClientConfig {
  return {
    connectionString: url,
    connectionTimeoutMillis: opts.connectTimeoutMs,
    statement_timeout: opts.statementTimeoutMs,
    // The client-side bound matters when the network goes silent: the server cannot enforce anything then.
    query_timeout: opts.statementTimeoutMs + 2000,
    // A process stopped mid-transaction must not hold package locks for long.
    idle_in_transaction_session_timeout: 60_000,
    keepAlive: true,
    application_name: 'tenant-ledger',
    types,
  };
}

/**
 * How poolMax is shared: up to two pipelined read lanes (one per core of a small machine; a third adds nothing but a
 * connection), the rest pooled for transactions and whole-ledger scans. A pool of one keeps everything pooled.
 */
export function splitConnections(poolMax: number): { lanes: number; pool: number } {
  const lanes = poolMax >= 3 ? 2 : poolMax - 1;
  return { lanes, pool: poolMax - lanes };
}

/** A connection unused this long is closed, pooled or lane alike. */
export const IDLE_MS = 30_000;

export function createPool(url: string, opts: PostgresOptions, max: number): pg.Pool {
  // Pipeline mode lets a transaction send statements without waiting for each answer (pg-tx-executor.ts).
  const pool = new pg.Pool({ ...clientConfig(url, opts), max, idleTimeoutMillis: IDLE_MS, pipeline: true });
  // An idle connection that drops emits 'error' on the pool; unhandled, it would kill the process.
  // The pool discards that connection and the next query opens a new one, so there is nothing else to do.
  pool.on('error', () => {});
  return pool;
}

/** The connection string without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return 'postgres (unparsable URL)';
  }
}
