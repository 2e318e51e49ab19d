// Reads answered from memory while no connection has committed since (PRAGMA data_version), within a memory budget.

/** A value to keep and what it costs in memory (an estimate, in bytes). */
export interface Sized<V> {
  value: V;
  bytes: number;
}

/**
 * SQLite's data_version, read on the reader connection, changes whenever any other connection has committed: this
 * process's writer, the CLI, another server process. Every lookup reads it first and forgets everything when it
 * moved, so an answer from memory is exactly the one the database would give at that instant: a write that was
 * acknowledged before the lookup started is always seen. A value loaded after that read can only be newer than the
 * version it is filed under, never older, so a commit racing a load costs a reload, never a stale answer.
 *
 * Least recently used entries leave first once the budget is spent.
 */
export class ReadCache {
  private version: bigint | undefined;
  private readonly entries = new Map<string, Sized<unknown>>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(private readonly readVersion: () => bigint, readonly budgetBytes: number) {}

  /** The value filed under `key`, or `load()`'s, kept when it is not undefined and fits the budget. */
  get<V>(key: string, load: () => Sized<V> | undefined): V | undefined {
    this.forgetIfChanged();
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

  /** Lookups answered from memory and loaded since the start, and what is kept now. */
  stats(): { hits: number; misses: number; entries: number; bytes: number } {
    return { hits: this.hits, misses: this.misses, entries: this.entries.size, bytes: this.bytes };
  }

  private forgetIfChanged(): void {
    const version = this.readVersion();
    if (version === this.version) return;
    this.version = version;
    this.entries.clear();
    this.bytes = 0;
  }

  private keep(key: string, entry: Sized<unknown>): void {
    this.bytes += entry.bytes;
    this.entries.set(key, entry);
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.entries.delete(oldest);
      this.bytes -= old.bytes;
    }
  }
}
