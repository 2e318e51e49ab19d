// Verb: create a user who signs in with a password (IAM style); the password is stored only as a scrypt hash.
import { hashPassword } from '../auth/password-hash.js';
import { LedgerError } from '../domain/errors.js';
import { checkDomainName, checkPassword, checkUserName, checkUserRole, domainIdFor, newUserId } from '../domain/users.js';
import type { UserRow } from '../storage/types.js';
import { authorizeAdmin } from './authorize.js';
import { actorLabel, type ServiceContext } from './context.js';

export interface CreateUserInput {
  projectId: string;
  name: string;
  password: string;
  role?: string;
  /** Default: a domain named after the project id. */
  domain?: string;
}

export async function createUser(ctx: ServiceContext, input: CreateUserInput): Promise<UserRow> {
  authorizeAdmin(ctx.actor);
  const name = checkUserName(input.name);
  const role = checkUserRole(input.role);
  const domainName = checkDomainName(input.domain ?? input.projectId);
  // Hashed before the transaction: scrypt takes a while and must not hold the write lock.
  const passwordHash = await hashPassword(checkPassword(input.password));
  const now = ctx.clock();
  const row: UserRow = {
    projectId: input.projectId, userId: newUserId(), name, domainId: domainIdFor(domainName), domainName, role, passwordHash,
    tokenGeneration: 0, status: 'active', createdAt: now, updatedAt: now,
  };
  return ctx.store.transaction(async (tx) => {
    if (!(await tx.getProject(input.projectId))) throw new LedgerError('NOT_FOUND', `project ${input.projectId} does not exist`);
    // As in IAM a name is unique in its domain (a domain may span projects), and so within the project too.
    if ((await tx.findUsers({ name, projectId: input.projectId })).length > 0 || (await tx.findUsers({ name, domainName })).length > 0) {
      throw new LedgerError('CONFLICT', `user ${name} already exists in domain ${domainName}`);
    }
    await tx.insertUser(row);
    await tx.appendAudit({
      projectId: row.projectId, action: 'user.create', targetId: row.userId, actor: actorLabel(ctx.actor),
      requestId: ctx.requestId, sourceAddress: ctx.sourceAddress, detail: { name, role, domain: domainName }, createdAt: now,
    });
    return row;
  });
}
