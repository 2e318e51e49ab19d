// Wire shapes of usage records and journal entries for the admin API and CLI.
import { formatQuantity, quantityToJsonNumber } from '../domain/quantity.js';
import type { JournalEntry, UsageRecordRow } from '../storage/types.js';

export interface UsageRecordInfo {
  record_id: string;
  project_id: string;
  resource_type: string;
  business_type?: string;
  sub_resource_type?: string;
  quantity: number;
  allocations: Array<{ resource_id: string; quantity: number }>;
  overflow_quantity: number;
  status: 'applied' | 'reversed';
  occurred_at: string;
  created_at: string;
  reversed_at?: string;
}

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
