// Starts the HTTP server on a runtime and shuts it down gracefully on SIGTERM/SIGINT.
import cluster from 'node:cluster';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Runtime } from '../runtime.js';
import { createApp } from './app.js';
import { clusterExposition } from './cluster/cluster-metrics.js';
import { LedgerMetrics } from './observability/ledger-metrics.js';

export async function startServer(config: Config, runtime: Runtime): Promise<FastifyInstance> {
  // A worker of serve --workers answers /metrics for all of them (see cluster-metrics.ts).
  const metrics = cluster.isWorker ? new LedgerMetrics() : undefined;
  metrics?.exposeThrough(clusterExposition(metrics.registry));
  const app = await createApp({
    metrics,
    store: runtime.store, catalog: runtime.catalog, secretBox: runtime.secretBox, signing: config.signing, log: config.log,
    rateLimit: config.rateLimit, region: config.region, fastUsageRead: config.fastUsageRead,
  });
  await app.listen({ host: config.host, port: config.port });
  runtime.store.startBackgroundMaintenance?.((message) => app.log.warn({ event: 'storage-maintenance' }, message));
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`tenant-ledger: ${signal} received, finishing requests in flight\n`);
    // close() stops accepting, waits for in-flight requests, then the database is closed cleanly.
    app.close()
      .then(() => runtime.store.close())
      .then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // A worker whose primary is gone (killed) stops too, instead of serving on unwatched.
  if (cluster.isWorker) process.once('disconnect', () => shutdown('primary process gone'));
  return app;
}
