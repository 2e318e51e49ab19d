// Verb: record one act of consumption exactly once, never beyond what the project holds.
import { planConsumption } from '../domain/burn-down.js';
import { LedgerError } from '../domain/errors.js';
import { formatQuantity } from '../domain/quantity.js';
import type { LedgerTx, UsageRecordRow } from '../storage/types.js';
import { authorizeMetering } from './authorize.js';
import { actorLabel, type ServiceContext } from './context.js';
import { validateRecord, type UsageRecordInput, type ValidRecord } from './usage-record-input.js';

export interface RecordOutcome {
  record: UsageRecordRow;
  /** true when the record existed with the same content: nothing was consumed this time. */
  replayed: boolean;
}

export async function recordUsage(ctx: ServiceContext, input: UsageRecordInput): Promise<RecordOutcome> {
  authorizeMetering(ctx.actor, input.projectId);
  const valid = validateRecord(ctx, input);
  return ctx.store.transaction((tx) => applyRecord(ctx, tx, valid));
}

/** The transactional part, shared with the batch verb (which runs it inside a savepoint). */
export async function applyRecord(ctx: ServiceContext, tx: LedgerTx, r: ValidRecord): Promise<RecordOutcome> {
  const existing = await tx.getUsageRecord(r.projectId, r.recordId);
  if (existing) {
    if (existing.fingerprint !== r.fingerprint) {
      throw new LedgerError('CONFLICT', `record_id ${r.recordId} was already used for a different record`);
    }
    return { record: existing, replayed: true };
  }
  const packages = await tx.listDrawablePackages({
    projectId: r.projectId, resourceType: r.resourceType, businessType: r.businessType,
    subResourceType: r.subResourceType, at: r.occurredAt,
  });
  let plan = planConsumption(packages, r.quantity, r.occurredAt, { allowOverflow: false });
  if (!plan.ok) {
    // Only a record its packages cannot cover needs the project row (a random page to read per record): does the
    // project exist, and may it overflow? A plan that covers the quantity is the same with or without overflow.
    const project = await tx.getProject(r.projectId);
    if (!project) throw new LedgerError('NOT_FOUND', `project ${r.projectId} does not exist`);
    if (project.onDemandOverflow.includes(r.resourceType)) {
      plan = planConsumption(packages, r.quantity, r.occurredAt, { allowOverflow: true });
    }
  }
  if (!plan.ok) {
    throw new LedgerError('QUOTA_INSUFFICIENT',
      `${r.resourceType} needs ${formatQuantity(r.quantity)} but only ${formatQuantity(plan.available)} is available`,
      { body: { available_quantity: Number(formatQuantity(plan.available)) } });
  }
  const now = ctx.clock();
  const byId = new Map(packages.map((p) => [p.resourceId, p]));
  for (const a of plan.allocations) {
    const pkg = byId.get(a.resourceId)!;
    const usageAfter = pkg.usage + a.quantity;
    await tx.updatePackage(r.projectId, a.resourceId, { usage: usageAfter, updatedAt: now });
    await tx.appendJournal({
      projectId: r.projectId, resourceId: a.resourceId, kind: 'consumed', amountDelta: 0n, usageDelta: a.quantity,
      amountAfter: pkg.amount, usageAfter, recordId: r.recordId, actor: actorLabel(ctx.actor), requestId: ctx.requestId,
      createdAt: now,
    });
  }
  const record: UsageRecordRow = {
    projectId: r.projectId, recordId: r.recordId, resourceType: r.resourceType, businessType: r.businessType,
    subResourceType: r.subResourceType, quantity: r.quantity, overflowQuantity: plan.overflow,
    allocations: plan.allocations, fingerprint: r.fingerprint, status: 'applied', occurredAt: r.occurredAt,
    createdAt: now, reversedAt: null, actor: actorLabel(ctx.actor), requestId: ctx.requestId,
  };
  await tx.insertUsageRecord(record);
  return { record, replayed: false };
}
