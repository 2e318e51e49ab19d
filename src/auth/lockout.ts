// Locks a key (an access key, a user name) for a while after too many consecutive failures; in-process memory only.

interface Entry {
  failures: number;
  lockedUntil: number;
}

export class Lockout {
  private readonly entries = new Map<string, Entry>();

  /**
   * maxEntries bounds the memory an attacker can make us spend by trying endless made-up keys:
   * past it the least recently failed key is forgotten.
   */
  constructor(readonly maxFailures: number, readonly lockMs: number, private readonly maxEntries = 100_000) {}

  /** Until when the key is locked (epoch ms), or undefined if it is not. */
  lockedUntil(key: string, nowMs: number): number | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.lockedUntil <= nowMs) return undefined;
    return entry.lockedUntil;
  }

  recordFailure(key: string, nowMs: number): void {
    const entry = this.entries.get(key) ?? { failures: 0, lockedUntil: 0 };
    // A lock that has run out starts a fresh count: the next five failures lock again.
    if (entry.lockedUntil !== 0 && entry.lockedUntil <= nowMs) {
      entry.failures = 0;
      entry.lockedUntil = 0;
    }
    entry.failures += 1;
    if (entry.failures >= this.maxFailures) {
      entry.lockedUntil = nowMs + this.lockMs;
      entry.failures = 0;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /** A success ends the run of consecutive failures. */
  recordSuccess(key: string): void {
    this.entries.delete(key);
  }
}
