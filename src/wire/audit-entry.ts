// The audit trail on the wire: snake_case, RFC 3339 times.
import { Type, type Static } from '@sinclair/typebox';
import type { AuditEntry } from '../storage/types.js';

export const AuditQuery = Type.Object({
  project_id: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.String()),
  marker: Type.Optional(Type.String()),
});
export type AuditQuery = Static<typeof AuditQuery>;

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
