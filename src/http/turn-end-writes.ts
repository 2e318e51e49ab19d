// Responses handed to their sockets together at the end of the event-loop turn, so the client wakes once for many.
import type http from 'node:http';
import { TurnBatch } from './turn-batch.js';

export interface QueuedWrite {
  res: http.ServerResponse;
  /** writes the whole answer (its writeHead and end) */
  write: () => void;
}

/**
 * A queue of answers written together, in order, in this turn's check phase, after every request that arrived in
 * the same poll has been answered (or at once with `drain()`). Why: on loopback a write to a socket whose reader
 * sleeps wakes that reader's process from inside the write system call, and on a virtual machine the wake-up cost
 * a read a fifth of its CPU (perf: `_raw_spin_unlock_irqrestore` under `writev`). Written back to back, the first
 * write wakes the client and the rest find it awake; the client, in turn, reads many answers per wake-up. A
 * `write` that throws (a bug) is reported to `onFault` and its response destroyed; the others are still written.
 */
export function turnEndWrites(onFault: (err: unknown) => void): TurnBatch<QueuedWrite> {
  return new TurnBatch((writes) => {
    for (const { res, write } of writes) {
      try {
        write();
      } catch (err) {
        onFault(err);
        res.destroy();
      }
    }
  });
}
