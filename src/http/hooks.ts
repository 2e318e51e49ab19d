// Route hooks run before validation: authenticate first (it needs the raw body), then parse JSON bodies.
import type { FastifyReply, FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
import { LedgerError } from '../domain/errors.js';
import type { Actor } from '../services/context.js';
import { authenticate } from './authenticate.js';
import type { AppDeps } from './deps.js';

export function authenticateHook(deps: AppDeps): preValidationAsyncHookHandler {
  return async (request: FastifyRequest) => {
    request.actor = await authenticate(deps, request);
  };
}

/** The signature covers the exact bytes, so they stay a Buffer until authentication is done. */
export async function parseJsonBody(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const raw = request.body;
  if (!Buffer.isBuffer(raw) || raw.length === 0) {
    request.body = undefined;
    return;
  }
  try {
    request.body = JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new LedgerError('MALFORMED_JSON', 'the body is not valid JSON');
  }
}

/** The authenticated actor; routes run only after authenticateHook has set it. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error('route registered without authenticateHook');
  return request.actor;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}
