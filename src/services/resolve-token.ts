// Verb: the user behind a token, checked against the database on every use (disabled users and old passwords end it).
import { verifyToken, type TokenClaims } from '../auth/tokens.js';
import { LedgerError } from '../domain/errors.js';
import type { ProjectRow, UserRow } from '../storage/types.js';
import type { PublicContext } from './context.js';
import { tokenKey } from './token-key.js';

export interface ResolvedToken {
  claims: TokenClaims;
  user: UserRow;
  project: ProjectRow;
}

export async function resolveToken(ctx: PublicContext, token: string): Promise<ResolvedToken> {
  const check = verifyToken(tokenKey(ctx.secretBox), token, ctx.clock());
  if (!check.ok) {
    throw new LedgerError('UNAUTHENTICATED', check.reason === 'expired' ? 'the token has expired' : 'the token is not valid');
  }
  const { claims } = check;
  const user = await ctx.store.getUser(claims.projectId, claims.userId);
  if (!user || user.status !== 'active' || user.tokenGeneration !== claims.generation) {
    throw new LedgerError('UNAUTHENTICATED', 'the token is no longer valid');
  }
  const project = await ctx.store.getProject(user.projectId);
  if (!project || project.status !== 'active') throw new LedgerError('UNAUTHENTICATED', 'the token is no longer valid');
  return { claims, user, project };
}
