// GET /admin/v1/audit: who changed which credential, user, package or project, when and from where.
import type { FastifyInstance } from 'fastify';
import { listAudit } from '../../../services/list-audit.js';
import { AuditPage, AuditQuery, toAuditEntryInfo } from '../../../wire/audit-entry.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, authenticateHook } from '../../hooks.js';
import { serviceContext } from '../../service-context.js';

export function registerAuditRoute(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: AuditQuery }>('/admin/v1/audit', {
    schema: {
      summary: 'The audit trail: who changed which credential, user, package or project, newest first',
      querystring: AuditQuery, response: { 200: AuditPage },
    },
    preValidation: authenticateHook(deps),
  },
    async (request) => {
      const q = request.query;
      const page = await listAudit(serviceContext(deps, actorOf(request), request), { projectId: q.project_id, limit: q.limit, marker: q.marker });
      return { entries: page.items.map(toAuditEntryInfo), ...(page.nextMarker ? { next_marker: page.nextMarker } : {}) };
    });
}
