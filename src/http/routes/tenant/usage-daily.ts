// GET /v1/{project_id}/tenants/usage-daily: usage per UTC day and resource type (our addition; the console's chart).
import type { FastifyInstance } from 'fastify';
import { parseListParam } from '../../../domain/list-param.js';
import { showDailyUsage } from '../../../services/show-daily-usage.js';
import { DailyUsageQuery, DailyUsageResponse, toDailyUsageBody } from '../../../wire/daily-usage.js';
import type { AppDeps } from '../../deps.js';
import { authenticateHook } from '../../hooks.js';
import { tenantContext } from './tenant-context.js';
import { single } from './query-values.js';

export function registerUsageDaily(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Params: { project_id: string }; Querystring: DailyUsageQuery }>(
    '/v1/:project_id/tenants/usage-daily',
    {
      schema: {
        summary: 'Daily usage per resource type (tenant-ledger addition, not in MetaStudio)',
        description: 'Sums the applied usage records of the last `days` UTC days (today included) per resource type, '
          + 'business type and sub-resource type; reversed records are left out. Readable with tenant credentials.',
        querystring: DailyUsageQuery, response: { 200: DailyUsageResponse },
      },
      preValidation: authenticateHook(deps),
    },
    async (request) => {
      const { projectId, ctx } = tenantContext(deps, request);
      const daily = await showDailyUsage(ctx, {
        projectId, days: single(request.query.days, 'days'), resourceTypes: parseListParam(request.query.resource, 'resource'),
      });
      return toDailyUsageBody(daily);
    },
  );
}
