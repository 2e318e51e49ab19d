// The embedded Store: one SQLite file in WAL mode, a reader connection and a serialised writer connection.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LedgerError } from '../../domain/errors.js';
import { Mutex } from '../mutex.js';
import type { LedgerTransfer } from '../transfer.js';
import type {
  CredentialRow, LedgerTx, MigrationStatus, PoolStats, ReadCacheStats, Store, TransactionOptions, UsageSumQuery,
  UsageSumRow,
} from '../types.js';
import { BUSY_WAIT_MS, retryWhileBusySync } from './busy-wait.js';
import { Checkpointer } from './checkpointer.js';
import { GroupCommit } from './group-commit.js';
import { sqliteMigrations } from './migrations/index.js';
import { loadProjectPackages, PROJECT_PACKAGES_SQL, sumProjectPackages } from './project-packages.js';
import { ChangedRows, cacheKeys } from './changed-rows.js';
import { ReadCache } from './read-cache.js';
import { SqliteLedger } from './sqlite-ledger.js';
import { SqliteReader } from './sqlite-reader.js';
import { SqliteTransfer } from './sqlite-transfer.js';
import { WalIndexWatch } from './wal-index-watch.js';

type Db = Database.Database;

// SQLite's default: the writer checkpoints itself once the WAL holds this many pages.
const AUTO_CHECKPOINT_PAGES = 1000;
// Often enough that little is left to copy when the writer pauses to let the WAL restart (at 100 ms a pause took
// about 32 ms, at 25 ms about 12); on an idle ledger a checkpoint finds nothing to do.
const CHECKPOINT_INTERVAL_MS = 25;

// The page cache of one connection, in MB (see openConnection).
const CACHE_MB = 32;
// The writer's: a usage record changes leaves of random tenants, which a cache that fits in memory rarely holds
// again; what it must hold are the B-trees' inner pages. Those of packages are large: a WITHOUT ROWID table keeps
// whole rows in its inner pages (17 children a page), 26 MB of them at 2M packages, so a 16 MB cache read two or
// three inner pages per record back from the OS. 48 MB: single records 3,457 -> 3,943/s on 2M packages (CPU
// 0.30 -> 0.26 ms a record, bench/ab.ts, six alternating rounds), at most 32 MB more RSS.
const WRITER_CACHE_MB = 48;

export interface SqliteOptions {
  /**
   * Server processes sharing this file on the machine (serve --workers): each connection's page cache gets a share
   * of the one-process size (at least 8 MB), so the machine's memory for caches stays the same however many serve.
   */
  processes?: number;
  /**
   * Memory for answers kept between requests (credentials, each project's packages), in MB, shared like the page
   * cache; 0 turns it off (LEDGER_READ_CACHE_MB). See ReadCache for why such an answer is never stale.
   */
  readCacheMb?: number;
}

/** The default of LEDGER_READ_CACHE_MB: about 27,000 tenants of 20 packages each, with their credentials. */
export const READ_CACHE_MB = 48;

// A credential row held in memory, measured as for ProjectPackages: its strings, the sealed secret's Buffer, the
// Date, the object, the entry and its key.
const CREDENTIAL_BYTES = 800;

function openConnection(file: string, cacheMb: number): Db {
  const db = new Database(file);
  // The CLI and a server may write the same file; wait for the other's lock instead of failing (the server's
  // writes wait on timers instead: nonBlockingBegin restores this same timeout after each BEGIN).
  db.pragma(`busy_timeout = ${BUSY_WAIT_MS}`);
  // Processes opening a new file together failed here with "database is locked" (SQLite refuses the switch to
  // WAL at once while another connection makes it), so the switch is retried.
  retryWhileBusySync(() => db.pragma('journal_mode = WAL'));
  // NORMAL in WAL mode survives a process crash (the promise we make); FULL would add an fsync per commit.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // A page cache of a few tens of MB per connection and no memory map: mapped pages of a 2M-package file count in
  // the server's RSS (they pushed it past 500 MB under the benchmark), while a miss served from the OS page cache
  // costs one pread.
  db.pragma(`cache_size = -${cacheMb * 1024}`);
  // After a burst the WAL is cut back to this size when it restarts, instead of keeping its largest size on disk.
  db.pragma('journal_size_limit = 67108864');
  db.defaultSafeIntegers(true);
  return db;
}

export class SqliteStore extends SqliteReader implements Store {
  readonly backend = 'sqlite' as const;
  readonly serialisesWriters = true;
  private readonly writer: SqliteLedger;
  private readonly writerDb: Db;
  private readonly writeLock = new Mutex();
  private readonly groupCommit: GroupCommit;
  private checkpointer?: Checkpointer;
  private readCache?: ReadCache;
  private walIndex?: WalIndexWatch;
  private readonly changedRows: ChangedRows;

  private constructor(readonly location: string, readerDb: Db, writerDb: Db, private readonly readCacheBytes: number) {
    super(readerDb);
    this.writerDb = writerDb;
    this.changedRows = new ChangedRows(writerDb);
    this.writer = new SqliteLedger(writerDb);
    this.groupCommit = new GroupCommit(writerDb, this.writer, this.writeLock, {
      beforeGroup: () => this.checkpointer?.beforeWrite(),
      afterCommit: () => this.readCache?.drop(this.changedRows.take()),
    });
  }

  /**
   * Starts the read cache once the tables exist (after migrate): temporary triggers on the writer report the rows it
   * changes. On one connection (:memory:) data_version would not see the writer's own commits: no cache there.
   */
  private startReadCache(): void {
    if (this.readCacheBytes === 0 || this.db === this.writerDb) return;
    this.changedRows.install();
    if (this.readCache) {
      this.readCache.clear();
      return;
    }
    const anyCommit = this.db.prepare('PRAGMA data_version').pluck();
    const otherCommit = this.writerDb.prepare('PRAGMA data_version').pluck();
    const walIndex = new WalIndexWatch(this.location);
    this.walIndex = walIndex;
    this.readCache = new ReadCache({
      anyCommit: () => anyCommit.get() as bigint,
      otherCommit: () => otherCommit.get() as bigint,
      nothingCommitted: () => walIndex.unchanged(),
    }, this.readCacheBytes);
  }

  /** The read cache, unless it is off or the reader is inside an export's snapshot (which its answers must come from). */
  private get cache(): ReadCache | undefined {
    return this.readCache && !this.db.inTransaction ? this.readCache : undefined;
  }

  /** Opens (and creates, with its folder) the database file; does not migrate. */
  static open(file: string, options: SqliteOptions = {}): SqliteStore {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const processes = options.processes ?? 1;
    const cacheMb = Math.max(8, Math.floor(CACHE_MB / processes));
    const readCacheBytes = Math.floor(((options.readCacheMb ?? READ_CACHE_MB) * 1024 * 1024) / processes);
    const writerDb = openConnection(file, Math.max(8, Math.floor(WRITER_CACHE_MB / processes)));
    // With the read cache, the reader's page cache mostly serves the B-trees' inner pages: half of it is enough,
    // and the memory goes to answers kept whole.
    const readerDb = file === ':memory:' ? writerDb : openConnection(file, readCacheBytes > 0 ? Math.max(8, Math.floor(cacheMb / 2)) : cacheMb);
    return new SqliteStore(path.resolve(file), readerDb, writerDb, readCacheBytes);
  }

  /** What the read cache has answered and holds; undefined when it is off. */
  readCacheStats(): ReadCacheStats | undefined {
    return this.readCache?.stats();
  }

  /** Signed requests look their credential up on every call: kept in the read cache (never an unknown key). */
  override async findCredential(accessKey: string, arrivedAt?: number): Promise<CredentialRow | undefined> {
    const cache = this.cache;
    if (!cache) return super.findCredential(accessKey);
    return cache.get(cacheKeys.credential(accessKey), () => {
      const row = this.credentialRow(accessKey);
      return row ? { value: Object.freeze(row), bytes: CREDENTIAL_BYTES } : undefined;
    }, arrivedAt);
  }

  /** resources-usage sums from the project's packages as kept in the read cache (see ProjectPackages). */
  override async sumUsage(query: UsageSumQuery): Promise<UsageSumRow[]> {
    const cache = this.cache;
    if (!cache) return super.sumUsage(query);
    const now = query.now.getTime();
    const packages = cache.get(cacheKeys.packages(query.projectId),
      () => loadProjectPackages(this.rawStmt(PROJECT_PACKAGES_SQL), query.projectId, now), query.arrivedAt);
    // Not kept (amounts beyond 2^53 micro-units), or loaded for a later instant (a clock set back, a query for the
    // past: packages expired since are missing): the database answers.
    if (!packages || packages.loadedAt > now) return super.sumUsage(query);
    return sumProjectPackages(packages, query);
  }

  async migrationStatus(): Promise<MigrationStatus> {
    const applied = this.appliedVersions();
    const pending = sqliteMigrations.map((m) => m.version).filter((v) => !applied.includes(v));
    return { applied, pending };
  }

  async migrate(): Promise<MigrationStatus> {
    return this.writeLock.run(async () => {
      this.writerDb.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
      // IMMEDIATE takes the write lock first, so two processes starting together cannot apply a migration twice.
      this.writerDb.transaction(() => {
        const applied = new Set(this.appliedVersions());
        for (const m of sqliteMigrations) {
          if (applied.has(m.version)) continue;
          this.writerDb.exec(m.sql);
          this.writerDb.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
            .run(m.version, m.name, Date.now());
        }
      }).immediate();
      this.startReadCache();
      return this.migrationStatus();
    });
  }

  private appliedVersions(): number[] {
    const exists = this.writerDb.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    if (!exists) return [];
    const rows = this.writerDb.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: bigint }[];
    return rows.map((r) => Number(r.version));
  }

  /** Concurrent transactions share a commit (see GroupCommit); each still stands or falls alone. */
  transaction<T>(fn: (tx: LedgerTx) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.groupCommit.run(fn, options?.records);
  }

  async ping(): Promise<void> {
    try {
      this.db.prepare('SELECT 1').get();
    } catch (err) {
      throw new LedgerError('UNAVAILABLE', `database unreachable: ${(err as Error).message}`);
    }
  }

  /** One writer connection: "waiting" is the queue of transactions behind the write lock. */
  poolStats(): PoolStats {
    const active = this.writeLock.busy ? 1 : 0;
    return { size: 1, active, idle: 1 - active, waiting: this.writeLock.waiting + this.groupCommit.queued };
  }

  startBackgroundMaintenance(onError: (message: string) => void): void {
    if (this.checkpointer || this.writerDb.memory) return;
    this.checkpointer = new Checkpointer(this.location, CHECKPOINT_INTERVAL_MS, (message) => {
      // A checkpoint that fails once is retried on the next tick; the writer checkpoints itself again meanwhile,
      // so the WAL can never grow without bound.
      this.writerDb.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
      onError(`WAL checkpoint failed: ${message}`);
    });
    this.writerDb.pragma('wal_autocheckpoint = 0');
  }

  transfer(): LedgerTransfer {
    // An import writes rows of every kind: everything kept is dropped after it (the keys its triggers reported too).
    return new SqliteTransfer(this.db, this.writerDb, this.writeLock, () => {
      this.changedRows.take();
      this.readCache?.clear();
    });
  }

  async close(): Promise<void> {
    await this.checkpointer?.stop();
    await this.writeLock.run(async () => {
      if (this.db !== this.writerDb) this.db.close();
      this.writerDb.close();
      this.walIndex?.close();
    });
  }
}
