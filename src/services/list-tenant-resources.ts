// Verb: the tenant resource list (GET .../tenants/resources): ONE_TIME and PERIODIC packages, filtered and paged.
import { invalidParameter } from '../domain/errors.js';
import type { PackageRow } from '../storage/types.js';
import { authorizeTenantRead } from './authorize.js';
import type { ServiceContext } from './context.js';
import {
  checkBusinessTypes, checkChargingModes, checkResourceTypes, checkSources, checkSubResourceTypes, parseExpiryWindow,
  parseStatus, parseTenantPage,
} from './tenant-filters.js';

/** List filters arrive already split (comma-separated or repeated parameters); an empty list means no filter. */
export interface ListTenantResourcesInput {
  projectId: string;
  resourceSources: string[];
  resourceTypes?: string[];
  businessTypes?: string[];
  resourceIds?: string[];
  orderIds?: string[];
  chargingModes?: string[];
  subResourceTypes?: string[];
  status?: unknown;
  expireStart?: string;
  expireEnd?: string;
  limit?: unknown;
  offset?: unknown;
}

export async function listTenantResources(
  ctx: ServiceContext, input: ListTenantResourcesInput,
): Promise<{ total: number; packages: PackageRow[] }> {
  await authorizeTenantRead(ctx.actor, input.projectId, (id) => ctx.store.getProject(id));
  // MetaStudio requires the source: a client that forgets it learns so, instead of silently getting everything.
  if (input.resourceSources.length === 0) {
    throw invalidParameter('resource_source: required, one or more of PURCHASED, SP_ALLOCATED, ADMIN_ALLOCATED');
  }
  const window = parseExpiryWindow(input.expireStart, input.expireEnd);
  const page = parseTenantPage(input.limit, input.offset);
  return ctx.store.searchPackages({
    projectId: input.projectId,
    resourceSources: checkSources(input.resourceSources),
    resourceTypes: checkResourceTypes(ctx, input.resourceTypes ?? []),
    businessTypes: checkBusinessTypes(ctx, input.businessTypes ?? []),
    resourceIds: input.resourceIds ?? [],
    orderIds: input.orderIds ?? [],
    chargingModes: checkChargingModes(input.chargingModes ?? []),
    subResourceTypes: checkSubResourceTypes(ctx, input.subResourceTypes ?? []),
    status: parseStatus(input.status),
    expiresFrom: window.from,
    expiresTo: window.to,
    ...page,
  });
}
