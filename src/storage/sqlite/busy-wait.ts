// Waiting for another process's SQLite write lock: on a timer for the request path, blocking only where nothing else runs.
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { LedgerError } from '../../domain/errors.js';

/** How long a write waits for another process (a CLI command, another server) to release the ledger file. */
export const BUSY_WAIT_MS = 5000;

// Short first waits: the other process's write usually takes a millisecond or two.
const FIRST_RETRY_MS = 1;
const LONGEST_RETRY_MS = 50;

export function isBusy(err: unknown): boolean {
  return err instanceof Database.SqliteError && err.code.startsWith('SQLITE_BUSY');
}

/**
 * Runs `begin` (see nonBlockingBegin) until it gets the write lock. SQLite's own busy handler would sleep inside
 * the call, on the event loop, holding up every request of the server; here the retries wait on timers. After
 * `waitMs` the write is refused as UNAVAILABLE (503), never left hanging.
 */
export async function beginWhenUnlocked(begin: () => void, waitMs: number = BUSY_WAIT_MS): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (let delay = FIRST_RETRY_MS; ; delay = Math.min(delay * 2, LONGEST_RETRY_MS)) {
    try {
      begin();
      return;
    } catch (err) {
      if (!isBusy(err)) throw err;
      if (Date.now() >= deadline) {
        throw new LedgerError('UNAVAILABLE', `the ledger file is locked by another process for more than ${waitMs} ms`);
      }
    }
    await sleep(delay);
  }
}

/**
 * A BEGIN IMMEDIATE that fails at once with SQLITE_BUSY instead of sleeping in SQLite's busy handler. Only this
 * statement: everything else on the connection (migrations, imports, reads) keeps the busy timeout, as those run
 * before anything is served or from the CLI, where waiting holds up nobody.
 */
export function nonBlockingBegin(db: Database.Database): () => void {
  const begin = db.prepare('BEGIN IMMEDIATE');
  const noWait = db.prepare('PRAGMA busy_timeout = 0');
  const wait = db.prepare(`PRAGMA busy_timeout = ${BUSY_WAIT_MS}`);
  return () => {
    noWait.get();
    try {
      begin.run();
    } finally {
      wait.get();
    }
  };
}

/**
 * Runs `step` until it is not refused SQLITE_BUSY, sleeping on this thread in between: only for opening a ledger
 * file, before anything is served. Switching a new file to WAL is refused at once, without SQLite's busy handler,
 * while another process is switching it too (processes started together on a new file).
 */
export function retryWhileBusySync<T>(step: () => T, waitMs: number = BUSY_WAIT_MS): T {
  const deadline = Date.now() + waitMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let delay = FIRST_RETRY_MS; ; delay = Math.min(delay * 2, LONGEST_RETRY_MS)) {
    try {
      return step();
    } catch (err) {
      if (!isBusy(err) || Date.now() >= deadline) throw err;
    }
    Atomics.wait(pause, 0, 0, delay);
  }
}
