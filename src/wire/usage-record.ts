// Wire shapes of usage records and journal entries for the admin API and CLI.
import { Type, type Static } from '@sinclair/typebox';
import { formatQuantity, quantityToJsonNumber } from '../domain/quantity.js';
import type { JournalEntry, UsageRecordRow } from '../storage/types.js';

const Timestamp = Type.String({ format: 'date-time' });

export const UsageRecordInfo = Type.Object({
  record_id: Type.String(),
  project_id: Type.String(),
  resource_type: Type.String(),
  business_type: Type.Optional(Type.String()),
  sub_resource_type: Type.Optional(Type.String()),
  quantity: Type.Number(),
  allocations: Type.Array(Type.Object({ resource_id: Type.String(), quantity: Type.Number() }), {
    description: 'what each package gave, in burn-down order',
  }),
  overflow_quantity: Type.Number({ description: 'billable pay-per-use remainder (on_demand_overflow projects only)' }),
  status: Type.Union([Type.Literal('applied'), Type.Literal('reversed')]),
  occurred_at: Timestamp,
  created_at: Timestamp,
  reversed_at: Type.Optional(Timestamp),
});
export type UsageRecordInfo = Static<typeof UsageRecordInfo>;

export const JournalEntryInfo = Type.Object({
  entry_id: Type.Integer(),
  resource_id: Type.String(),
  kind: Type.String({ description: 'granted, consumed, reversed, adjusted, frozen, unfrozen, expired, allocated, ...' }),
  amount_delta: Type.Number(),
  usage_delta: Type.Number(),
  amount_after: Type.Number(),
  usage_after: Type.Number(),
  record_id: Type.Optional(Type.String()),
  actor: Type.String({ description: 'access key or CLI operator' }),
  request_id: Type.Optional(Type.String()),
  created_at: Timestamp,
});

export function toUsageRecordInfo(r: UsageRecordRow): UsageRecordInfo {
  return {
    record_id: r.recordId,
    project_id: r.projectId,
    resource_type: r.resourceType,
    ...(r.businessType !== null ? { business_type: r.businessType } : {}),
    ...(r.subResourceType !== null ? { sub_resource_type: r.subResourceType } : {}),
    quantity: quantityToJsonNumber(r.quantity),
    allocations: r.allocations.map((a) => ({ resource_id: a.resourceId, quantity: quantityToJsonNumber(a.quantity) })),
    overflow_quantity: quantityToJsonNumber(r.overflowQuantity),
    status: r.status,
    occurred_at: r.occurredAt.toISOString(),
    created_at: r.createdAt.toISOString(),
    ...(r.reversedAt !== null ? { reversed_at: r.reversedAt.toISOString() } : {}),
  };
}

export function toJournalEntryInfo(e: JournalEntry) {
  return {
    entry_id: e.entryId,
    resource_id: e.resourceId,
    kind: e.kind,
    amount_delta: Number(formatQuantity(e.amountDelta)),
    usage_delta: Number(formatQuantity(e.usageDelta)),
    amount_after: quantityToJsonNumber(e.amountAfter),
    usage_after: quantityToJsonNumber(e.usageAfter),
    ...(e.recordId !== null ? { record_id: e.recordId } : {}),
    actor: e.actor,
    ...(e.requestId !== null ? { request_id: e.requestId } : {}),
    created_at: e.createdAt.toISOString(),
  };
}
