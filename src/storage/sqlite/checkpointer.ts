// Copies the SQLite WAL back into the database file from a worker thread, so no request waits for a checkpoint.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// CommonJS source of the worker: its own connection and a PASSIVE checkpoint on a timer (it never blocks writers
// or readers: it copies what no reader still needs). It reports how long the WAL is after each run, and runs
// one at once when asked ('now'), answering when it is done.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.defaultSafeIntegers(false);
const checkpoint = () => {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    return { log: row.log, checkpointed: row.checkpointed };
  } catch (err) {
    return { error: String(err && err.message) };
  }
};
const timer = setInterval(() => parentPort.postMessage(checkpoint()), workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'now') return parentPort.postMessage({ ...checkpoint(), answer: true });
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

interface Report {
  log?: number;
  checkpointed?: number;
  error?: string;
  answer?: boolean;
}

// A WAL longer than this (in 4 KiB pages, about 32 MB) is brought back to its start before the next write. A pause
// costs about 12 ms (the last frames' copy and two fsyncs) whatever the length, so a longer WAL pauses less often:
// a stream of 4,500 records/s spent 10% of its time paused at 16 MB, 5% at 32 MB (within journal_size_limit).
const LONG_WAL_PAGES = 8192;

/**
 * Without it SQLite checkpoints inside the COMMIT that crosses 1,000 WAL pages: a write of several MB and two
 * fsyncs on the event loop, which every request in flight waits for. The writer connection turns its own
 * automatic checkpoint off while this runs (see SqliteStore.startBackgroundMaintenance).
 *
 * A checkpoint alone does not shorten the WAL: SQLite starts writing it from the beginning again only when a
 * write transaction begins while every frame has been copied, which never happens while records stream in.
 * So when the WAL has grown long, the writer pauses between two groups (requests keep queueing, nothing
 * blocks) until one more checkpoint has copied the last frames: the next group then restarts the WAL.
 */
export class Checkpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private walPages = 0;
  private alive = true;
  private waiting: Array<() => void> = [];
  private firstReport!: () => void;
  /** Resolves once the thread has run its first checkpoint (it takes a moment to start). */
  readonly running = new Promise<void>((resolve) => (this.firstReport = resolve));

  constructor(file: string, intervalMs: number, private readonly onError: (message: string) => void) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs } });
    this.worker.on('message', (report: Report) => this.receive(report));
    this.worker.on('error', (err) => this.onError(err.message));
    // The thread must never keep a finished process alive.
    this.worker.unref();
    this.exited = new Promise<void>((resolve) => this.worker.once('exit', () => {
      this.alive = false;
      this.release();
      resolve();
    }));
  }

  /** A promise to wait for before the next write transaction when the WAL is long; undefined otherwise. */
  beforeWrite(): Promise<void> | undefined {
    if (!this.alive || this.walPages < LONG_WAL_PAGES) return undefined;
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      if (this.waiting.length > 1) return;
      // Someone waits for the answer now: the thread must keep the process alive until it comes.
      this.worker.ref();
      this.worker.postMessage('now');
    });
  }

  /** Runs a last checkpoint and ends the thread. */
  async stop(): Promise<void> {
    if (this.alive) this.worker.postMessage('stop');
    await this.exited;
  }

  private receive(report: Report): void {
    this.firstReport();
    if (report.error !== undefined) this.onError(report.error);
    else this.walPages = report.log ?? 0;
    if (report.answer) {
      // Whatever it achieved, the writer goes on: a checkpoint that could not finish is tried again later.
      this.walPages = 0;
      this.release();
    }
  }

  private release(): void {
    this.worker.unref();
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}
