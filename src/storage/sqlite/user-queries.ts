// SQLite reads and writes of users and the audit trail (SqliteReader and SqliteLedger delegate here).
import type Database from 'better-sqlite3';
import type { AuditEntry, AuditQuery, UserChanges, UserLookup, UserRow } from '../types.js';

type Raw = Record<string, unknown>;
type Prepare = (sql: string) => Database.Statement;

export function userFromRow(r: Raw): UserRow {
  return {
    projectId: r.project_id as string,
    userId: r.user_id as string,
    name: r.name as string,
    domainId: r.domain_id as string,
    domainName: r.domain_name as string,
    role: r.role as UserRow['role'],
    passwordHash: r.password_hash as string,
    tokenGeneration: Number(r.token_generation),
    status: r.status as UserRow['status'],
    createdAt: new Date(Number(r.created_at)),
    updatedAt: new Date(Number(r.updated_at)),
  };
}

export function auditFromRow(r: Raw): AuditEntry {
  return {
    auditId: Number(r.audit_id),
    projectId: r.project_id as string,
    action: r.action as string,
    targetId: r.target_id as string,
    actor: r.actor as string,
    requestId: (r.request_id as string | null) ?? null,
    sourceAddress: (r.source_address as string | null) ?? null,
    detail: JSON.parse(r.detail as string) as Record<string, unknown>,
    createdAt: new Date(Number(r.created_at)),
  };
}

export function getUser(prepare: Prepare, projectId: string, userId: string): UserRow | undefined {
  const row = prepare('SELECT * FROM users WHERE project_id = ? AND user_id = ?').get(projectId, userId);
  return row ? userFromRow(row as Raw) : undefined;
}

export function findUsers(prepare: Prepare, lookup: UserLookup): UserRow[] {
  // Two fixed statements rather than one with optional guards, so each uses its index.
  if (lookup.projectId !== undefined) {
    return (prepare('SELECT * FROM users WHERE project_id = ? AND name = ?').all(lookup.projectId, lookup.name) as Raw[]).map(userFromRow);
  }
  const rows = lookup.domainId !== undefined
    ? prepare('SELECT * FROM users WHERE domain_id = ? AND name = ? ORDER BY project_id').all(lookup.domainId, lookup.name)
    : prepare('SELECT * FROM users WHERE domain_name = ? AND name = ? ORDER BY project_id').all(lookup.domainName ?? '', lookup.name);
  return (rows as Raw[]).map(userFromRow);
}

export function listAudit(prepare: Prepare, q: AuditQuery): AuditEntry[] {
  const before = q.beforeAuditId ?? Number.MAX_SAFE_INTEGER;
  const rows = q.projectId !== undefined
    ? prepare('SELECT * FROM audit WHERE project_id = ? AND audit_id < ? ORDER BY audit_id DESC LIMIT ?').all(q.projectId, before, q.limit)
    : prepare('SELECT * FROM audit WHERE audit_id < ? ORDER BY audit_id DESC LIMIT ?').all(before, q.limit);
  return (rows as Raw[]).map(auditFromRow);
}

export function insertUser(prepare: Prepare, u: UserRow): void {
  prepare(
    `INSERT INTO users (project_id, user_id, name, domain_id, domain_name, role, password_hash, token_generation, status,
       created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(u.projectId, u.userId, u.name, u.domainId, u.domainName, u.role, u.passwordHash, u.tokenGeneration, u.status,
    u.createdAt.getTime(), u.updatedAt.getTime());
}

export function updateUser(prepare: Prepare, projectId: string, userId: string, c: UserChanges): void {
  prepare(
    `UPDATE users SET status = COALESCE(?, status), password_hash = COALESCE(?, password_hash), token_generation = ?,
       updated_at = ? WHERE project_id = ? AND user_id = ?`,
  ).run(c.status ?? null, c.passwordHash ?? null, c.tokenGeneration, c.updatedAt.getTime(), projectId, userId);
}
