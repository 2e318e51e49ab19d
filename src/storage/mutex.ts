// A promise-chain mutex: serialises async critical sections inside one process.
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private queued = 0;
  private held = false;

  /** Callers waiting for the lock, and whether one holds it now (read by the pool metrics). */
  get waiting(): number {
    return this.queued;
  }

  get busy(): boolean {
    return this.held;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    this.queued++;
    try {
      await previous;
    } finally {
      this.queued--;
    }
    this.held = true;
    try {
      return await fn();
    } finally {
      this.held = false;
      release();
    }
  }
}
