// Verb: set a user's password; every token issued before stops working.
import { hashPassword } from '../auth/password-hash.js';
import { checkPassword } from '../domain/users.js';
import type { UserRow } from '../storage/types.js';
import { authorizeAdmin } from './authorize.js';
import { actorLabel, type ServiceContext } from './context.js';
import { findUserInProject } from './find-user.js';

export interface ChangePasswordInput {
  projectId: string;
  name: string;
  password: string;
}

export async function changePassword(ctx: ServiceContext, input: ChangePasswordInput): Promise<UserRow> {
  authorizeAdmin(ctx.actor);
  const passwordHash = await hashPassword(checkPassword(input.password));
  const now = ctx.clock();
  return ctx.store.transaction(async (tx) => {
    const user = await findUserInProject(tx, input.projectId, input.name);
    const changes = { passwordHash, tokenGeneration: user.tokenGeneration + 1, updatedAt: now };
    await tx.updateUser(user.projectId, user.userId, changes);
    await tx.appendAudit({
      projectId: user.projectId, action: 'user.passwd', targetId: user.userId, actor: actorLabel(ctx.actor),
      requestId: ctx.requestId, sourceAddress: ctx.sourceAddress, detail: { name: user.name }, createdAt: now,
    });
    return { ...user, ...changes };
  });
}
