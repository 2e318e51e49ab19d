// Verb: the audit trail (who changed which credential, user, package or project, when and from where), newest first.
import { parseLimit, parseMarker } from '../domain/page.js';
import type { AuditEntry } from '../storage/types.js';
import { authorizeAdmin } from './authorize.js';
import type { ServiceContext } from './context.js';
import { paged, type Page } from './list-usage-records.js';

export interface ListAuditInput {
  projectId?: string;
  limit?: unknown;
  marker?: unknown;
}

export async function listAudit(ctx: ServiceContext, input: ListAuditInput): Promise<Page<AuditEntry>> {
  authorizeAdmin(ctx.actor);
  const limit = parseLimit(input.limit);
  const entries = await ctx.store.listAudit({
    projectId: input.projectId || undefined, limit: limit + 1, beforeAuditId: parseMarker(input.marker),
  });
  return paged(entries, limit, (e) => e.auditId);
}
