// Admin API: a service provider's allocations to its customers — create, reclaim, list.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { allocatePackage } from '../../../services/allocate-package.js';
import { listAllocations } from '../../../services/list-allocations.js';
import { reclaimAllocation } from '../../../services/reclaim-allocation.js';
import { ProjectParams } from '../../../wire/admin-schemas.js';
import {
  AllocationInfo, AllocationListQuery, AllocationPage, AllocationParams, CreateAllocationBody, ReclaimedAllocationInfo,
  toAllocationInfo,
} from '../../../wire/allocation.js';
import { quantityToJsonNumber } from '../../../domain/quantity.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, authenticateHook, parseJsonBody } from '../../hooks.js';
import { serviceContext } from '../../service-context.js';

export function registerAllocationRoutes(app: FastifyInstance, deps: AppDeps): void {
  const preValidation = [authenticateHook(deps), parseJsonBody];
  const ctx = (request: FastifyRequest) => serviceContext(deps, actorOf(request), request);

  app.post<{ Params: ProjectParams; Body: CreateAllocationBody }>('/admin/v1/projects/:project_id/allocations',
    {
      schema: {
        summary: "Allocate part of a service provider's package to one of its customers",
        params: ProjectParams, body: CreateAllocationBody, response: { 201: AllocationInfo },
      },
      preValidation,
    },
    async (request, reply) => {
      request.projectId = request.params.project_id;
      const b = request.body;
      const allocation = await allocatePackage(ctx(request), {
        projectId: request.params.project_id, customerProjectId: b.customer_project_id, resourceId: b.resource_id,
        amount: b.amount, expireTime: b.expire_time,
      });
      return reply.code(201).send(toAllocationInfo(allocation));
    });

  app.get<{ Params: ProjectParams; Querystring: AllocationListQuery }>('/admin/v1/projects/:project_id/allocations',
    {
      schema: {
        summary: "List a service provider's allocations, oldest first",
        params: ProjectParams, querystring: AllocationListQuery, response: { 200: AllocationPage },
      },
      preValidation,
    },
    async (request) => {
      request.projectId = request.params.project_id;
      const q = request.query;
      const { total, allocations } = await listAllocations(ctx(request), {
        projectId: request.params.project_id, customerProjectId: q.customer_project_id, limit: q.limit, offset: q.offset,
      });
      return { count: total, allocations: allocations.map(toAllocationInfo) };
    });

  app.post<{ Params: AllocationParams }>('/admin/v1/projects/:project_id/allocations/:allocation_id/reclaim',
    {
      schema: {
        summary: "Give an allocation's unused rest back to the provider's package",
        params: AllocationParams, response: { 200: ReclaimedAllocationInfo },
      },
      preValidation,
    },
    async (request) => {
      request.projectId = request.params.project_id;
      const { allocation, reclaimed } = await reclaimAllocation(ctx(request), {
        projectId: request.params.project_id, allocationId: request.params.allocation_id,
      });
      return { ...toAllocationInfo(allocation), reclaimed_quantity: quantityToJsonNumber(reclaimed) };
    });
}
