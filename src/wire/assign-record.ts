// MetaStudio wire shape of assignrecourd (ShowTenantAssginRecordResponse): times in Unix seconds, quantities as numbers.
import { Type, type Static } from '@sinclair/typebox';
import { quantityToJsonNumber } from '../domain/quantity.js';
import { specCodeOf } from '../domain/spec-code.js';
import type { AssignRecords } from '../services/show-assign-records.js';
import type { AllocationView } from '../storage/types.js';
import { queryValue } from './query-params.js';

export const AssignRecordQuery = Type.Object({ limit: queryValue('1-100, default 10'), offset: queryValue('0-2147483647, default 0') });
export type AssignRecordQuery = Static<typeof AssignRecordQuery>;

export const AllocateSpResourceInfo = Type.Object({
  assignment_record_id: Type.String(),
  resource_spec_code: Type.String(),
  charging_mode: Type.String(),
  resource_num: Type.Number(),
  resource_used_num: Type.Number(),
  resource_allocate_time: Type.Integer(),
  resource_expire_time: Type.Optional(Type.Integer()),
});

export const AllocateSpResourceSummaryInfo = Type.Object({
  resource_spec_code: Type.String(),
  resource_num: Type.Number(),
  resource_used_num: Type.Number(),
  resource_remind_quota: Type.Number(),
});

export const AssignRecordResponse = Type.Object({
  customer_project_id: Type.String(),
  customer_name: Type.String(),
  region_id: Type.Optional(Type.String()),
  resource_count: Type.Integer(),
  resources: Type.Array(AllocateSpResourceInfo),
  resources_overview: Type.Array(AllocateSpResourceSummaryInfo),
});
export type AssignRecordResponse = Static<typeof AssignRecordResponse>;

const unixSeconds = (d: Date): number => Math.floor(d.getTime() / 1000);

function toAllocateSpResourceInfo(a: AllocationView): Static<typeof AllocateSpResourceInfo> {
  const p = a.customerPackage;
  return {
    assignment_record_id: a.allocationId,
    resource_spec_code: specCodeOf(p),
    charging_mode: p.chargingMode,
    // What the customer holds now: the allocation less what was reclaimed.
    resource_num: quantityToJsonNumber(p.amount),
    resource_used_num: quantityToJsonNumber(p.usage),
    resource_allocate_time: unixSeconds(a.createdAt),
    ...(p.expiresAt !== null ? { resource_expire_time: unixSeconds(p.expiresAt) } : {}),
  };
}

// region_id is the operator's LEDGER_REGION; without one it is left out rather than invented.
export function toAssignRecordResponse(r: AssignRecords, region?: string): AssignRecordResponse {
  return {
    customer_project_id: r.customer.projectId,
    customer_name: r.customer.name,
    ...(region !== undefined ? { region_id: region } : {}),
    resource_count: r.total,
    resources: r.allocations.map(toAllocateSpResourceInfo),
    resources_overview: r.overview.map((o) => ({
      resource_spec_code: o.specCode,
      resource_num: quantityToJsonNumber(o.amount),
      resource_used_num: quantityToJsonNumber(o.usage),
      resource_remind_quota: quantityToJsonNumber(o.providerRemaining),
    })),
  };
}
