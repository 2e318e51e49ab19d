// GET /v1/{project_id}/tenants/resource/assignrecourd — what service providers allocated to this project (path misspelt as in MetaStudio).
import type { FastifyInstance } from 'fastify';
import { showAssignRecords } from '../../../services/show-assign-records.js';
import { AssignRecordQuery, AssignRecordResponse, toAssignRecordResponse } from '../../../wire/assign-record.js';
import type { AppDeps } from '../../deps.js';
import { authenticateHook } from '../../hooks.js';
import { tenantContext } from './tenant-context.js';
import { single } from './query-values.js';

export function registerAssignRecords(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Params: { project_id: string }; Querystring: AssignRecordQuery }>(
    '/v1/:project_id/tenants/resource/assignrecourd',
    {
      schema: {
        summary: 'Allocations from service providers (MetaStudio ShowTenantAssginRecord)',
        description: 'What service providers allocated to this project; times in Unix seconds.',
        querystring: AssignRecordQuery, response: { 200: AssignRecordResponse },
      },
      preValidation: authenticateHook(deps),
    },
    async (request) => {
      const { projectId, ctx } = tenantContext(deps, request);
      const records = await showAssignRecords(ctx, {
        projectId, limit: single(request.query.limit, 'limit'), offset: single(request.query.offset, 'offset'),
      });
      return toAssignRecordResponse(records, deps.region);
    },
  );
}
