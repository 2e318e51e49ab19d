// Coalesces the statements a connection sends in one turn of the event loop into one socket write.
import type pg from 'pg';

// Each write is a system call that, on loopback, also does the receiving side's work and wakes the server: under
// load it costs more CPU than parsing the answer. Statements that leave together are still separate statements.
const corked = new WeakSet<object>();

/** Call before sending a statement on `client`: it leaves with the others sent in this turn, at the latest when the turn ends. */
export function batchWrites(client: pg.ClientBase): void {
  const { stream } = (client as pg.Client).connection;
  if (corked.has(stream)) return;
  corked.add(stream);
  stream.cork();
  setImmediate(() => {
    corked.delete(stream);
    stream.uncork();
  });
}
