// The audit trail on the wire: snake_case, RFC 3339 times.
import { Type, type Static } from '@sinclair/typebox';
import type { AuditEntry } from '../storage/types.js';

export const AuditQuery = Type.Object({
  project_id: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.String()),
  marker: Type.Optional(Type.String()),
});
export type AuditQuery = Static<typeof AuditQuery>;

const Nullable = (description: string) => Type.Union([Type.String(), Type.Null()], { description });

export const AuditEntryInfo = Type.Object({
  audit_id: Type.Integer(),
  project_id: Type.String(),
  action: Type.String(),
  target_id: Type.String(),
  actor: Type.String({ description: 'access key, user or CLI operator' }),
  request_id: Nullable('null for CLI changes'),
  source_address: Nullable('client address; "cli" or null outside HTTP'),
  detail: Type.Object({}, { additionalProperties: true, description: 'what changed; never a secret' }),
  created_at: Type.String({ format: 'date-time' }),
});

export const AuditPage = Type.Object({
  entries: Type.Array(AuditEntryInfo),
  next_marker: Type.Optional(Type.String({ description: 'pass as marker for the next page; absent on the last page' })),
});

export function toAuditEntryInfo(e: AuditEntry) {
  return {
    audit_id: e.auditId,
    project_id: e.projectId,
    action: e.action,
    target_id: e.targetId,
    actor: e.actor,
    request_id: e.requestId,
    source_address: e.sourceAddress,
    detail: e.detail,
    created_at: e.createdAt.toISOString(),
  };
}
