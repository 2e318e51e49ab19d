// Verb: every project, in id order, a page at a time (the marker is the last project id).
import { parseLimit } from '../domain/page.js';
import type { ProjectRow } from '../storage/types.js';
import { authorizeAdmin } from './authorize.js';
import type { ServiceContext } from './context.js';
import type { Page } from './list-usage-records.js';

export async function listProjects(ctx: ServiceContext, input: { limit?: unknown; marker?: string }): Promise<Page<ProjectRow>> {
  authorizeAdmin(ctx.actor);
  const limit = parseLimit(input.limit);
  const rows = await ctx.store.listProjects(limit + 1, input.marker || undefined);
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, nextMarker: items[items.length - 1]!.projectId };
}
