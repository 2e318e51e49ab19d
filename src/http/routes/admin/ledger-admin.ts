// Admin API: projects, credentials, packages and the journal.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createCredential } from '../../../services/create-credential.js';
import { createProject } from '../../../services/create-project.js';
import { grantPackage } from '../../../services/grant-package.js';
import { listJournal } from '../../../services/list-journal.js';
import { listPackages } from '../../../services/list-packages.js';
import { listProjects } from '../../../services/list-projects.js';
import { revokeCredential } from '../../../services/revoke-credential.js';
import { updatePackage } from '../../../services/update-package.js';
import { updateProject } from '../../../services/update-project.js';
import {
  AccessKeyParams, CreateCredentialBody, CreateProjectBody, GrantPackageBody, JournalQuery, PackageParams, PageQuery,
  ProjectParams, UpdatePackageBody, UpdateProjectBody,
} from '../../../wire/admin-schemas.js';
import { toPackageInfo } from '../../../wire/package-info.js';
import { toProjectInfo } from '../../../wire/project-info.js';
import { toJournalEntryInfo } from '../../../wire/usage-record.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, authenticateHook, parseJsonBody } from '../../hooks.js';
import { serviceContext } from '../../service-context.js';

export function registerLedgerAdminRoutes(app: FastifyInstance, deps: AppDeps): void {
  const preValidation = [authenticateHook(deps), parseJsonBody];
  const ctx = (request: FastifyRequest) => serviceContext(deps, actorOf(request), request);

  app.post<{ Body: CreateProjectBody }>('/admin/v1/projects', { schema: { body: CreateProjectBody }, preValidation },
    async (request, reply) => {
      const project = await createProject(ctx(request), { projectId: request.body.project_id, name: request.body.name });
      return reply.code(201).send(toProjectInfo(project));
    });

  app.get<{ Querystring: PageQuery }>('/admin/v1/projects', { schema: { querystring: PageQuery }, preValidation },
    async (request) => {
      const page = await listProjects(ctx(request), { limit: request.query.limit, marker: request.query.marker });
      return { projects: page.items.map(toProjectInfo), ...(page.nextMarker ? { next_marker: page.nextMarker } : {}) };
    });

  app.patch<{ Params: ProjectParams; Body: UpdateProjectBody }>('/admin/v1/projects/:project_id',
    { schema: { params: ProjectParams, body: UpdateProjectBody }, preValidation },
    async (request) => {
      const b = request.body;
      const project = await updateProject(ctx(request), {
        projectId: request.params.project_id, name: b.name, status: b.status, onDemandOverflow: b.on_demand_overflow,
      });
      return toProjectInfo(project);
    });

  app.post<{ Params: ProjectParams; Body: CreateCredentialBody | undefined }>('/admin/v1/projects/:project_id/credentials',
    { schema: { params: ProjectParams }, preValidation },
    async (request, reply) => {
      const c = await createCredential(ctx(request), { projectId: request.params.project_id, role: request.body?.role });
      return reply.code(201).send({ access_key: c.accessKey, secret_key: c.secretKey, project_id: c.projectId, role: c.role });
    });

  app.delete<{ Params: AccessKeyParams }>('/admin/v1/credentials/:access_key',
    { schema: { params: AccessKeyParams }, preValidation },
    async (request) => {
      await revokeCredential(ctx(request), request.params.access_key);
      return { access_key: request.params.access_key, status: 'disabled' };
    });

  app.post<{ Params: ProjectParams; Body: GrantPackageBody }>('/admin/v1/projects/:project_id/packages',
    { schema: { params: ProjectParams, body: GrantPackageBody }, preValidation },
    async (request, reply) => {
      const b = request.body;
      const [parent, ...parts] = await grantPackage(ctx(request), {
        projectId: request.params.project_id, resourceType: b.resource_type, amount: b.amount, usage: b.usage,
        businessType: b.business_type, chargingMode: b.charging_mode, source: b.resource_source, unit: b.unit,
        subResourceType: b.sub_resource_type, effectiveAt: b.effective_time, expiresAt: b.expire_time, orderId: b.order_id,
      });
      const body = toPackageInfo(parent!);
      return reply.code(201).send(parts.length > 0 ? { ...body, sub_resources: parts.map(toPackageInfo) } : body);
    });

  app.get<{ Params: ProjectParams; Querystring: PageQuery }>('/admin/v1/projects/:project_id/packages',
    { schema: { params: ProjectParams, querystring: PageQuery }, preValidation },
    async (request) => {
      const { total, packages } = await listPackages(ctx(request), {
        projectId: request.params.project_id, limit: request.query.limit, offset: request.query.offset,
      });
      return { count: total, packages: packages.map(toPackageInfo) };
    });

  app.patch<{ Params: PackageParams; Body: UpdatePackageBody }>('/admin/v1/projects/:project_id/packages/:resource_id',
    { schema: { params: PackageParams, body: UpdatePackageBody }, preValidation },
    async (request) => {
      const b = request.body;
      const pkg = await updatePackage(ctx(request), {
        projectId: request.params.project_id, resourceId: request.params.resource_id, status: b.status,
        expireTime: b.expire_time, amount: b.amount, reason: b.reason,
      });
      return toPackageInfo(pkg);
    });

  app.get<{ Params: ProjectParams; Querystring: JournalQuery }>('/admin/v1/projects/:project_id/journal',
    { schema: { params: ProjectParams, querystring: JournalQuery }, preValidation },
    async (request) => {
      const q = request.query;
      const page = await listJournal(ctx(request), {
        projectId: request.params.project_id, resourceId: q.resource_id, limit: q.limit, marker: q.marker,
      });
      return { entries: page.items.map(toJournalEntryInfo), ...(page.nextMarker ? { next_marker: page.nextMarker } : {}) };
    });
}
