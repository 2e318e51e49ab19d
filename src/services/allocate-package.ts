// Verb: a service provider moves part of one of its packages into a new SP_ALLOCATED package of one of its customers.
import crypto from 'node:crypto';
import { LedgerError, invalidParameter } from '../domain/errors.js';
import { formatQuantity, parseQuantity } from '../domain/quantity.js';
import { formatTimestamp, parseTimestamp } from '../domain/timestamp.js';
import type { AllocationRow, AllocationView, LedgerTx, PackageRow } from '../storage/types.js';
import { authorizeAllocation } from './authorize.js';
import { actorLabel, type ServiceContext } from './context.js';

export interface AllocatePackageInput {
  /** The service provider. */
  projectId: string;
  customerProjectId: unknown;
  resourceId: unknown;
  amount: unknown;
  expireTime?: unknown;
}

export async function allocatePackage(ctx: ServiceContext, input: AllocatePackageInput): Promise<AllocationView> {
  authorizeAllocation(ctx.actor, input.projectId);
  const customerProjectId = requiredString(input.customerProjectId, 'customer_project_id');
  const resourceId = requiredString(input.resourceId, 'resource_id');
  const amount = parseQuantity(input.amount, 'amount', { allowZero: false });
  if (input.expireTime !== undefined && input.expireTime !== null && typeof input.expireTime !== 'string') {
    throw invalidParameter('expire_time: must be an RFC 3339 string');
  }
  const wantedExpiry = typeof input.expireTime === 'string' ? parseTimestamp(input.expireTime, 'expire_time') : undefined;
  if (customerProjectId === input.projectId) throw invalidParameter('customer_project_id: a project cannot allocate to itself');
  const now = ctx.clock();
  return ctx.store.transaction(async (tx) => {
    await requireCustomer(tx, input.projectId, customerProjectId);
    const source = await tx.lockPackage(input.projectId, resourceId);
    if (!source) throw new LedgerError('NOT_FOUND', `package ${resourceId} does not exist in project ${input.projectId}`);
    checkAllocatable(ctx, source, amount, now);
    const expiresAt = customerExpiry(source, wantedExpiry, now);
    const label = actorLabel(ctx.actor);
    const spAmountAfter = source.amount - amount;
    await tx.updatePackage(source.projectId, source.resourceId, { amount: spAmountAfter, updatedAt: now });
    await tx.appendJournal({
      projectId: source.projectId, resourceId: source.resourceId, kind: 'allocated', amountDelta: -amount, usageDelta: 0n,
      amountAfter: spAmountAfter, usageAfter: source.usage, recordId: null, actor: label, requestId: ctx.requestId, createdAt: now,
    });
    const received: PackageRow = {
      ...source, projectId: customerProjectId, resourceId: newId(), orderId: null, parentResourceId: null,
      resourceSource: 'SP_ALLOCATED', amount, usage: 0n, status: 0, effectiveAt: now, expiresAt,
      boundAssetId: null, boundAssetName: null, createdAt: now, updatedAt: now,
    };
    await tx.insertPackage(received);
    await tx.appendJournal({
      projectId: customerProjectId, resourceId: received.resourceId, kind: 'allocated', amountDelta: amount, usageDelta: 0n,
      amountAfter: amount, usageAfter: 0n, recordId: null, actor: label, requestId: ctx.requestId, createdAt: now,
    });
    const allocation: AllocationRow = {
      projectId: input.projectId, allocationId: sortableId(now), sourceResourceId: source.resourceId, customerProjectId,
      customerResourceId: received.resourceId, allocatedAmount: amount, reclaimedAmount: 0n, status: 'active',
      createdAt: now, reclaimedAt: null, actor: label, requestId: ctx.requestId,
    };
    await tx.insertAllocation(allocation);
    const detail = {
      allocation_id: allocation.allocationId, source_resource_id: source.resourceId, customer_project_id: customerProjectId,
      customer_resource_id: received.resourceId, amount: formatQuantity(amount),
    };
    // One audit row on each side: both projects' trails show the move.
    for (const projectId of [input.projectId, customerProjectId]) {
      await tx.appendAudit({
        projectId, action: 'allocation.create', targetId: allocation.allocationId, actor: label, requestId: ctx.requestId,
        sourceAddress: ctx.sourceAddress, detail, createdAt: now,
      });
    }
    return { ...allocation, customerPackage: received };
  });
}

/** Both projects exist and the customer's parent is the service provider. */
export async function requireCustomer(tx: LedgerTx, spProjectId: string, customerProjectId: string): Promise<void> {
  if (!(await tx.getProject(spProjectId))) throw new LedgerError('NOT_FOUND', `project ${spProjectId} does not exist`);
  const customer = await tx.getProject(customerProjectId);
  if (!customer) throw new LedgerError('NOT_FOUND', `project ${customerProjectId} does not exist`);
  if (customer.parentProjectId !== spProjectId) {
    throw new LedgerError('CONFLICT', `project ${customerProjectId} is not a customer of ${spProjectId} (set its parent_project_id first)`);
  }
}

function checkAllocatable(ctx: ServiceContext, source: PackageRow, amount: bigint, now: Date): void {
  const refuse = (why: string) => new LedgerError('CONFLICT', `package ${source.resourceId} cannot be allocated: ${why}`);
  if (source.chargingMode === 'ON_DEMAND') throw refuse('pay-per-use packages hold no quota to hand out');
  const def = ctx.catalog.entriesFor(source.resourceType).find((d) => d.businessType === source.businessType);
  if (!source.isSubResource && (def?.bundle?.length ?? 0) > 0) {
    throw refuse('it is a bundle; allocate its sub-resource packages instead');
  }
  if (source.status === 1) throw refuse('it is frozen');
  if (source.effectiveAt > now) throw refuse('it is not in effect yet');
  if (source.expiresAt !== null && source.expiresAt <= now) throw refuse('it has expired');
  const left = source.amount - source.usage;
  if (amount > left) {
    throw new LedgerError('QUOTA_INSUFFICIENT',
      `allocating ${formatQuantity(amount)} needs more than the ${formatQuantity(left)} left in package ${source.resourceId}`,
      { body: { available_quantity: Number(formatQuantity(left)) } });
  }
}

/** The customer's package never outlives the provider's: it defaults to, and may not pass, the source's expiry. */
function customerExpiry(source: PackageRow, wanted: Date | undefined, now: Date): Date | null {
  if (wanted === undefined) return source.expiresAt;
  if (wanted <= now) throw invalidParameter('expire_time: must be in the future');
  if (source.expiresAt !== null && wanted > source.expiresAt) {
    throw invalidParameter(`expire_time: cannot be later than the provider's package (${formatTimestamp(source.expiresAt)})`);
  }
  return wanted;
}

function requiredString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw invalidParameter(`${field}: required`);
  return value;
}

function newId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

let lastStamp = '';
let sameStamp = 0;

/**
 * Allocation ids order by time (ms), then by a per-process counter, then randomly: listed "oldest first" by
 * (created_at, allocation_id), allocations made within one millisecond still come in the order they were made.
 */
function sortableId(now: Date): string {
  const stamp = now.getTime().toString(16).padStart(12, '0');
  sameStamp = stamp === lastStamp ? sameStamp + 1 : 0;
  lastStamp = stamp;
  return stamp + sameStamp.toString(16).padStart(4, '0') + crypto.randomBytes(8).toString('hex');
}
