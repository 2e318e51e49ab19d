// Verb: validate a subject token for an authenticated caller (IAM's GET /v3/auth/tokens).
import { LedgerError } from '../domain/errors.js';
import { authorizeProjectRead } from './authorize.js';
import type { ServiceContext } from './context.js';
import { resolveToken, type ResolvedToken } from './resolve-token.js';

export async function showToken(ctx: ServiceContext, subjectToken: string): Promise<ResolvedToken> {
  let resolved: ResolvedToken;
  try {
    resolved = await resolveToken(ctx, subjectToken);
  } catch (err) {
    // As IAM: a subject token that is not (or no longer) valid is a 404; the caller itself was authenticated.
    if (err instanceof LedgerError && err.code === 'UNAUTHENTICATED') throw new LedgerError('NOT_FOUND', `X-Subject-Token: ${err.message}`);
    throw err;
  }
  // Admins check any token; others only tokens of their own project.
  authorizeProjectRead(ctx.actor, resolved.user.projectId);
  return resolved;
}
