// Verb: give back exactly what a usage record took, to the same packages; repeating it changes nothing.
import { LedgerError } from '../domain/errors.js';
import type { UsageRecordRow } from '../storage/types.js';
import { authorizeMetering } from './authorize.js';
import { actorLabel, type ServiceContext } from './context.js';

export interface ReverseOutcome {
  record: UsageRecordRow;
  replayed: boolean;
}

export async function reverseUsage(ctx: ServiceContext, input: { projectId: string; recordId: string }): Promise<ReverseOutcome> {
  authorizeMetering(ctx.actor, input.projectId);
  return ctx.store.transaction(async (tx) => {
    const record = await tx.getUsageRecord(input.projectId, input.recordId);
    if (!record) throw new LedgerError('NOT_FOUND', `usage record ${input.recordId} does not exist in project ${input.projectId}`);
    if (record.status === 'reversed') return { record, replayed: true };
    const now = ctx.clock();
    for (const a of record.allocations) {
      const pkg = await tx.getPackage(input.projectId, a.resourceId);
      // Usage only drops through reversals of what it gained, so this guards against a corrupted ledger only.
      if (!pkg || pkg.usage < a.quantity) throw new Error(`package ${a.resourceId} cannot give back ${a.quantity} micros`);
      const usageAfter = pkg.usage - a.quantity;
      await tx.updatePackage(input.projectId, a.resourceId, { usage: usageAfter, updatedAt: now });
      await tx.appendJournal({
        projectId: input.projectId, resourceId: a.resourceId, kind: 'reversed', amountDelta: 0n, usageDelta: -a.quantity,
        amountAfter: pkg.amount, usageAfter, recordId: record.recordId, actor: actorLabel(ctx.actor),
        requestId: ctx.requestId, createdAt: now,
      });
    }
    await tx.markUsageRecordReversed(input.projectId, input.recordId, now);
    return { record: { ...record, status: 'reversed', reversedAt: now }, replayed: false };
  });
}
