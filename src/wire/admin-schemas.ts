// Request schemas of the admin API (TypeBox): Fastify validates with them and the OpenAPI document is built from them.
import { Type, type Static } from '@sinclair/typebox';

const Quantity = Type.Union([Type.Number(), Type.String()], { description: 'decimal, up to 6 fractional digits' });
const Timestamp = Type.String({ description: 'RFC 3339' });
const Name = Type.String({ minLength: 1, maxLength: 255 });

export type ProjectParams = Static<typeof ProjectParams>;
export const ProjectParams = Type.Object({ project_id: Type.String() });
export type PackageParams = Static<typeof PackageParams>;
export const PackageParams = Type.Object({ project_id: Type.String(), resource_id: Type.String() });
export type RecordParams = Static<typeof RecordParams>;
export const RecordParams = Type.Object({ project_id: Type.String(), record_id: Type.String() });
export type AccessKeyParams = Static<typeof AccessKeyParams>;
export const AccessKeyParams = Type.Object({ access_key: Type.String() });

const recordFields = {
  record_id: Type.String({ minLength: 1, maxLength: 128 }),
  resource_type: Type.String({ minLength: 1 }),
  quantity: Quantity,
  business_type: Type.Optional(Type.String()),
  sub_resource_type: Type.Optional(Type.String()),
  occurred_at: Type.Optional(Timestamp),
};

export const UsageRecordBody = Type.Object(recordFields, { additionalProperties: false });
export type UsageRecordBody = Static<typeof UsageRecordBody>;

export const BatchRecord = Type.Object({ project_id: Type.String({ minLength: 1 }), ...recordFields }, { additionalProperties: false });
export type BatchRecord = Static<typeof BatchRecord>;

// Items are checked one by one (BatchRecord), so one malformed record does not sink the batch.
export const BatchBody = Type.Object(
  { records: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);
export type BatchBody = Static<typeof BatchBody>;

export const UsageRecordQuery = Type.Object({
  resource_type: Type.Optional(Type.String()),
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
  limit: Type.Optional(Type.String()),
  marker: Type.Optional(Type.String()),
});
export type UsageRecordQuery = Static<typeof UsageRecordQuery>;

export const JournalQuery = Type.Object({
  resource_id: Type.Optional(Type.String()),
  limit: Type.Optional(Type.String()),
  marker: Type.Optional(Type.String()),
});
export type JournalQuery = Static<typeof JournalQuery>;

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.String()),
  offset: Type.Optional(Type.String()),
  marker: Type.Optional(Type.String()),
});
export type PageQuery = Static<typeof PageQuery>;

export const GrantPackageBody = Type.Object({
  resource_type: Type.String({ minLength: 1 }),
  amount: Quantity,
  usage: Type.Optional(Quantity),
  business_type: Type.Optional(Type.String()),
  charging_mode: Type.Optional(Type.String()),
  resource_source: Type.Optional(Type.String()),
  unit: Type.Optional(Type.String()),
  sub_resource_type: Type.Optional(Type.String()),
  effective_time: Type.Optional(Timestamp),
  expire_time: Type.Optional(Timestamp),
  order_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
}, { additionalProperties: false });
export type GrantPackageBody = Static<typeof GrantPackageBody>;

export const UpdatePackageBody = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1)])),
  expire_time: Type.Optional(Type.Union([Timestamp, Type.Null()])),
  amount: Type.Optional(Quantity),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  bound_asset: Type.Optional(Type.Union([
    Type.Object({
      asset_id: Type.String({ minLength: 1, maxLength: 128 }),
      asset_name: Type.Optional(Type.String({ maxLength: 255 })),
    }, { additionalProperties: false }),
    Type.Null(),
  ])),
}, { additionalProperties: false });
export type UpdatePackageBody = Static<typeof UpdatePackageBody>;

export const CreateProjectBody = Type.Object({
  project_id: Type.String({ minLength: 1, maxLength: 64 }),
  name: Type.Optional(Name),
  parent_project_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
}, { additionalProperties: false });
export type CreateProjectBody = Static<typeof CreateProjectBody>;

export const UpdateProjectBody = Type.Object({
  name: Type.Optional(Name),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  on_demand_overflow: Type.Optional(Type.Array(Type.String(), { maxItems: 100 })),
  parent_project_id: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
}, { additionalProperties: false });
export type UpdateProjectBody = Static<typeof UpdateProjectBody>;

export const CreateCredentialBody = Type.Object({
  role: Type.Optional(Type.Union([Type.Literal('tenant'), Type.Literal('service'), Type.Literal('admin')])),
}, { additionalProperties: false });
export type CreateCredentialBody = Static<typeof CreateCredentialBody>;
