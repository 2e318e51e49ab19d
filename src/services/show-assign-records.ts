// Verb: what service providers allocated to a customer, seen from the customer (GET .../tenants/resource/assignrecourd).
import { LedgerError } from '../domain/errors.js';
import { specCodeOf } from '../domain/spec-code.js';
import type { AllocationView, LedgerReader, ProjectRow } from '../storage/types.js';
import { authorizeTenantRead } from './authorize.js';
import type { ServiceContext } from './context.js';
import { parseTenantPage } from './tenant-filters.js';

/** One row of resources_overview: a spec code's totals over all of the customer's allocations. */
export interface AssignOverviewRow {
  specCode: string;
  businessType: string;
  amount: bigint;
  usage: bigint;
  /** What the allocating service providers still hold of it (in effect, not frozen, not used). */
  providerRemaining: bigint;
}

export interface AssignRecords {
  customer: ProjectRow;
  total: number;
  allocations: AllocationView[];
  overview: AssignOverviewRow[];
}

const OVERVIEW_BATCH = 1000;

export async function showAssignRecords(
  ctx: ServiceContext, input: { projectId: string; limit?: unknown; offset?: unknown },
): Promise<AssignRecords> {
  await authorizeTenantRead(ctx.actor, input.projectId, (id) => ctx.store.getProject(id));
  const page = parseTenantPage(input.limit, input.offset);
  const customer = await ctx.store.getProject(input.projectId);
  if (!customer) throw new LedgerError('NOT_FOUND', `project ${input.projectId} does not exist`);
  const { total, allocations } = await ctx.store.listAllocations({ customerProjectId: input.projectId, ...page });
  const overview = await overviewOf(ctx.store, input.projectId, ctx.clock());
  return { customer, total, allocations, overview };
}

async function overviewOf(store: LedgerReader, customerProjectId: string, now: Date): Promise<AssignOverviewRow[]> {
  const all: AllocationView[] = [];
  for (let offset = 0; ; offset += OVERVIEW_BATCH) {
    const { allocations } = await store.listAllocations({ customerProjectId, limit: OVERVIEW_BATCH, offset });
    all.push(...allocations);
    if (allocations.length < OVERVIEW_BATCH) break;
  }
  const rows = new Map<string, AssignOverviewRow & { key: GroupKey; providers: Set<string> }>();
  for (const a of all) {
    const p = a.customerPackage;
    const key: GroupKey = { resourceType: p.resourceType, businessType: p.businessType, subResourceType: p.subResourceType };
    const id = JSON.stringify(key);
    const row = rows.get(id) ?? {
      specCode: specCodeOf(p), businessType: p.businessType, amount: 0n, usage: 0n, providerRemaining: 0n, key,
      providers: new Set<string>(),
    };
    row.amount += p.amount;
    row.usage += p.usage;
    row.providers.add(a.projectId);
    rows.set(id, row);
  }
  for (const row of rows.values()) row.providerRemaining = await providerRemaining(store, row.key, row.providers, now);
  return [...rows.values()]
    .map(({ specCode, businessType, amount, usage, providerRemaining: remaining }) => ({
      specCode, businessType, amount, usage, providerRemaining: remaining,
    }))
    .sort((x, y) => cmp(x.specCode, y.specCode) || cmp(x.businessType, y.businessType));
}

interface GroupKey {
  resourceType: string;
  businessType: string;
  subResourceType: string | null;
}

/** The providers' usable rest, from the same sums resources-usage shows them. */
async function providerRemaining(store: LedgerReader, key: GroupKey, providers: Set<string>, now: Date): Promise<bigint> {
  let remaining = 0n;
  for (const projectId of providers) {
    const sums = await store.sumUsage({ projectId, now, resourceTypes: [key.resourceType], businessTypes: [key.businessType] });
    for (const s of sums) if (s.subResourceType === key.subResourceType) remaining += s.amount - s.usage;
  }
  return remaining;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
