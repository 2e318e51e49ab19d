// Verb: how many ONE_TIME and PERIODIC packages expire inside a window (GET .../tenants/resources-count).
import type { ExpiringCountRow } from '../storage/types.js';
import { authorizeTenantRead } from './authorize.js';
import type { ServiceContext } from './context.js';
import { checkBusinessTypes, parseExpiryWindow } from './tenant-filters.js';

export interface CountExpiringInput {
  projectId: string;
  businessTypes?: string[];
  expireStart?: string;
  expireEnd?: string;
}

/**
 * Without a start the window opens now: what has already expired is no longer "expiring". Frozen packages
 * count (they still expire); a bundle counts once, not once per sub-resource part.
 */
export async function countExpiringResources(ctx: ServiceContext, input: CountExpiringInput): Promise<ExpiringCountRow[]> {
  await authorizeTenantRead(ctx.actor, input.projectId, (id) => ctx.store.getProject(id));
  const window = parseExpiryWindow(input.expireStart, input.expireEnd);
  return ctx.store.countExpiring({
    projectId: input.projectId,
    businessTypes: checkBusinessTypes(ctx, input.businessTypes ?? []),
    expiresFrom: window.from ?? ctx.clock(),
    expiresTo: window.to,
  });
}
