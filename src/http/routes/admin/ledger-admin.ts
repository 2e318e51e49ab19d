// Admin API: projects, credentials, packages and the journal.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createCredential } from '../../../services/create-credential.js';
import { createProject } from '../../../services/create-project.js';
import { grantPackage } from '../../../services/grant-package.js';
import { listJournal } from '../../../services/list-journal.js';
import { listPackages } from '../../../services/list-packages.js';
import { listProjects } from '../../../services/list-projects.js';
import { showProject } from '../../../services/show-project.js';
import { revokeCredential } from '../../../services/revoke-credential.js';
import { updatePackage } from '../../../services/update-package.js';
import { updateProject } from '../../../services/update-project.js';
import {
  AccessKeyParams, CreateCredentialBody, CreateProjectBody, GrantPackageBody, JournalQuery, PackageParams, PageQuery,
  ProjectParams, UpdatePackageBody, UpdateProjectBody,
} from '../../../wire/admin-schemas.js';
import {
  GrantedPackageInfo, IssuedCredentialInfo, JournalPage, PackagePage, ProjectPage, RevokedCredentialInfo,
} from '../../../wire/admin-responses.js';
import { PackageInfo, toPackageInfo } from '../../../wire/package-info.js';
import { ProjectInfo, toProjectInfo } from '../../../wire/project-info.js';
import { toJournalEntryInfo } from '../../../wire/usage-record.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, authenticateHook, parseJsonBody } from '../../hooks.js';
import { serviceContext } from '../../service-context.js';

export function registerLedgerAdminRoutes(app: FastifyInstance, deps: AppDeps): void {
  const preValidation = [authenticateHook(deps), parseJsonBody];
  const ctx = (request: FastifyRequest) => serviceContext(deps, actorOf(request), request);

  app.post<{ Body: CreateProjectBody }>('/admin/v1/projects',
    { schema: { summary: 'Create a project (tenant)', body: CreateProjectBody, response: { 201: ProjectInfo } }, preValidation },
    async (request, reply) => {
      const project = await createProject(ctx(request), {
        projectId: request.body.project_id, name: request.body.name, parentProjectId: request.body.parent_project_id,
      });
      return reply.code(201).send(toProjectInfo(project));
    });

  app.get<{ Querystring: PageQuery }>('/admin/v1/projects',
    { schema: { summary: 'List projects', querystring: PageQuery, response: { 200: ProjectPage } }, preValidation },
    async (request) => {
      const page = await listProjects(ctx(request), { limit: request.query.limit, marker: request.query.marker });
      return { projects: page.items.map(toProjectInfo), ...(page.nextMarker ? { next_marker: page.nextMarker } : {}) };
    });

  app.get<{ Params: ProjectParams }>('/admin/v1/projects/:project_id',
    { schema: { summary: 'Show one project', params: ProjectParams, response: { 200: ProjectInfo } }, preValidation },
    async (request) => toProjectInfo(await showProject(ctx(request), request.params.project_id)));

  app.patch<{ Params: ProjectParams; Body: UpdateProjectBody }>('/admin/v1/projects/:project_id',
    {
      schema: {
        summary: "Change a project's name, status, on-demand overflow or service provider (parent_project_id)",
        params: ProjectParams, body: UpdateProjectBody,
        response: { 200: ProjectInfo },
      },
      preValidation,
    },
    async (request) => {
      const b = request.body;
      const project = await updateProject(ctx(request), {
        projectId: request.params.project_id, name: b.name, status: b.status, onDemandOverflow: b.on_demand_overflow,
        parentProjectId: b.parent_project_id,
      });
      return toProjectInfo(project);
    });

  app.post<{ Params: ProjectParams; Body: CreateCredentialBody | undefined }>('/admin/v1/projects/:project_id/credentials',
    {
      schema: {
        summary: 'Issue an access key / secret key for a project',
        description: 'The secret key is in this answer only. An empty body issues a tenant credential.',
        params: ProjectParams,
        // A missing body reaches validation as null.
        body: Type.Union([CreateCredentialBody, Type.Null()]),
        response: { 201: IssuedCredentialInfo },
      },
      preValidation,
    },
    async (request, reply) => {
      const c = await createCredential(ctx(request), { projectId: request.params.project_id, role: request.body?.role });
      return reply.code(201).send({ access_key: c.accessKey, secret_key: c.secretKey, project_id: c.projectId, role: c.role });
    });

  app.delete<{ Params: AccessKeyParams }>('/admin/v1/credentials/:access_key',
    {
      schema: { summary: 'Revoke a credential; its next request is refused', params: AccessKeyParams, response: { 200: RevokedCredentialInfo } },
      preValidation,
    },
    async (request) => {
      await revokeCredential(ctx(request), request.params.access_key);
      return { access_key: request.params.access_key, status: 'disabled' };
    });

  app.post<{ Params: ProjectParams; Body: GrantPackageBody }>('/admin/v1/projects/:project_id/packages',
    {
      schema: {
        summary: 'Grant a resource package',
        description: 'Business type and unit default from the catalog; a bundle type also creates its sub-resource packages.',
        params: ProjectParams, body: GrantPackageBody, response: { 201: GrantedPackageInfo },
      },
      preValidation,
    },
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
    {
      schema: { summary: "List a project's packages", params: ProjectParams, querystring: PageQuery, response: { 200: PackagePage } },
      preValidation,
    },
    async (request) => {
      const { total, packages } = await listPackages(ctx(request), {
        projectId: request.params.project_id, limit: request.query.limit, offset: request.query.offset,
      });
      return { count: total, packages: packages.map(toPackageInfo) };
    });

  app.patch<{ Params: PackageParams; Body: UpdatePackageBody }>('/admin/v1/projects/:project_id/packages/:resource_id',
    {
      schema: {
        summary: 'Freeze, unfreeze, change the expiry or the amount of a package',
        description: 'The amount never goes below what is used (409) and needs a reason.',
        params: PackageParams, body: UpdatePackageBody, response: { 200: PackageInfo },
      },
      preValidation,
    },
    async (request) => {
      const b = request.body;
      const pkg = await updatePackage(ctx(request), {
        projectId: request.params.project_id, resourceId: request.params.resource_id, status: b.status,
        expireTime: b.expire_time, amount: b.amount, reason: b.reason, boundAsset: b.bound_asset,
      });
      return toPackageInfo(pkg);
    });

  app.get<{ Params: ProjectParams; Querystring: JournalQuery }>('/admin/v1/projects/:project_id/journal',
    {
      schema: {
        summary: "A project's journal: every package change, newest first", params: ProjectParams, querystring: JournalQuery,
        response: { 200: JournalPage },
      },
      preValidation,
    },
    async (request) => {
      const q = request.query;
      const page = await listJournal(ctx(request), {
        projectId: request.params.project_id, resourceId: q.resource_id, limit: q.limit, marker: q.marker,
      });
      return { entries: page.items.map(toJournalEntryInfo), ...(page.nextMarker ? { next_marker: page.nextMarker } : {}) };
    });
}
