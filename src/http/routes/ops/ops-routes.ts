// The operations endpoints: health, readiness, metrics, the OpenAPI document and its documentation page.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import type { LedgerMetrics } from '../../observability/ledger-metrics.js';
import type { RouteCatalog } from '../../openapi/route-catalog.js';
import { registerDocsRoute } from './docs-route.js';
import { registerHealthRoutes } from './health-routes.js';
import { registerMetricsRoute } from './metrics-route.js';
import { registerOpenApiRoute } from './openapi-route.js';

export interface OpsDeps {
  deps: AppDeps;
  metrics: LedgerMetrics;
  catalog: RouteCatalog;
}

export function registerOpsRoutes(app: FastifyInstance, { deps, metrics, catalog }: OpsDeps): void {
  registerHealthRoutes(app, deps);
  registerMetricsRoute(app, metrics);
  registerOpenApiRoute(app, catalog);
  registerDocsRoute(app);
}
