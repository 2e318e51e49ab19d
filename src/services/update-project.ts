// Verb: change a project's name, status, pay-per-use overflow setting or service provider (parent).
import { LedgerError, invalidParameter } from '../domain/errors.js';
import type { ProjectChanges, ProjectRow } from '../storage/types.js';
import { authorizeAdmin } from './authorize.js';
import { checkParent } from './project-parent.js';
import { actorLabel, type ServiceContext } from './context.js';

export interface UpdateProjectInput {
  projectId: string;
  name?: unknown;
  status?: unknown;
  onDemandOverflow?: unknown;
  /** The service provider this project is a customer of; null makes it a customer of no one. */
  parentProjectId?: unknown;
}

export async function updateProject(ctx: ServiceContext, input: UpdateProjectInput): Promise<ProjectRow> {
  authorizeAdmin(ctx.actor);
  const changes = parseChanges(ctx, input);
  const now = ctx.clock();
  return ctx.store.transaction(async (tx) => {
    const project = await tx.getProject(input.projectId);
    if (!project) throw new LedgerError('NOT_FOUND', `project ${input.projectId} does not exist`);
    if (changes.parentProjectId) await checkParent(tx, input.projectId, changes.parentProjectId);
    await tx.updateProject(input.projectId, changes);
    await tx.appendAudit({
      projectId: input.projectId, action: 'project.update', targetId: input.projectId, actor: actorLabel(ctx.actor),
      requestId: ctx.requestId, sourceAddress: ctx.sourceAddress, detail: { ...changes }, createdAt: now,
    });
    return { ...project, ...changes } as ProjectRow;
  });
}

function parseChanges(ctx: ServiceContext, input: UpdateProjectInput): ProjectChanges {
  const changes: ProjectChanges = {};
  if (input.name !== undefined) {
    if (typeof input.name !== 'string' || input.name.length === 0 || input.name.length > 255) throw invalidParameter('name: must be 1-255 characters');
    changes.name = input.name;
  }
  if (input.status !== undefined) {
    if (input.status !== 'active' && input.status !== 'disabled') throw invalidParameter("status: must be 'active' or 'disabled'");
    changes.status = input.status;
  }
  if (input.onDemandOverflow !== undefined) {
    if (!Array.isArray(input.onDemandOverflow) || !input.onDemandOverflow.every((t) => typeof t === 'string')) {
      throw invalidParameter('on_demand_overflow: must be a list of resource types');
    }
    for (const t of input.onDemandOverflow) {
      if (!ctx.catalog.has(t)) throw invalidParameter(`on_demand_overflow: unknown resource type '${t}'`);
    }
    changes.onDemandOverflow = [...new Set(input.onDemandOverflow as string[])];
  }
  if (input.parentProjectId !== undefined) {
    if (input.parentProjectId !== null && (typeof input.parentProjectId !== 'string' || input.parentProjectId === '')) {
      throw invalidParameter('parent_project_id: must be a project id or null');
    }
    changes.parentProjectId = input.parentProjectId;
  }
  if (Object.keys(changes).length === 0) {
    throw invalidParameter('nothing to change: give name, status, on_demand_overflow or parent_project_id');
  }
  return changes;
}
