// GET /v1/{project_id}/tenants/resources-usage — the seed endpoint.
import type { FastifyInstance } from 'fastify';
import { parseListParam } from '../../../domain/list-param.js';
import { showResourceUsage } from '../../../services/show-resource-usage.js';
import { ResourceUsageQuery, ResourceUsageResponse } from '../../../wire/resource-usage.js';
import { resourceUsageBody } from '../../../wire/resource-usage-json.js';
import { authenticateHook } from '../../hooks.js';
import { prefetchedUsage, usagePrefetchHook } from '../../usage-prefetch.js';
import { tenantContext } from './tenant-context.js';
import type { AppDeps } from '../../deps.js';

export const RESOURCES_USAGE_ROUTE = '/v1/:project_id/tenants/resources-usage';
export const RESOURCES_USAGE_TYPE = 'application/json; charset=utf-8';

export function registerResourcesUsage(app: FastifyInstance, deps: AppDeps): void {
  const prefetch = usagePrefetchHook(deps);
  app.get<{ Params: { project_id: string }; Querystring: ResourceUsageQuery }>(
    RESOURCES_USAGE_ROUTE,
    {
      schema: {
        summary: 'Query resource usage (MetaStudio ShowResourceUsage)',
        description: "Sums amount and usage per resource row over the project's ONE_TIME and PERIODIC packages in effect now.",
        querystring: ResourceUsageQuery, response: { 200: ResourceUsageResponse },
      },
      // PostgreSQL: the sums are read in the credential lookup's statement (usage-prefetch.ts).
      preValidation: prefetch ? [prefetch, authenticateHook(deps)] : authenticateHook(deps),
    },
    async (request, reply) => {
      const { projectId, ctx } = tenantContext(deps, request);
      const input = {
        projectId,
        resourceTypes: parseListParam(request.query.resource, 'resource'),
        businessTypes: parseListParam(request.query.business, 'business'),
      };
      const rows = await showResourceUsage(ctx, { ...input, prefetched: prefetchedUsage(request, input) });
      // The endpoint every dashboard polls: its bytes are built from pieces kept per row description (the schema
      // above still documents it; a test holds the text to what Fastify's serializer would write).
      reply.type(RESOURCES_USAGE_TYPE);
      return resourceUsageBody(rows);
    },
  );
}
