// Hooks that feed the metrics: a series bound per route at registration, one cheap observation per response.
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { LedgerMetrics, RouteSeries } from './ledger-metrics.js';
import { sinceArrival } from './request-log.js';
import { usageOutcome } from './usage-outcome.js';

/** Must be installed before any route is registered, so every route gets its series. */
export function installRequestMetrics(app: FastifyInstance, metrics: LedgerMetrics): void {
  app.addHook('onRoute', (route) => {
    // The route pattern, never the raw URL: label values stay few whatever clients send.
    route.config = { ...route.config, requestSeries: metrics.routeSeries(route.url ?? route.path) };
  });
  // A callback hook, not an async one: no promise per request.
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const config = request.routeOptions.config;
    const series = config.requestSeries ?? metrics.unmatched;
    series.observe(request.method, reply.statusCode, sinceArrival(request, reply) / 1000);
    if (request.authFailure !== undefined) metrics.signatureFailure(request.authFailure);
    if (config.metering !== undefined) countUsage(metrics, config.metering, reply);
    done();
  });
}

function countUsage(metrics: LedgerMetrics, metering: 'record' | 'batch', reply: FastifyReply): void {
  const statuses = metering === 'record' ? [reply.statusCode] : reply.meteringStatuses ?? [];
  for (const status of statuses) {
    const outcome = usageOutcome(status);
    if (outcome) metrics.usageRecord(outcome);
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    requestSeries?: RouteSeries;
  }
}
