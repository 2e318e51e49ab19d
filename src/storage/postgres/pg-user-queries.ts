// PostgreSQL reads and writes of users and the audit trail (PgReader and PgLedger delegate here).
import type { AuditEntry, AuditQuery, UserChanges, UserLookup, UserRow } from '../types.js';
import type { Executor, Raw } from './pg-executor.js';
import type { TxExecutor } from './pg-tx-executor.js';

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
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
  };
}

function auditFromRow(r: Raw): AuditEntry {
  return {
    auditId: Number(r.audit_id),
    projectId: r.project_id as string,
    action: r.action as string,
    targetId: r.target_id as string,
    actor: r.actor as string,
    requestId: (r.request_id as string | null) ?? null,
    sourceAddress: (r.source_address as string | null) ?? null,
    detail: r.detail as Record<string, unknown>,
    createdAt: r.created_at as Date,
  };
}

export async function getUser(db: Executor, projectId: string, userId: string): Promise<UserRow | undefined> {
  const [row] = await db.rows('SELECT * FROM users WHERE project_id = $1 AND user_id = $2', [projectId, userId]);
  return row ? userFromRow(row) : undefined;
}

export async function findUsers(db: Executor, lookup: UserLookup): Promise<UserRow[]> {
  if (lookup.projectId !== undefined) {
    return (await db.rows('SELECT * FROM users WHERE project_id = $1 AND name = $2', [lookup.projectId, lookup.name])).map(userFromRow);
  }
  const rows = lookup.domainId !== undefined
    ? await db.rows('SELECT * FROM users WHERE domain_id = $1 AND name = $2 ORDER BY project_id', [lookup.domainId, lookup.name])
    : await db.rows('SELECT * FROM users WHERE domain_name = $1 AND name = $2 ORDER BY project_id', [lookup.domainName ?? '', lookup.name]);
  return rows.map(userFromRow);
}

export async function listAudit(db: Executor, q: AuditQuery): Promise<AuditEntry[]> {
  const before = q.beforeAuditId ?? Number.MAX_SAFE_INTEGER;
  const rows = q.projectId !== undefined
    ? await db.rows('SELECT * FROM audit WHERE project_id = $1 AND audit_id < $2 ORDER BY audit_id DESC LIMIT $3', [q.projectId, before, q.limit])
    : await db.rows('SELECT * FROM audit WHERE audit_id < $1 ORDER BY audit_id DESC LIMIT $2', [before, q.limit]);
  return rows.map(auditFromRow);
}

export async function insertUser(db: TxExecutor, u: UserRow): Promise<void> {
  await db.defer(
    `INSERT INTO users (project_id, user_id, name, domain_id, domain_name, role, password_hash, token_generation, status,
       created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [u.projectId, u.userId, u.name, u.domainId, u.domainName, u.role, u.passwordHash, u.tokenGeneration, u.status, u.createdAt, u.updatedAt],
  );
}

export async function updateUser(db: TxExecutor, projectId: string, userId: string, c: UserChanges): Promise<void> {
  await db.defer(
    `UPDATE users SET status = COALESCE($1::text, status), password_hash = COALESCE($2::text, password_hash), token_generation = $3,
       updated_at = $4 WHERE project_id = $5 AND user_id = $6`,
    [c.status ?? null, c.passwordHash ?? null, c.tokenGeneration, c.updatedAt, projectId, userId],
  );
}
