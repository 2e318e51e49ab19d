// Responses handed to their sockets together at the end of the event-loop turn, so the client wakes once for many.
import type http from 'node:http';

/**
 * Queues a response's `write` (its writeHead and end) to run in this turn's check phase (setImmediate), after
 * every request that arrived in the same poll has been answered. Why: on loopback a write to a socket whose
 * reader sleeps wakes that reader's process from inside the write system call, and on a virtual machine the
 * wake-up cost a read a fifth of its CPU (perf: `_raw_spin_unlock_irqrestore` under `writev`). Written back to
 * back, the first write wakes the client and the rest find it awake; the client, in turn, reads many answers per
 * wake-up. A lone request is answered in the same turn as before, only after the poll's other work. A `write`
 * that throws (a bug) is reported to `onFault` and its response destroyed; the others are still written.
 */
export function turnEndWrites(onFault: (err: unknown) => void): (res: http.ServerResponse, write: () => void) => void {
  let pending: Array<{ res: http.ServerResponse; write: () => void }> = [];
  const flush = () => {
    const writes = pending;
    pending = [];
    for (const { res, write } of writes) {
      try {
        write();
      } catch (err) {
        onFault(err);
        res.destroy();
      }
    }
  };
  return (res, write) => {
    pending.push({ res, write });
    if (pending.length === 1) setImmediate(flush);
  };
}
