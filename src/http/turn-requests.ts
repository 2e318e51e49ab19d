// The server's requests handled together in the check phase of the event-loop turn that read them.
import type http from 'node:http';
import { TurnBatch } from './turn-batch.js';

export type RequestListener = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A request as it arrived: `arrivedAt` is performance.now() when Node emitted it. */
export interface Arrival {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  arrivedAt: number;
}

/** What handles a turn's requests: each in order, then `turnEnd` once the turn's last one was handed over. */
export interface TurnHandler {
  handle(arrival: Arrival): void;
  turnEnd?(): void;
}

const ARRIVED_AT = Symbol('tenant-ledger.arrivedAt');
type Stamped = http.IncomingMessage & { [ARRIVED_AT]?: number };

/** When the request arrived, if it came through handleRequestsByTurn (app.inject's do not). */
export function arrivalOf(req: http.IncomingMessage): number | undefined {
  return (req as Stamped)[ARRIVED_AT];
}

/** Takes the server's one request listener (Fastify's) off it, for handleRequestsByTurn's handler to call. */
export function takeRequestListener(server: http.Server): RequestListener {
  const listeners = server.listeners('request') as RequestListener[];
  if (listeners.length !== 1) throw new Error(`expected Fastify's one request listener, found ${listeners.length}`);
  server.removeListener('request', listeners[0]!);
  return listeners[0]!;
}

/**
 * Gathers the requests one poll of the event loop reads (every connection's data of that poll) and hands them, in
 * order, to `handler` in the turn's check phase; one that throws is reported to `onFault` and its response
 * destroyed, and the others are still handled. Why: the SQLite read cache asks the database whether anything
 * was committed at most once for all the requests that arrived before it asked (read-cache.ts), and requests
 * handled one by one as they are parsed each arrived after the previous one's check; handled together, the first
 * one's check stands for the rest. The same code run for many requests in a row is also cheaper (measured:
 * bench/README.md items 32 and 34). Pipelined requests keep their order: Node queues their responses per
 * connection whoever writes first.
 */
export function handleRequestsByTurn(server: http.Server, handler: TurnHandler, onFault: (err: unknown) => void): void {
  const arrivals = new TurnBatch<Arrival>((batch) => {
    for (const arrival of batch) {
      try {
        handler.handle(arrival);
      } catch (err) {
        // A bug, not a refusal: this request is dropped and reported, the turn's others are still handled.
        onFault(err);
        arrival.res.destroy();
      }
    }
    handler.turnEnd?.();
  });
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const arrivedAt = performance.now();
    (req as Stamped)[ARRIVED_AT] = arrivedAt;
    arrivals.add({ req, res, arrivedAt });
  });
}
