// Reads answered from memory while the database has not changed under them (PRAGMA data_version), within a memory budget.
import type { ReadCacheStats } from '../types.js';
import { FrequencySketch } from './frequency-sketch.js';

/** A value to keep and what it costs in memory (an estimate, in bytes). */
export interface Sized<V> {
  value: V;
  bytes: number;
}

/** Where the cache learns of commits: both are PRAGMA data_version, read on two connections of this process. */
export interface ChangeSignals {
  /** The reader connection's: moves whenever any other connection has committed, this process's writer included. */
  anyCommit: () => bigint;
  /** The writer connection's: moves only when a connection other than the writer (another process) has committed. */
  otherCommit: () => bigint;
  /**
   * Optional and cheaper: true only when certainly no connection has committed since its previous call (which,
   * unless it too answered true, was followed by reading both versions). See WalIndexWatch.
   */
  nothingCommitted?: () => boolean;
}

/**
 * Every lookup first reads the reader's data_version. Unmoved: nothing was committed since the last look, and what
 * is kept is what the database holds. Moved: if the writer's has moved too, another process (a CLI command, another
 * server) wrote, and everything kept is dropped; if not, only this process's writer committed, and it has already
 * dropped the keys its transactions touched (`drop`, right after each COMMIT, from what the writer's triggers
 * reported). So an answer from memory is the database's answer at that instant: a write acknowledged before the
 * lookup started is always seen. The reader's version is read before the writer's: a commit of another process
 * between the two reads moves the writer's and drops everything, never slips through. A value loaded after these
 * reads can only be newer than they say, so a commit racing a load costs a reload, never a stale answer. When
 * `nothingCommitted` can tell (one read of the WAL's shared-memory header) that no connection committed since the
 * last check, the two version reads are skipped: they could only have said the same.
 *
 * A lookup made for a request may skip the version reads when they were last done after that request arrived
 * (`arrivedAt`): the answer is then the database's at that check, an instant between the request's arrival and
 * its answer, as if it had been read there; a write acknowledged before the request was sent committed before it.
 * This process's own commits still count at once (their keys were dropped). So a resources-usage read checks
 * once (its credential lookup) instead of twice, and the requests of one event-loop turn, handled together once
 * all of them have arrived (turn-requests.ts), check once between them.
 *
 * Least recently used entries leave first once the budget is spent, and only for a value asked for more often
 * lately than the one that would leave (TinyLFU admission): with LRU alone, tenants read in a fixed cycle longer
 * than the budget (an exporter walking every project) would each push out the next one to be read, and nothing
 * would ever be answered from memory; this way a stable part of the cycle stays kept and is answered every time.
 */
export class ReadCache {
  private anyVersion: bigint | undefined;
  // performance.now() taken right before the last version reads: the check happened at that instant or later.
  private checkedAt = -Infinity;
  private otherVersion: bigint | undefined;
  private readonly entries = new Map<string, Sized<unknown>>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  private clears = 0;
  private checks = 0;
  // Lookups per key lately, hits and misses alike. Sized as Caffeine sizes its sketch: as wide as the entries that
  // fit (about 800 bytes each: 256 KB for the default 48 MB), halved every ten lookups per entry, so a new set
  // of tenants displacing an old one is not held off for long by the old one's counts.
  private readonly frequencies: FrequencySketch;

  constructor(private readonly signals: ChangeSignals, readonly budgetBytes: number) {
    this.frequencies = new FrequencySketch(budgetBytes / 800);
  }

  /**
   * The value filed under `key`, or `load()`'s, kept when it is not undefined and fits the budget. `arrivedAt`
   * (performance.now() once the request had arrived): a check made since then stands for this lookup too.
   */
  get<V>(key: string, load: () => Sized<V> | undefined, arrivedAt?: number): V | undefined {
    if (arrivedAt === undefined || this.checkedAt < arrivedAt) this.forgetIfChanged();
    this.frequencies.increment(key);
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      // Map keeps insertion order: moving the entry to the end makes the first one the least recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as V;
    }
    this.misses++;
    const loaded = load();
    if (loaded && loaded.bytes <= this.budgetBytes) this.keep(key, loaded);
    return loaded?.value;
  }

  /** Forgets these keys: this process's writer has just committed a transaction that changed their rows. */
  drop(keys: Iterable<string>): void {
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (!entry) continue;
      this.entries.delete(key);
      this.bytes -= entry.bytes;
    }
  }

  /** Forgets everything (a write whose rows were not reported one by one). */
  clear(): void {
    this.clears++;
    this.entries.clear();
    this.bytes = 0;
  }

  /** Lookups answered from memory and loaded, times everything was dropped, checks made, and what is kept now. */
  stats(): ReadCacheStats {
    return {
      hits: this.hits, misses: this.misses, clears: this.clears, checks: this.checks, entries: this.entries.size, bytes: this.bytes,
    };
  }

  private forgetIfChanged(): void {
    this.checks++;
    this.checkedAt = performance.now();
    if (this.signals.nothingCommitted?.()) return;
    const any = this.signals.anyCommit();
    if (any === this.anyVersion) return;
    this.anyVersion = any;
    const other = this.signals.otherCommit();
    if (other === this.otherVersion) return;
    this.otherVersion = other;
    this.clear();
  }

  private keep(key: string, entry: Sized<unknown>): void {
    if (this.bytes + entry.bytes > this.budgetBytes) {
      const [victim] = this.entries.keys();
      // A tie keeps what is kept: in a cycle every key is asked for equally often, and swapping would gain nothing.
      if (victim !== undefined && this.frequencies.frequency(key) <= this.frequencies.frequency(victim)) return;
    }
    this.bytes += entry.bytes;
    this.entries.set(key, entry);
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.entries.delete(oldest);
      this.bytes -= old.bytes;
    }
  }
}
