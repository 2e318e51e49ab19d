// /metrics under serve --workers: the worker asked answers with the sum over every worker, gathered by the primary.
import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

const ASK = 'tenant-ledger:metrics-ask';
const ANSWER = 'tenant-ledger:metrics-answer';
// Longer than prom-client's own 5 s wait for the workers, so its timeout, not ours, names the failure.
const ANSWER_TIMEOUT_MS = 6_000;

interface Ask {
  type: typeof ASK;
  id: number;
}

interface Answer {
  type: typeof ANSWER;
  id: number;
  text?: string;
  error?: string;
}

/**
 * In the primary: answers a worker's ask with every worker's registry, aggregated by prom-client (counters and
 * histograms summed; each process metric as prom-client defines it, e.g. the version once).
 */
export function answerMetricsAsks(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: Ask) => {
    if (message?.type !== ASK) return;
    const reply = (answer: Omit<Answer, 'type' | 'id'>) => {
      if (worker.isConnected()) worker.send({ type: ANSWER, id: message.id, ...answer } satisfies Answer);
    };
    aggregator.clusterMetrics().then((text) => reply({ text }), (err: Error) => reply({ error: err.message }));
  });
}

/**
 * In a worker: makes `registry` the one the primary collects, and returns what the /metrics route calls instead
 * of the registry's own exposition.
 */
export function clusterExposition(registry: Registry): () => Promise<string> {
  // Constructing it installs prom-client's listener for the primary's collection requests.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  let nextId = 0;
  const waiting = new Map<number, { resolve: (text: string) => void; reject: (err: Error) => void }>();
  process.on('message', (message: Answer) => {
    if (message?.type !== ANSWER) return;
    const caller = waiting.get(message.id);
    if (!caller) return;
    waiting.delete(message.id);
    if (message.text !== undefined) caller.resolve(message.text);
    else caller.reject(new Error(`metrics of the other workers: ${message.error ?? 'no answer'}`));
  });
  return () => new Promise<string>((resolve, reject) => {
    const id = nextId++;
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error('metrics of the other workers: the primary process did not answer'));
    }, ANSWER_TIMEOUT_MS);
    waiting.set(id, {
      resolve: (text) => (clearTimeout(timer), resolve(text)),
      reject: (err) => (clearTimeout(timer), reject(err)),
    });
    process.send!({ type: ASK, id } satisfies Ask);
  });
}
