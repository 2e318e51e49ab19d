// Verb: sign a user in with name, domain and password (IAM's password method) and issue a 24-hour token.
import { verifyPassword } from '../auth/password-hash.js';
import { signToken, TOKEN_TTL_MS, type TokenClaims } from '../auth/tokens.js';
import { LedgerError } from '../domain/errors.js';
import type { ProjectRow, UserRow } from '../storage/types.js';
import { actorLabel, type PublicContext } from './context.js';
import { tokenKey } from './token-key.js';

export interface PasswordSignIn {
  userName: string;
  password: string;
  domain: { id?: string; name?: string };
  scope?: { projectId?: string; projectName?: string };
}

export interface IssuedToken {
  token: string;
  claims: TokenClaims;
  user: UserRow;
  project: ProjectRow;
}

/** One answer for a wrong password, an unknown user, a disabled user or a project the user is not in. */
export const SIGN_IN_FAILED = 'the user name or password is wrong';

export async function issueToken(ctx: PublicContext, input: PasswordSignIn): Promise<IssuedToken> {
  const candidates = await ctx.store.findUsers({ name: input.userName, domainId: input.domain.id, domainName: input.domain.name });
  const user = await scoped(ctx, candidates, input.scope);
  // Always run scrypt, against a dummy hash when there is no user: the time taken must not tell who exists.
  const matches = await verifyPassword(input.password, user?.passwordHash);
  const project = user ? await ctx.store.getProject(user.projectId) : undefined;
  if (!user || !matches || user.status !== 'active' || !project || project.status !== 'active') {
    throw new LedgerError('UNAUTHENTICATED', SIGN_IN_FAILED);
  }
  const now = ctx.clock();
  const claims: TokenClaims = {
    projectId: user.projectId, userId: user.userId, generation: user.tokenGeneration, issuedAt: now,
    expiresAt: new Date(now.getTime() + TOKEN_TTL_MS),
  };
  const token = signToken(tokenKey(ctx.secretBox), claims);
  // A token is a credential: who obtained one, when and from where belongs in the audit trail.
  await ctx.store.transaction(async (tx) => {
    await tx.appendAudit({
      projectId: user.projectId, action: 'token.issue', targetId: user.userId,
      actor: actorLabel({ kind: 'user', userId: user.userId, name: user.name, projectId: user.projectId, role: user.role }),
      requestId: ctx.requestId, sourceAddress: ctx.sourceAddress,
      detail: { name: user.name, expires_at: claims.expiresAt.toISOString() }, createdAt: now,
    });
  });
  return { token, claims, user, project };
}

/** The user the scope picks: by project id or name, or the only user of that name in the domain. */
async function scoped(ctx: PublicContext, candidates: UserRow[], scope: PasswordSignIn['scope']): Promise<UserRow | undefined> {
  if (scope?.projectId !== undefined) return candidates.find((u) => u.projectId === scope.projectId);
  if (scope?.projectName !== undefined) {
    const named: UserRow[] = [];
    for (const u of candidates) if ((await ctx.store.getProject(u.projectId))?.name === scope.projectName) named.push(u);
    return named.length === 1 ? named[0] : undefined;
  }
  return candidates.length === 1 ? candidates[0] : undefined;
}
