// Wire shape of a project for the admin API and CLI.
import { Type } from '@sinclair/typebox';
import type { ProjectRow } from '../storage/types.js';

export const ProjectInfo = Type.Object({
  project_id: Type.String(),
  name: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  parent_project_id: Type.Optional(Type.String()),
  on_demand_overflow: Type.Array(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
});

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
