// Verb: a service provider's allocations (optionally to one customer), oldest first, with the customers' packages.
import { parseLimit } from '../domain/page.js';
import type { AllocationView } from '../storage/types.js';
import { authorizeProjectRead } from './authorize.js';
import type { ServiceContext } from './context.js';
import { parseOffset } from './tenant-filters.js';

export interface ListAllocationsInput {
  projectId: string;
  customerProjectId?: string;
  limit?: unknown;
  offset?: unknown;
}

export async function listAllocations(
  ctx: ServiceContext, input: ListAllocationsInput,
): Promise<{ total: number; allocations: AllocationView[] }> {
  authorizeProjectRead(ctx.actor, input.projectId);
  return ctx.store.listAllocations({
    projectId: input.projectId, customerProjectId: input.customerProjectId || undefined,
    limit: parseLimit(input.limit), offset: parseOffset(input.offset),
  });
}
