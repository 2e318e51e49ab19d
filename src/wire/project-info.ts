// Wire shape of a project for the admin API and CLI.
import type { ProjectRow } from '../storage/types.js';

export function toProjectInfo(p: ProjectRow) {
  return {
    project_id: p.projectId,
    name: p.name,
    status: p.status,
    ...(p.parentProjectId !== null ? { parent_project_id: p.parentProjectId } : {}),
    on_demand_overflow: p.onDemandOverflow,
    created_at: p.createdAt.toISOString(),
  };
}
