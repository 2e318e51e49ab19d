// Verb: register a tenant project.
import { LedgerError, invalidParameter } from '../domain/errors.js';
import type { ProjectRow } from '../storage/types.js';
import { authorizeAdmin } from './authorize.js';
import { checkParent } from './project-parent.js';
import { actorLabel, type ServiceContext } from './context.js';

export interface CreateProjectInput {
  projectId: string;
  name?: string;
  /** The service provider the new project is a customer of. */
  parentProjectId?: string;
}

// Huawei project ids are 32 lower-case hex characters; we accept any id a URL path carries without encoding.
const PROJECT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export async function createProject(ctx: ServiceContext, input: CreateProjectInput): Promise<ProjectRow> {
  authorizeAdmin(ctx.actor);
  if (!PROJECT_ID.test(input.projectId)) {
    throw invalidParameter(`project_id: '${input.projectId}' must be 1-64 letters, digits, '-' or '_'`);
  }
  const name = input.name ?? input.projectId;
  if (name.length === 0 || name.length > 255) throw invalidParameter('name: must be 1-255 characters');
  const now = ctx.clock();
  const row: ProjectRow = {
    projectId: input.projectId, name, parentProjectId: input.parentProjectId || null, status: 'active', onDemandOverflow: [], createdAt: now,
  };
  return ctx.store.transaction(async (tx) => {
    if (await tx.getProject(row.projectId)) {
      throw new LedgerError('CONFLICT', `project ${row.projectId} already exists`);
    }
    if (row.parentProjectId) await checkParent(tx, row.projectId, row.parentProjectId);
    await tx.insertProject(row);
    await tx.appendAudit({
      projectId: row.projectId, action: 'project.create', targetId: row.projectId, actor: actorLabel(ctx.actor),
      requestId: ctx.requestId, sourceAddress: ctx.sourceAddress, detail: { name, parent_project_id: row.parentProjectId }, createdAt: now,
    });
    return row;
  });
}
