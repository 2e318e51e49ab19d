// Items gathered while the event loop polls and handled together in its check phase (setImmediate).

/**
 * Everything added during one turn of the event loop is handed to `handle` at once, in the order added, in that
 * turn's check phase: after every callback of the poll (each connection's data, hence each request read in it)
 * has run. What is added while a batch is handled waits for the next turn; `drain()` hands what is gathered
 * over at once, so that a batch made early does not wait a turn (the check phase then finds nothing).
 */
export class TurnBatch<T> {
  private pending: T[] = [];

  constructor(private readonly handle: (batch: T[]) => void) {}

  add(item: T): void {
    this.pending.push(item);
    if (this.pending.length === 1) setImmediate(this.drain);
  }

  readonly drain = (): void => {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.handle(batch);
  };
}
