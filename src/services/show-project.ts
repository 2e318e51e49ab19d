// Verb: one project as the admin API shows it (name, status, overflow setting, service provider).
import { LedgerError } from '../domain/errors.js';
import type { ProjectRow } from '../storage/types.js';
import { authorizeAdmin } from './authorize.js';
import type { ServiceContext } from './context.js';

export async function showProject(ctx: ServiceContext, projectId: string): Promise<ProjectRow> {
  authorizeAdmin(ctx.actor);
  const project = await ctx.store.getProject(projectId);
  if (!project) throw new LedgerError('NOT_FOUND', `project ${projectId} does not exist`);
  return project;
}
