// GET /metrics: the Prometheus text exposition of the app's registry.
import type { FastifyInstance } from 'fastify';
import type { LedgerMetrics } from '../../observability/ledger-metrics.js';

export function registerMetricsRoute(app: FastifyInstance, metrics: LedgerMetrics): void {
  app.get('/metrics', {
    schema: {
      summary: 'Prometheus metrics',
      description: 'Requests, signature failures, usage records, database latency and pool use, process metrics. '
        + 'Unauthenticated, like /healthz: keep it on a private address or behind the proxy.',
      tags: ['operations'],
      response: { 200: { description: 'Prometheus text format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } } },
    },
  }, async (_request, reply) => reply.type(metrics.contentType).send(await metrics.exposition()));
}
