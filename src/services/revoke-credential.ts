// Verb: revoke an access key; its next request is refused.
import { LedgerError } from '../domain/errors.js';
import { authorizeAdmin } from './authorize.js';
import { actorLabel, type ServiceContext } from './context.js';

export async function revokeCredential(ctx: ServiceContext, accessKey: string): Promise<void> {
  authorizeAdmin(ctx.actor);
  await ctx.store.transaction(async (tx) => {
    const credential = await tx.findCredential(accessKey);
    if (!credential) throw new LedgerError('NOT_FOUND', `access key ${accessKey} does not exist`);
    await tx.setCredentialStatus(accessKey, 'disabled');
    await tx.appendAudit({
      projectId: credential.projectId, action: 'credential.revoke', targetId: accessKey, actor: actorLabel(ctx.actor),
      requestId: ctx.requestId, sourceAddress: ctx.sourceAddress, detail: {}, createdAt: ctx.clock(),
    });
  });
}
