// IAM's token API: POST /v3/auth/tokens signs a user in (public), GET validates a token (authenticated).
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { LedgerError, invalidParameter } from '../../../domain/errors.js';
import { issueToken } from '../../../services/issue-token.js';
import { showToken } from '../../../services/show-token.js';
import { PasswordAuthBody, TokenBody, toPasswordSignIn, toTokenBody } from '../../../wire/iam-token.js';
import { recordFailure, recordSuccess, refuseIfLocked } from '../../auth-guard.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, authenticateHook, parseJsonBody } from '../../hooks.js';
import { serviceContext } from '../../service-context.js';
import { publicContext } from '../../token-auth.js';

export function registerAuthTokenRoutes(app: FastifyInstance, deps: AppDeps): void {
  // No authenticateHook: IAM clients AK/SK-sign this call with whatever credential they hold, and it is not needed.
  app.post<{ Body: PasswordAuthBody }>('/v3/auth/tokens', {
    schema: {
      summary: 'Sign in with user name and password (IAM KeystoneCreateUserTokenByPassword)',
      description: 'The token is in the X-Subject-Token response header; send it as X-Auth-Token. '
        + 'Five failed sign-ins in a row lock the user name for 5 minutes.',
      body: PasswordAuthBody, response: { 201: { ...TokenBody, description: 'Signed in; the token is in X-Subject-Token' } },
    },
    preValidation: parseJsonBody,
  },
    async (request, reply) => {
      const signIn = toPasswordSignIn(request.body);
      // Keyed by the name asked for, existing or not, so a lock tells nothing about which users exist.
      const lockKey = `user:${signIn.domain.id ?? `name/${signIn.domain.name}`}/${signIn.userName}`;
      refuseIfLocked(deps, lockKey, 'the user is locked for 5 minutes after 5 consecutive failed sign-ins');
      let issued;
      try {
        issued = await issueToken(publicContext(deps, request), signIn);
      } catch (err) {
        if (err instanceof LedgerError && err.code === 'UNAUTHENTICATED') recordFailure(deps, lockKey);
        throw err;
      }
      recordSuccess(deps, lockKey);
      return reply.code(201).header('X-Subject-Token', issued.token).send(toTokenBody(issued));
    });

  app.get('/v3/auth/tokens', {
    schema: {
      summary: 'Check a token (IAM KeystoneValidateToken)',
      headers: Type.Object({ 'x-subject-token': Type.String({ minLength: 1, description: 'the token to check' }) }),
      response: { 200: TokenBody },
    },
    preValidation: authenticateHook(deps),
  }, async (request, reply) => {
    const subject = request.headers['x-subject-token'];
    if (typeof subject !== 'string' || subject === '') throw invalidParameter('X-Subject-Token: required');
    const resolved = await showToken(serviceContext(deps, actorOf(request), request), subject);
    return reply.header('X-Subject-Token', subject).send(toTokenBody(resolved));
  });
}
