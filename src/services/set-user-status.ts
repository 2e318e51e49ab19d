// Verb: disable (or enable again) a user; disabling also ends every token the user holds.
import { invalidParameter } from '../domain/errors.js';
import type { UserRow } from '../storage/types.js';
import { authorizeAdmin } from './authorize.js';
import { actorLabel, type ServiceContext } from './context.js';
import { findUserInProject } from './find-user.js';

export interface SetUserStatusInput {
  projectId: string;
  name: string;
  status: string;
}

export async function setUserStatus(ctx: ServiceContext, input: SetUserStatusInput): Promise<UserRow> {
  authorizeAdmin(ctx.actor);
  if (input.status !== 'active' && input.status !== 'disabled') throw invalidParameter("status: must be 'active' or 'disabled'");
  const status: UserRow['status'] = input.status;
  const now = ctx.clock();
  return ctx.store.transaction(async (tx) => {
    const user = await findUserInProject(tx, input.projectId, input.name);
    // A new generation invalidates the tokens issued so far, even if the user is enabled again later.
    const changes = { status, tokenGeneration: user.tokenGeneration + 1, updatedAt: now };
    await tx.updateUser(user.projectId, user.userId, changes);
    await tx.appendAudit({
      projectId: user.projectId, action: status === 'disabled' ? 'user.disable' : 'user.enable', targetId: user.userId,
      actor: actorLabel(ctx.actor), requestId: ctx.requestId, sourceAddress: ctx.sourceAddress,
      detail: { name: user.name }, createdAt: now,
    });
    return { ...user, ...changes };
  });
}
