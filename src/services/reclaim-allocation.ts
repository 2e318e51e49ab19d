// Verb: give the unused rest of an allocation back to the service provider's package it came from.
import { LedgerError } from '../domain/errors.js';
import { formatQuantity } from '../domain/quantity.js';
import type { AllocationView } from '../storage/types.js';
import { authorizeAllocation } from './authorize.js';
import { actorLabel, type ServiceContext } from './context.js';

export interface ReclaimOutcome {
  allocation: AllocationView;
  /** What this call moved back (0 when the customer had used it all, or nothing was left to reclaim). */
  reclaimed: bigint;
  /** true when nothing changed: the allocation was already reclaimed and nothing has come free since. */
  replayed: boolean;
}

/**
 * The rest is what the customer has not used, capped at what is still out on this allocation, so an operator's
 * later adjustment of the customer's package can never hand the provider more than it allocated. Repeating it is
 * safe; if a reversal frees some of the customer's usage later, reclaiming again moves that too.
 */
export async function reclaimAllocation(
  ctx: ServiceContext, input: { projectId: string; allocationId: string },
): Promise<ReclaimOutcome> {
  authorizeAllocation(ctx.actor, input.projectId);
  const now = ctx.clock();
  return ctx.store.transaction(async (tx) => {
    const allocation = await tx.getAllocation(input.projectId, input.allocationId);
    if (!allocation) throw new LedgerError('NOT_FOUND', `allocation ${input.allocationId} does not exist in project ${input.projectId}`);
    const customer = await tx.lockPackage(allocation.customerProjectId, allocation.customerResourceId);
    const source = await tx.lockPackage(allocation.projectId, allocation.sourceResourceId);
    // Packages are never deleted, so this only guards against a corrupted ledger.
    if (!customer || !source) throw new Error(`allocation ${allocation.allocationId} has lost one of its packages`);
    const unused = customer.amount - customer.usage;
    const outstanding = allocation.allocatedAmount - allocation.reclaimedAmount;
    const rest = unused < outstanding ? unused : outstanding;
    if (rest <= 0n && allocation.status === 'reclaimed') {
      return { allocation: { ...allocation, customerPackage: customer }, reclaimed: 0n, replayed: true };
    }
    const label = actorLabel(ctx.actor);
    const customerAfter = { ...customer, amount: customer.amount - rest, updatedAt: now };
    if (rest > 0n) {
      const sourceAmount = source.amount + rest;
      await tx.updatePackage(customer.projectId, customer.resourceId, { amount: customerAfter.amount, updatedAt: now });
      await tx.appendJournal({
        projectId: customer.projectId, resourceId: customer.resourceId, kind: 'reclaimed', amountDelta: -rest, usageDelta: 0n,
        amountAfter: customerAfter.amount, usageAfter: customer.usage, recordId: null, actor: label, requestId: ctx.requestId,
        createdAt: now,
      });
      await tx.updatePackage(source.projectId, source.resourceId, { amount: sourceAmount, updatedAt: now });
      await tx.appendJournal({
        projectId: source.projectId, resourceId: source.resourceId, kind: 'reclaimed', amountDelta: rest, usageDelta: 0n,
        amountAfter: sourceAmount, usageAfter: source.usage, recordId: null, actor: label, requestId: ctx.requestId,
        createdAt: now,
      });
    }
    const changes = { reclaimedAmount: allocation.reclaimedAmount + rest, status: 'reclaimed' as const, reclaimedAt: now };
    await tx.updateAllocation(allocation.projectId, allocation.allocationId, changes);
    for (const projectId of [allocation.projectId, allocation.customerProjectId]) {
      await tx.appendAudit({
        projectId, action: 'allocation.reclaim', targetId: allocation.allocationId, actor: label, requestId: ctx.requestId,
        sourceAddress: ctx.sourceAddress, detail: { amount: formatQuantity(rest) }, createdAt: now,
      });
    }
    return { allocation: { ...allocation, ...changes, customerPackage: customerAfter }, reclaimed: rest, replayed: false };
  });
}
