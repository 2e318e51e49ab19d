// GET /v1/{project_id}/tenants/resources-usage — the seed endpoint.
import type { FastifyInstance } from 'fastify';
import { parseListParam } from '../../../domain/list-param.js';
import { showResourceUsage } from '../../../services/show-resource-usage.js';
import { ResourceUsageResponse, toResourceUsageInfo } from '../../../wire/resource-usage.js';
import { checkProjectHeader } from '../../authenticate.js';
import { actorOf, authenticateHook } from '../../hooks.js';
import type { AppDeps } from '../../deps.js';
import { serviceContext } from '../../service-context.js';

interface UsageQuery {
  resource?: string | string[];
  business?: string | string[];
}

export function registerResourcesUsage(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Params: { project_id: string }; Querystring: UsageQuery }>(
    '/v1/:project_id/tenants/resources-usage',
    { schema: { response: { 200: ResourceUsageResponse } }, preValidation: authenticateHook(deps) },
    async (request) => {
      const projectId = request.params.project_id;
      const actor = actorOf(request);
      checkProjectHeader(request, projectId);
      request.projectId = projectId;
      const rows = await showResourceUsage(serviceContext(deps, actor, request), {
        projectId,
        resourceTypes: parseListParam(request.query.resource, 'resource'),
        businessTypes: parseListParam(request.query.business, 'business'),
      });
      return { resources: rows.map(toResourceUsageInfo) };
    },
  );
}
