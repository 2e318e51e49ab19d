// The service-provider relation between projects: a parent must exist and the chain of parents must never loop.
import { LedgerError, invalidParameter } from '../domain/errors.js';
import type { LedgerReader } from '../storage/types.js';

// Deeper chains than this are refused outright rather than walked (and a loop could never end anyway).
const MAX_DEPTH = 16;

export async function checkParent(reader: LedgerReader, projectId: string, parentProjectId: string): Promise<void> {
  if (parentProjectId === projectId) throw invalidParameter('parent_project_id: a project cannot be its own service provider');
  let current: string | null = parentProjectId;
  for (let depth = 0; current !== null; depth++) {
    const project = await reader.getProject(current);
    if (!project) {
      if (current === parentProjectId) throw new LedgerError('NOT_FOUND', `project ${parentProjectId} does not exist`);
      break;
    }
    if (project.parentProjectId === projectId) {
      throw new LedgerError('CONFLICT', `project ${projectId} is already a service provider above ${parentProjectId}`);
    }
    if (depth >= MAX_DEPTH) throw new LedgerError('CONFLICT', `parent_project_id: the chain of service providers is too deep`);
    current = project.parentProjectId;
  }
}
