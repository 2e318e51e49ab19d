// The PostgreSQL Store: a bounded pool shared by any number of stateless server processes; consistency from row locks.
import type pg from 'pg';
import { LedgerError } from '../../domain/errors.js';
import type { LedgerTransfer } from '../transfer.js';
import type { CredentialWithUsage, LedgerTx, MigrationStatus, PoolStats, Store, UsageSumQuery, UsageSumRow } from '../types.js';
import { credentialWithUsageSumSql, credentialsWithUsageSumSql } from '../usage-sum-sql.js';
import { CredentialReadBatch } from './credential-read-batch.js';
import { postgresMigrations } from './migrations/index.js';
import { credentialFromRow, usageSumFromRow } from './rows.js';
import { isConnectionFailure, isRetryable, translate } from './pg-errors.js';
import { executor, type Executor } from './pg-executor.js';
import { PgLedger } from './pg-ledger.js';
import {
  IDLE_MS, clientConfig, createPool, defaultPostgresOptions, redactUrl, splitConnections, type PostgresOptions,
} from './pg-options.js';
import { PgReader } from './pg-reader.js';
import { ReadLanes } from './pg-read-lanes.js';
import { PgTransfer } from './pg-transfer.js';
import { txExecutor } from './pg-tx-executor.js';

/** A sum as credentialWithUsageSumSql writes it into its JSON array: usageSumSql's columns in order, sums as text. */
function usageSumFromArray([resource_type, business_type, sub_resource_type, is_sub_resource, charging_mode, resource_source, unit,
  amount, usage]: unknown[]): UsageSumRow {
  return usageSumFromRow({ resource_type, business_type, sub_resource_type, is_sub_resource, charging_mode, resource_source, unit, amount, usage });
}

/** A row of credentialWithUsageSumSql (or credentialsWithUsageSumSql), absent when the key does not exist. */
function credentialWithUsageFromRow(row: Record<string, unknown> | undefined): CredentialWithUsage {
  if (!row) return { credential: undefined, usage: [] };
  const sums = (row.usage_sums ?? []) as unknown[][];
  return { credential: credentialFromRow(row), usage: sums.map(usageSumFromArray) };
}

/** Attempts of one transaction that keeps losing deadlocks or serialization checks, before giving up with 503. */
const MAX_ATTEMPTS = 8;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// One lock for every tenant-ledger process migrating this database: the others wait, then find nothing to do.
const MIGRATION_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('tenant-ledger/migrations', 0))";

export class PostgresStore extends PgReader implements Store {
  readonly backend = 'postgres' as const;
  readonly serialisesWriters = false;
  private closed = false;

  private constructor(readonly location: string, private readonly pool: pg.Pool, private readonly lanes: ReadLanes | undefined) {
    super(executor(lanes ?? pool), executor(pool));
  }

  /** Creates the pool and the read lanes; nothing connects until the first query. */
  static open(url: string, options: Partial<PostgresOptions> = {}): PostgresStore {
    const opts = { ...defaultPostgresOptions, ...options };
    const split = splitConnections(opts.poolMax);
    const lanes = split.lanes > 0 ? new ReadLanes(clientConfig(url, opts), split.lanes, IDLE_MS) : undefined;
    return new PostgresStore(redactUrl(url), createPool(url, opts, split.pool), lanes);
  }

  /** On the pool (the executor scans use, not a read lane): readiness means a transaction can get a connection. */
  async ping(): Promise<void> {
    await this.scans.rows('SELECT 1');
  }

  async migrationStatus(): Promise<MigrationStatus> {
    const applied = await this.appliedVersions(this.scans);
    const pending = postgresMigrations.map((m) => m.version).filter((v) => !applied.includes(v));
    return { applied, pending };
  }

  async migrate(): Promise<MigrationStatus> {
    // DDL is transactional here: every pending migration lands, or none does.
    await this.withClient(async (client) => {
      const db = executor(client);
      await db.exec('BEGIN');
      await db.exec(MIGRATION_LOCK);
      await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)');
      const applied = new Set(await this.appliedVersions(db));
      for (const m of [...postgresMigrations].sort((a, b) => a.version - b.version)) {
        if (applied.has(m.version)) continue;
        await db.exec(m.sql);
        await db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [m.version, m.name]);
      }
      await db.exec('COMMIT');
    });
    return this.migrationStatus();
  }

  private async appliedVersions(db: Executor): Promise<number[]> {
    const [exists] = await db.rows("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
    if (!exists?.present) return [];
    const rows = await db.rows('SELECT version FROM schema_migrations ORDER BY version');
    return rows.map((r) => Number(r.version));
  }

  async transaction<T>(fn: (tx: LedgerTx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.withClient(async (client) => {
          const tx = txExecutor(client);
          const result = await fn(new PgLedger(tx));
          await tx.commit();
          return result;
        });
      } catch (err) {
        if (!isRetryable(err)) throw err;
        if (attempt >= MAX_ATTEMPTS) {
          throw new LedgerError('UNAVAILABLE', `the transaction was aborted ${attempt} times by concurrent writers: ${(err as Error).message}`);
        }
        // Jittered backoff, so the transactions that deadlocked together do not collide again.
        await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt));
      }
    }
  }

  /**
   * One statement for a read's two (see Store.findCredentialWithUsage): outside a transaction, like both. Reads
   * asked for in the same moment share one statement (CredentialReadBatch).
   */
  findCredentialWithUsage(accessKey: string, usage: UsageSumQuery): Promise<CredentialWithUsage> {
    return this.credentialReads.read(accessKey, usage);
  }

  private readonly credentialReads = new CredentialReadBatch<CredentialWithUsage>(
    async ({ accessKey, usage }) => {
      // As sumUsage: repeated filter values are dropped (each list length is a prepared statement on every connection).
      const resourceTypes = [...new Set(usage.resourceTypes)];
      const businessTypes = [...new Set(usage.businessTypes)];
      const rows = await this.db.rows(credentialWithUsageSumSql(resourceTypes.length, businessTypes.length),
        [accessKey, usage.projectId, usage.now, usage.now, ...resourceTypes, ...businessTypes]);
      return credentialWithUsageFromRow(rows[0]);
    },
    async (reads) => {
      const json = JSON.stringify(reads.map(({ accessKey, usage }, i) => ({
        i, access_key: accessKey, project_id: usage.projectId, now: usage.now.toISOString(),
        resource_types: usage.resourceTypes, business_types: usage.businessTypes,
      })));
      const rows = await this.db.rows(credentialsWithUsageSumSql(), [json]);
      return rows.map((row) => credentialWithUsageFromRow(row.access_key === null ? undefined : row));
    },
  );

  /** Read lanes count as connections too: active while statements are queued on them. */
  poolStats(): PoolStats {
    const { totalCount, idleCount, waitingCount } = this.pool;
    const lanes = this.lanes?.stats() ?? { open: 0, busy: 0 };
    return {
      size: totalCount + lanes.open, active: totalCount - idleCount + lanes.busy, idle: idleCount + lanes.open - lanes.busy,
      waiting: waitingCount,
    };
  }

  transfer(): LedgerTransfer {
    return new PgTransfer((fn) => this.withClient(fn));
  }

  /**
   * Runs fn on one pooled connection. On failure the open transaction is rolled back; a connection that failed
   * (or whose state is unknown) is discarded instead of going back to the pool.
   */
  private async withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (this.closed) throw new LedgerError('UNAVAILABLE', 'the database connection is closed');
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw translate(err);
    }
    let discard: Error | undefined;
    // A checked-out connection that dies emits 'error' on its client; without a listener that would end the process.
    const onError = (err: Error) => (discard = err);
    client.on('error', onError);
    try {
      return await fn(client);
    } catch (err) {
      if (discard || isConnectionFailure(err)) {
        discard ??= err as Error;
      } else {
        await client.query('ROLLBACK').catch((rollbackErr: Error) => (discard = rollbackErr));
      }
      throw err;
    } finally {
      client.removeListener('error', onError);
      client.release(discard);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.lanes?.close(), this.pool.end()]);
  }
}
