// Verb: issue an access key / secret key pair for a project; the secret is returned once and stored encrypted.
import { LedgerError, invalidParameter } from '../domain/errors.js';
import { newAccessKey, newSecretKey } from '../auth/access-keys.js';
import type { Role } from '../storage/types.js';
import { authorizeAdmin } from './authorize.js';
import { actorLabel, type ServiceContext } from './context.js';

export const roles: readonly Role[] = ['tenant', 'service', 'admin'];

export interface CreateCredentialInput {
  projectId: string;
  role?: string;
}

export interface IssuedCredential {
  accessKey: string;
  secretKey: string;
  projectId: string;
  role: Role;
}

export async function createCredential(ctx: ServiceContext, input: CreateCredentialInput): Promise<IssuedCredential> {
  authorizeAdmin(ctx.actor);
  const role = (input.role ?? 'tenant') as Role;
  if (!roles.includes(role)) throw invalidParameter(`role: '${input.role}' is not one of ${roles.join(', ')}`);
  const accessKey = newAccessKey();
  const secretKey = newSecretKey();
  const now = ctx.clock();
  await ctx.store.transaction(async (tx) => {
    if (!(await tx.getProject(input.projectId))) {
      throw new LedgerError('NOT_FOUND', `project ${input.projectId} does not exist`);
    }
    await tx.insertCredential({
      projectId: input.projectId, accessKey, role, status: 'active', createdAt: now,
      secretCiphertext: ctx.secretBox.seal(secretKey, accessKey),
    });
    await tx.appendAudit({
      projectId: input.projectId, action: 'credential.create', targetId: accessKey, actor: actorLabel(ctx.actor),
      requestId: ctx.requestId, sourceAddress: ctx.sourceAddress, detail: { role }, createdAt: now,
    });
  });
  return { accessKey, secretKey, projectId: input.projectId, role };
}
