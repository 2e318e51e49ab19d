// GET /v1/{project_id}/tenants/resources (the resource list) and /tenants/resources-count (expiring counts).
import type { FastifyInstance } from 'fastify';
import { parseListParam } from '../../../domain/list-param.js';
import { countExpiringResources } from '../../../services/count-expiring-resources.js';
import { listTenantResources } from '../../../services/list-tenant-resources.js';
import {
  CountTenantResourcesQuery, CountTenantResourcesResponse, ListTenantResourcesQuery, ListTenantResourcesResponse,
  toResourceItemInfo, toResourcesCountInfo,
} from '../../../wire/tenant-resources.js';
import type { AppDeps } from '../../deps.js';
import { authenticateHook } from '../../hooks.js';
import { single } from './query-values.js';
import { tenantContext } from './tenant-context.js';


export function registerTenantResources(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Params: { project_id: string }; Querystring: ListTenantResourcesQuery }>(
    '/v1/:project_id/tenants/resources',
    {
      schema: {
        summary: 'List resources (MetaStudio ListTenantResources)',
        description: "The project's ONE_TIME and PERIODIC packages, expired and frozen ones included, filtered and paged.",
        querystring: ListTenantResourcesQuery, response: { 200: ListTenantResourcesResponse },
      },
      preValidation: authenticateHook(deps),
    },
    async (request) => {
      const { projectId, ctx } = tenantContext(deps, request);
      const q = request.query;
      const { total, packages } = await listTenantResources(ctx, {
        projectId,
        resourceSources: parseListParam(q.resource_source, 'resource_source'),
        resourceTypes: parseListParam(q.resource, 'resource'),
        businessTypes: parseListParam(q.business, 'business'),
        resourceIds: parseListParam(q.resource_id, 'resource_id'),
        orderIds: parseListParam(q.order_id, 'order_id'),
        chargingModes: parseListParam(q.charging_mode, 'charging_mode'),
        subResourceTypes: parseListParam(q.sub_resource, 'sub_resource'),
        status: single(q.status, 'status'),
        expireStart: single(q.resource_expire_start_time, 'resource_expire_start_time'),
        expireEnd: single(q.resource_expire_end_time, 'resource_expire_end_time'),
        limit: single(q.limit, 'limit'),
        offset: single(q.offset, 'offset'),
      });
      return { count: total, resources: packages.map(toResourceItemInfo) };
    },
  );

  app.get<{ Params: { project_id: string }; Querystring: CountTenantResourcesQuery }>(
    '/v1/:project_id/tenants/resources-count',
    {
      schema: {
        summary: 'Count expiring resources (MetaStudio CountTenantResources)',
        description: 'ONE_TIME and PERIODIC packages expiring in the window (default: from now), per business type, mode and source.',
        querystring: CountTenantResourcesQuery, response: { 200: CountTenantResourcesResponse },
      },
      preValidation: authenticateHook(deps),
    },
    async (request) => {
      const { projectId, ctx } = tenantContext(deps, request);
      const q = request.query;
      const rows = await countExpiringResources(ctx, {
        projectId,
        businessTypes: parseListParam(q.business, 'business'),
        expireStart: single(q.resource_expire_start_time, 'resource_expire_start_time'),
        expireEnd: single(q.resource_expire_end_time, 'resource_expire_end_time'),
      });
      return { resources_count: rows.map(toResourcesCountInfo) };
    },
  );
}
