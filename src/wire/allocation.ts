// Admin API shapes of service-provider allocations: the request bodies and queries (TypeBox) and the answer.
import { Type, type Static } from '@sinclair/typebox';
import { quantityToJsonNumber } from '../domain/quantity.js';
import { formatTimestamp } from '../domain/timestamp.js';
import type { AllocationView } from '../storage/types.js';

export const CreateAllocationBody = Type.Object({
  customer_project_id: Type.String({ minLength: 1, maxLength: 64 }),
  resource_id: Type.String({ minLength: 1, maxLength: 64 }),
  amount: Type.Union([Type.Number(), Type.String()], { description: 'decimal, up to 6 fractional digits' }),
  expire_time: Type.Optional(Type.String({ description: 'RFC 3339; default and latest: the source package expiry' })),
}, { additionalProperties: false });
export type CreateAllocationBody = Static<typeof CreateAllocationBody>;

export const AllocationParams = Type.Object({ project_id: Type.String(), allocation_id: Type.String() });
export type AllocationParams = Static<typeof AllocationParams>;

export const AllocationListQuery = Type.Object({
  customer_project_id: Type.Optional(Type.String()),
  limit: Type.Optional(Type.String()),
  offset: Type.Optional(Type.String()),
});
export type AllocationListQuery = Static<typeof AllocationListQuery>;

export const AllocationInfo = Type.Object({
  allocation_id: Type.String(),
  project_id: Type.String({ description: 'the service provider' }),
  source_resource_id: Type.String(),
  customer_project_id: Type.String(),
  customer_resource_id: Type.String(),
  resource_type: Type.String(),
  business_type: Type.String(),
  sub_resource_type: Type.Optional(Type.String()),
  charging_mode: Type.String(),
  unit: Type.String(),
  allocated_amount: Type.Number(),
  reclaimed_amount: Type.Number(),
  amount: Type.Number({ description: "what the customer's package holds now" }),
  usage: Type.Number({ description: "what the customer has used of it" }),
  status: Type.Union([Type.Literal('active'), Type.Literal('reclaimed')]),
  resource_expire_time: Type.Optional(Type.String({ description: 'RFC 3339' })),
  created_at: Type.String({ description: 'RFC 3339' }),
  reclaimed_at: Type.Optional(Type.String({ description: 'RFC 3339' })),
});
export type AllocationInfo = Static<typeof AllocationInfo>;

export const ReclaimedAllocationInfo = Type.Object({
  ...AllocationInfo.properties,
  reclaimed_quantity: Type.Number({ description: 'what this call gave back' }),
});

export const AllocationPage = Type.Object({ count: Type.Integer(), allocations: Type.Array(AllocationInfo) });

export function toAllocationInfo(a: AllocationView): AllocationInfo {
  const p = a.customerPackage;
  return {
    allocation_id: a.allocationId,
    project_id: a.projectId,
    source_resource_id: a.sourceResourceId,
    customer_project_id: a.customerProjectId,
    customer_resource_id: a.customerResourceId,
    resource_type: p.resourceType,
    business_type: p.businessType,
    ...(p.subResourceType !== null ? { sub_resource_type: p.subResourceType } : {}),
    charging_mode: p.chargingMode,
    unit: p.unit,
    allocated_amount: quantityToJsonNumber(a.allocatedAmount),
    reclaimed_amount: quantityToJsonNumber(a.reclaimedAmount),
    amount: quantityToJsonNumber(p.amount),
    usage: quantityToJsonNumber(p.usage),
    status: a.status,
    ...(p.expiresAt !== null ? { resource_expire_time: formatTimestamp(p.expiresAt) } : {}),
    created_at: formatTimestamp(a.createdAt),
    ...(a.reclaimedAt !== null ? { reclaimed_at: formatTimestamp(a.reclaimedAt) } : {}),
  };
}
