// The preamble every tenant route shares: who calls, X-Project-Id agrees with the path, the project for the log line.
import type { FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../../services/context.js';
import { checkProjectHeader } from '../../authenticate.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../hooks.js';
import { serviceContext } from '../../service-context.js';

export function tenantContext(
  deps: AppDeps, request: FastifyRequest<{ Params: { project_id: string } }>,
): { projectId: string; ctx: ServiceContext } {
  const projectId = request.params.project_id;
  checkProjectHeader(request.headers, projectId);
  request.projectId = projectId;
  return { projectId, ctx: serviceContext(deps, actorOf(request), request) };
}
