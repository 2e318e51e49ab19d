// The Store interface every storage backend implements (row shapes in row-types.ts).
import type { DrawablePackage } from '../domain/burn-down-order.js';
import type { LedgerTransfer } from './transfer.js';
import type {
  ProjectRow, CredentialRow, PackageRow, JournalEntryInput, UsageRecordRow, UsageRecordQuery, DrawableQuery,
  PackageChanges, PackageListQuery, ProjectChanges, JournalMismatch, JournalEntry, JournalQuery, AuditInput,
  UsageSumRow, UsageSumQuery, PackageSearchQuery, ExpiringCountQuery, ExpiringCountRow, AllocationRow,
  AllocationView, AllocationListQuery, MigrationStatus, UserRow, UserChanges, UserLookup, AuditEntry,
  AuditQuery,
} from './row-types.js';

export type * from './row-types.js';

/** Reads see committed data only, so a write by another process is visible on the next call. */
export interface LedgerReader {
  getProject(projectId: string): Promise<ProjectRow | undefined>;
  countProjects(): Promise<number>;
  /** `arrivedAt`: as UsageSumQuery.arrivedAt. */
  findCredential(accessKey: string, arrivedAt?: number): Promise<CredentialRow | undefined>;
  getPackage(projectId: string, resourceId: string): Promise<PackageRow | undefined>;
  sumUsage(query: UsageSumQuery): Promise<UsageSumRow[]>;
  /** Newest first. */
  listJournal(query: JournalQuery): Promise<JournalEntry[]>;
  listProjects(limit: number, afterProjectId?: string): Promise<ProjectRow[]>;
  listPackages(query: PackageListQuery): Promise<{ total: number; packages: PackageRow[] }>;
  getUsageRecord(projectId: string, recordId: string): Promise<UsageRecordRow | undefined>;
  /** Newest first. */
  listUsageRecords(query: UsageRecordQuery): Promise<UsageRecordRow[]>;
  /** Every package whose amount or usage differs from the sum of its journal. */
  checkJournal(): Promise<JournalMismatch[]>;
  /** Packages with usage above amount (must always be none). */
  countOverdrawn(): Promise<number>;
  /** The tenant resource list: ONE_TIME and PERIODIC packages in a stable order, expired and frozen ones included. */
  searchPackages(query: PackageSearchQuery): Promise<{ total: number; packages: PackageRow[] }>;
  /** ONE_TIME and PERIODIC packages (bundle parts not counted) expiring in the window, per business type, mode and source. */
  countExpiring(query: ExpiringCountQuery): Promise<ExpiringCountRow[]>;
  getAllocation(projectId: string, allocationId: string): Promise<AllocationRow | undefined>;
  /** Oldest first, each with the customer's package. */
  listAllocations(query: AllocationListQuery): Promise<{ total: number; allocations: AllocationView[] }>;
  getUser(projectId: string, userId: string): Promise<UserRow | undefined>;
  /** Every user of that name in the project, or else in the domain (one per project at most). */
  findUsers(lookup: UserLookup): Promise<UserRow[]>;
  /** Newest first. */
  listAudit(query: AuditQuery): Promise<AuditEntry[]>;
}

/** Writes happen only inside a transaction; each method is scoped to one project. */
export interface LedgerTx extends LedgerReader {
  insertProject(row: ProjectRow): Promise<void>;
  insertCredential(row: CredentialRow): Promise<void>;
  insertUser(row: UserRow): Promise<void>;
  updateUser(projectId: string, userId: string, changes: UserChanges): Promise<void>;
  insertPackage(row: PackageRow): Promise<void>;
  appendJournal(entry: JournalEntryInput): Promise<void>;
  appendAudit(entry: AuditInput): Promise<void>;
  updateProject(projectId: string, changes: ProjectChanges): Promise<void>;
  setCredentialStatus(accessKey: string, status: CredentialRow['status']): Promise<boolean>;
  /** The packages a consumption may draw from, locked against concurrent writers where the backend needs it. */
  /** The planner's view of the packages a record may draw from (a backend may read only those columns). */
  listDrawablePackages(query: DrawableQuery): Promise<DrawablePackage[]>;
  updatePackage(projectId: string, resourceId: string, changes: PackageChanges): Promise<void>;
  /** getPackage for a read-modify-write: the row stays locked until the transaction ends where the backend needs it. */
  lockPackage(projectId: string, resourceId: string): Promise<PackageRow | undefined>;
  insertUsageRecord(row: UsageRecordRow): Promise<void>;
  markUsageRecordReversed(projectId: string, recordId: string, at: Date): Promise<void>;
  insertAllocation(row: AllocationRow): Promise<void>;
  updateAllocation(projectId: string, allocationId: string, changes: { reclaimedAmount: bigint; status: AllocationRow['status']; reclaimedAt: Date }): Promise<void>;
  /** Runs fn so that its writes are undone alone if it throws (one record of a batch). */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
}

/** Connections of a store's pool, read at scrape time (SQLite: its single writer connection). */
export interface PoolStats {
  size: number;
  active: number;
  idle: number;
  /** Callers waiting for a connection (SQLite: transactions queued for the write lock). */
  waiting: number;
}

export interface ReadCacheStats {
  /** lookups answered from memory, and loaded from the database, since the start */
  hits: number;
  misses: number;
  /** times everything kept was dropped (another process wrote, an import) */
  clears: number;
  /** times it asked whether anything was committed since its last look (a lookup made after that needs no other) */
  checks: number;
  entries: number;
  bytes: number;
}

export interface TransactionOptions {
  /**
   * How many usage records the transaction writes (a batch: up to 1,000; default 1). SQLite shares a COMMIT
   * among transactions up to about 1,000 records, so a group's memory and WAL stay those of one batch.
   */
  records?: number;
}

/** A credential (undefined: no such access key) and the usage sums read with it. */
export interface CredentialWithUsage {
  credential: CredentialRow | undefined;
  usage: UsageSumRow[];
}

export interface Store extends LedgerReader {
  readonly backend: 'sqlite' | 'postgres';
  /**
   * true when write transactions run one at a time (SQLite's single writer): none can wait on another's row
   * locks, so callers need not order their locks to avoid deadlocks.
   */
  readonly serialisesWriters: boolean;
  /** Where the data lives, for start-up messages (never includes a password). */
  readonly location: string;
  migrate(): Promise<MigrationStatus>;
  migrationStatus(): Promise<MigrationStatus>;
  transaction<T>(fn: (tx: LedgerTx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** One round trip to the database, for readiness checks; rejects with LedgerError('UNAVAILABLE') when it is unreachable. */
  ping(): Promise<void>;
  /**
   * The credential of `accessKey` and `usage`'s sums in one statement, for a backend where each statement is a
   * round trip (PostgreSQL: a read's credential lookup cost as much as its sums). The sums are computed whoever the
   * key belongs to: the caller authorises before it uses them. SQLite has no need (its read cache answers both).
   */
  findCredentialWithUsage?(accessKey: string, usage: UsageSumQuery): Promise<CredentialWithUsage>;
  /** Connection use for the metrics; optional so a backend without a pool need not invent one. */
  poolStats?(): PoolStats;
  /** The read cache's counts for the metrics (SQLite under serve); undefined when there is none. */
  readCacheStats?(): ReadCacheStats | undefined;
  /** Table-level access for moving a whole ledger between backends (export / import). */
  transfer(): LedgerTransfer;
  /**
   * For a long-running server: housekeeping off the request path (SQLite: WAL checkpoints in a worker thread).
   * `onError` hears of failures; close() ends it.
   */
  startBackgroundMaintenance?(onError: (message: string) => void): void;
  close(): Promise<void>;
}
