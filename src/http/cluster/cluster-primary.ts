// serve --workers N: the primary process forks N servers sharing one port, replaces one that dies, stops them all.
import cluster, { type Worker } from 'node:cluster';
import { answerMetricsAsks } from './cluster-metrics.js';

export const LISTENING = 'tenant-ledger:listening';

export interface ListeningMessage {
  type: typeof LISTENING;
  port: number;
}

// A worker that keeps dying (a bad disk, a broken config) must not be restarted forever: past this many deaths in
// the window, the primary stops the others and exits with an error.
const MAX_DEATHS = 5;
const DEATH_WINDOW_MS = 60_000;

const say = (line: string) => process.stderr.write(line + '\n');

/**
 * Forks `count` workers running the same command line (cluster workers re-run it and serve, see serve.ts) and
 * resolves with the port once every one listens. Connections are handed to the workers in turn by the primary
 * (Node's round-robin scheduling), so each worker gets its share whatever the kernel would prefer.
 */
export function runWorkers(count: number): Promise<number> {
  answerMetricsAsks();
  let stopping = false;
  const deaths: number[] = [];

  const started = new Promise<number>((resolve, reject) => {
    let listening = 0;
    const onMessage = (_worker: Worker, message: ListeningMessage) => {
      if (message?.type !== LISTENING) return;
      listening += 1;
      if (listening === count) {
        cluster.off('message', onMessage);
        resolve(message.port);
      }
    };
    cluster.on('message', onMessage);
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) return;
      if (listening < count) {
        stopping = true;
        stopAll();
        reject(new Error(`a worker exited (${signal ?? code}) before it was listening`));
        return;
      }
      const now = Date.now();
      deaths.push(now);
      while (deaths.length > 0 && deaths[0]! < now - DEATH_WINDOW_MS) deaths.shift();
      if (deaths.length > MAX_DEATHS) {
        say(`tenant-ledger: ${deaths.length} workers died within ${DEATH_WINDOW_MS / 1000} s; stopping`);
        stopping = true;
        void stopAll().then(() => process.exit(1));
        return;
      }
      say(`tenant-ledger: worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
      cluster.fork();
    });
  });

  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`tenant-ledger: ${signal} received, stopping ${count} workers after their requests in flight`);
    void stopAll().then((clean) => process.exit(clean ? 0 : 1));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));

  for (let i = 0; i < count; i++) cluster.fork();
  return started;
}

/**
 * SIGTERM to every worker (each finishes its requests in flight and closes the database); true if all stopped
 * cleanly: exit code 0, or ended by that SIGTERM before it had started serving (nothing in flight to finish).
 */
function stopAll(): Promise<boolean> {
  const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  return Promise.all(workers.map((worker) => new Promise<boolean>((resolve) => {
    if (worker.isDead()) return resolve(worker.process.exitCode === 0);
    worker.once('exit', (code, signal) => resolve(code === 0 || signal === 'SIGTERM'));
    worker.process.kill('SIGTERM');
  }))).then((results) => results.every(Boolean));
}
