// Verb: a project's ONE_TIME and PERIODIC packages in effect now, summed per resource-usage row.
import { invalidParameter } from '../domain/errors.js';
import type { UsageSumRow } from '../storage/types.js';
import { authorizeTenantRead } from './authorize.js';
import type { ServiceContext } from './context.js';

export interface ShowResourceUsageInput {
  projectId: string;
  resourceTypes: string[];
  businessTypes: string[];
  /**
   * The sums of exactly these filters, already read with the caller's credential (PostgreSQL's one round trip, at
   * an instant of this request): answered instead of reading them again, and only once the caller is authorised.
   */
  prefetched?: UsageSumRow[];
}

export async function showResourceUsage(ctx: ServiceContext, input: ShowResourceUsageInput): Promise<UsageSumRow[]> {
  await checkResourceUsageRead(ctx, input);
  if (input.prefetched) return input.prefetched;
  return sumResourceUsage(ctx, input);
}

/** Everything that may refuse the read: who may see the project, and filters naming known types only. */
export async function checkResourceUsageRead(ctx: ServiceContext, input: ShowResourceUsageInput): Promise<void> {
  await authorizeTenantRead(ctx.actor, input.projectId, (id) => ctx.store.getProject(id));
  for (const b of input.businessTypes) {
    if (!ctx.catalog.isKnownBusinessType(b)) throw invalidParameter(`business: unknown business type '${b}'`);
  }
  for (const r of input.resourceTypes) {
    if (!ctx.catalog.has(r)) throw invalidParameter(`resource: unknown resource type '${r}'`);
  }
}

/** The sums themselves, for a read checkResourceUsageRead has let through. */
export function sumResourceUsage(ctx: ServiceContext, input: ShowResourceUsageInput): Promise<UsageSumRow[]> {
  return ctx.store.sumUsage({
    projectId: input.projectId,
    now: ctx.clock(),
    resourceTypes: input.resourceTypes,
    businessTypes: input.businessTypes,
    arrivedAt: ctx.arrivedAt,
  });
}
