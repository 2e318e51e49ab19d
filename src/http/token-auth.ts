// X-Auth-Token: the user behind a signed token becomes the actor, with the user's role and project.
import type { FastifyRequest } from 'fastify';
import type { Actor, PublicContext } from '../services/context.js';
import { resolveToken } from '../services/resolve-token.js';
import { throttle } from './auth-guard.js';
import type { AppDeps } from './deps.js';

export function publicContext(deps: AppDeps, request: FastifyRequest): PublicContext {
  return {
    store: deps.store, catalog: deps.catalog, secretBox: deps.secretBox, clock: deps.clock ?? (() => new Date()),
    requestId: request.id, sourceAddress: request.ip,
  };
}

export async function authenticateToken(deps: AppDeps, request: FastifyRequest, token: string): Promise<Actor> {
  const { user } = await resolveToken(publicContext(deps, request), token);
  throttle(deps, `user:${user.projectId}/${user.userId}`);
  return { kind: 'user', userId: user.userId, name: user.name, projectId: user.projectId, role: user.role };
}
