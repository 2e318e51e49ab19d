// Group commit: concurrent write transactions share one SQLite COMMIT, each inside its own (optimistic) savepoint.
import type Database from 'better-sqlite3';
import type { Mutex } from '../mutex.js';
import { beginWhenUnlocked, nonBlockingBegin } from './busy-wait.js';
import { SavepointNeeded, type SqliteLedger } from './sqlite-ledger.js';

interface Job {
  fn: (tx: SqliteLedger) => Promise<unknown>;
  /** usage records it writes */
  records: number;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

// Bound how long one group holds the writer (and so the wait of the requests queued behind it), and what it
// holds until its COMMIT: every member's answer in memory and every page it changed in the WAL. Batches that
// arrived together used to share one transaction (7-8 of 1,000 records under the benchmark: the WAL passed
// 200 MB before the writer could pause for a checkpoint, every result held until the last record); now a batch
// of 1,000 gets its own COMMIT.
const MAX_GROUP = 256;
const MAX_GROUP_RECORDS = 1000;

export interface GroupHooks {
  /** may return a promise to wait for before the next group begins (a checkpoint to finish) */
  beforeGroup?: () => Promise<void> | undefined;
  /** runs right after each successful COMMIT, before any member is answered */
  afterCommit?: () => void;
}

/**
 * A COMMIT costs far more than the few statements of a usage record (it writes the WAL frames and may wait for
 * the file lock), so transactions that arrive together are run one after another in one SQLite transaction,
 * each in a savepoint: one that fails is rolled back alone, exactly as if it had run by itself. Nobody is
 * answered before the COMMIT succeeds; if it fails, every member of the group fails and nothing of it stays.
 */
export class GroupCommit {
  private queue: Job[] = [];
  // Members of the running group that have not started yet: they wait as much as the queued ones.
  private notStartedInGroup = 0;
  private draining = false;
  private readonly begin: () => void;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly tx: SqliteLedger,
    private readonly lock: Mutex,
    private readonly hooks: GroupHooks = {},
  ) {
    // IMMEDIATE takes the database's write lock at once, so no other process can write between our reads and writes.
    this.begin = nonBlockingBegin(db);
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
  }

  /** Transactions not yet started: those of the running group still to come and those waiting for the next. */
  get queued(): number {
    return this.queue.length + this.notStartedInGroup;
  }

  /** `records`: how many usage records fn writes (a batch's size), which bounds how many share its group. */
  run<T>(fn: (tx: SqliteLedger) => Promise<T>, records = 1): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, records, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        // SQLite calls are synchronous: started now, a group would hold only this request. After the current
        // turn of the event loop, every request read in it has queued its transaction too.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const pause = this.hooks.beforeGroup?.();
        if (pause) await pause;
        const group = this.queue.splice(0, this.nextGroupLength());
        await this.lock.run(() => this.runGroup(group));
        // Let the event loop send the answers just settled and read new requests before the next group.
        if (this.queue.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.draining = false;
    }
  }

  /** The queue's first jobs up to MAX_GROUP or MAX_GROUP_RECORDS (always at least one, however large). */
  private nextGroupLength(): number {
    let records = 0;
    let length = 0;
    while (length < this.queue.length && length < MAX_GROUP && records < MAX_GROUP_RECORDS) {
      records += this.queue[length]!.records;
      length++;
    }
    return length;
  }

  private async runGroup(group: Job[]): Promise<void> {
    // Savepoints are first taken optimistically (no statement journal); a member that fails after writing has
    // nothing to roll back to, so the whole group runs again from the start with real ones. Nobody has been
    // answered yet: members that ran twice answer once, with the second run's outcome.
    if (await this.attempt(group, false) === 'again') await this.attempt(group, true);
  }

  private async attempt(group: Job[], realSavepoints: boolean): Promise<'done' | 'again'> {
    try {
      await beginWhenUnlocked(this.begin);
    } catch (err) {
      for (const job of group) job.reject(err);
      return 'done';
    }
    this.tx.useRealSavepoints(realSavepoints);
    const answers: Array<() => void> = [];
    this.notStartedInGroup = group.length;
    try {
      for (const job of group) {
        this.notStartedInGroup -= 1;
        let failure: unknown;
        try {
          const value = await this.tx.savepoint(() => job.fn(this.tx));
          answers.push(() => job.resolve(value));
        } catch (err) {
          failure = err;
          answers.push(() => job.reject(err));
        }
        // Checked whether or not the member caught it: a savepoint it took could not undo what it wrote.
        const missed = this.tx.savepointMissed;
        if (missed) {
          if (!this.db.inTransaction) return this.failAll(group, missed.failure);
          this.rollback.run();
          return 'again';
        }
        // SQLite rolls the whole transaction back on some failures (disk full, I/O error): then no member stands.
        if (!this.db.inTransaction) return this.failAll(group, failure ?? new Error('SQLite rolled the transaction back'));
      }
    } finally {
      this.notStartedInGroup = 0;
      this.tx.useRealSavepoints(false);
    }
    try {
      this.commit.run();
    } catch (err) {
      if (this.db.inTransaction) this.rollback.run();
      return this.failAll(group, err);
    }
    // Before anyone is answered: a member's caller may read right away what it wrote.
    this.hooks.afterCommit?.();
    for (const answer of answers) answer();
    return 'done';
  }

  private failAll(group: Job[], err: unknown): 'done' {
    if (this.db.inTransaction) this.rollback.run();
    for (const job of group) job.reject(err);
    return 'done';
  }
}
