// GET /metrics: the Prometheus text exposition of the app's registry.
import type { FastifyInstance } from 'fastify';
import { LedgerError } from '../../../domain/errors.js';
import type { LedgerMetrics } from '../../observability/ledger-metrics.js';

export function registerMetricsRoute(app: FastifyInstance, metrics: LedgerMetrics): void {
  app.get('/metrics', {
    schema: {
      summary: 'Prometheus metrics',
      description: 'Requests, signature failures, usage records, database latency and pool use, process metrics '
        + '(under serve --workers: summed over every worker). '
        + 'Unauthenticated, like /healthz: keep it on a private address or behind the proxy.',
      tags: ['operations'],
      response: { 200: { description: 'Prometheus text format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } } },
    },
  }, async (_request, reply) => {
    let text: string;
    try {
      text = await metrics.exposition();
    } catch (err) {
      // Under serve --workers the figures come from every worker through the primary process.
      throw new LedgerError('UNAVAILABLE', `metrics unavailable: ${(err as Error).message}`);
    }
    return reply.type(metrics.contentType).send(text);
  });
}
