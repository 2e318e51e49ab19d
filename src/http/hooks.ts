// Route hooks run before validation: authenticate first (it needs the raw body), then parse JSON bodies.
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction, preValidationHookHandler } from 'fastify';
import { LedgerError } from '../domain/errors.js';
import type { Actor } from '../services/context.js';
import { authenticate } from './authenticate.js';
import type { AppDeps } from './deps.js';

// Callback hooks rather than async ones: an async wrapper adds a promise and a microtask hop on every request.
export function authenticateHook(deps: AppDeps): preValidationHookHandler {
  return (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    authenticate(deps, request).then((actor) => {
      request.actor = actor;
      done();
    }, (err: unknown) => done(err instanceof Error ? err : new Error(`authentication failed: ${String(err)}`)));
  };
}

/** The signature covers the exact bytes, so they stay a Buffer until authentication is done. */
export function parseJsonBody(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const raw = request.body;
  if (!Buffer.isBuffer(raw) || raw.length === 0) {
    request.body = undefined;
    done();
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    done(new LedgerError('MALFORMED_JSON', 'the body is not valid JSON'));
    return;
  }
  request.body = body;
  done();
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
