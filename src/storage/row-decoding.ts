// Decodes database rows into the Store's row shapes; each backend says how it stores dates, flags and JSON.
import type {
  CredentialRow, JournalEntry, JournalKind, PackageRow, ProjectRow, Role, UsageRecordRow, UsageSumRow,
} from './types.js';

export type Raw = Record<string, unknown>;

/** How one backend represents the column types that differ between SQLite and PostgreSQL. */
export interface ColumnCodec {
  /** SQLite: epoch milliseconds; PostgreSQL: a Date from TIMESTAMPTZ. */
  date(v: unknown): Date;
  /** SQLite: 0/1; PostgreSQL: boolean. */
  flag(v: unknown): boolean;
  /** SQLite: JSON text; PostgreSQL: JSONB, already parsed. */
  json(v: unknown): unknown;
}

const str = (v: unknown): string => v as string;
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));
const big = (v: unknown): bigint => BigInt(v as bigint);

/** The row decoders of one backend. */
export function rowDecoders(c: ColumnCodec) {
  const date = (v: unknown): Date => c.date(v);
  const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : c.date(v));
  return {
    project(r: Raw): ProjectRow {
      return {
        projectId: str(r.project_id),
        name: str(r.name),
        parentProjectId: strOrNull(r.parent_project_id),
        status: r.status as ProjectRow['status'],
        onDemandOverflow: r.on_demand_overflow === undefined ? [] : (c.json(r.on_demand_overflow) as string[]),
        createdAt: date(r.created_at),
      };
    },
    credential(r: Raw): CredentialRow {
      return {
        projectId: str(r.project_id),
        accessKey: str(r.access_key),
        role: r.role as Role,
        secretCiphertext: r.secret_ciphertext as Buffer,
        status: r.status as CredentialRow['status'],
        createdAt: date(r.created_at),
      };
    },
    package(r: Raw): PackageRow {
      return {
        projectId: str(r.project_id),
        resourceId: str(r.resource_id),
        orderId: strOrNull(r.order_id),
        resourceType: str(r.resource_type),
        businessType: str(r.business_type),
        subResourceType: strOrNull(r.sub_resource_type),
        isSubResource: c.flag(r.is_sub_resource),
        parentResourceId: strOrNull(r.parent_resource_id),
        chargingMode: str(r.charging_mode),
        resourceSource: str(r.resource_source),
        unit: str(r.unit),
        amount: big(r.amount),
        usage: big(r.usage),
        status: Number(r.status) === 1 ? 1 : 0,
        effectiveAt: date(r.effective_at),
        expiresAt: dateOrNull(r.expires_at),
        boundAssetId: strOrNull(r.bound_asset_id),
        boundAssetName: strOrNull(r.bound_asset_name),
        createdAt: date(r.created_at),
        updatedAt: date(r.updated_at),
      };
    },
    usageSum(r: Raw): UsageSumRow {
      return {
        resourceType: str(r.resource_type),
        businessType: str(r.business_type),
        subResourceType: strOrNull(r.sub_resource_type),
        isSubResource: c.flag(r.is_sub_resource),
        chargingMode: str(r.charging_mode),
        resourceSource: str(r.resource_source),
        unit: str(r.unit),
        amount: big(r.amount),
        usage: big(r.usage),
      };
    },
    journal(r: Raw): JournalEntry {
      return {
        entryId: Number(r.entry_id),
        projectId: str(r.project_id),
        resourceId: str(r.resource_id),
        kind: r.kind as JournalKind,
        amountDelta: big(r.amount_delta),
        usageDelta: big(r.usage_delta),
        amountAfter: big(r.amount_after),
        usageAfter: big(r.usage_after),
        recordId: strOrNull(r.record_id),
        actor: str(r.actor),
        requestId: strOrNull(r.request_id),
        createdAt: date(r.created_at),
      };
    },
    usageRecord(r: Raw): UsageRecordRow {
      const allocations = c.json(r.allocations) as Array<{ resource_id: string; quantity: string }>;
      return {
        projectId: str(r.project_id),
        recordId: str(r.record_id),
        resourceType: str(r.resource_type),
        businessType: strOrNull(r.business_type),
        subResourceType: strOrNull(r.sub_resource_type),
        quantity: big(r.quantity),
        overflowQuantity: big(r.overflow_quantity),
        allocations: allocations.map((a) => ({ resourceId: a.resource_id, quantity: BigInt(a.quantity) })),
        fingerprint: str(r.fingerprint),
        status: r.status as UsageRecordRow['status'],
        occurredAt: date(r.occurred_at),
        createdAt: date(r.created_at),
        reversedAt: dateOrNull(r.reversed_at),
        actor: str(r.actor),
        requestId: strOrNull(r.request_id),
        seq: Number(r.seq),
      };
    },
  };
}
