// The one JSON log line per request: who, what and how it ended, from an allow-list of fields.
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/** Must be installed on an app whose logger is on. */
export function installRequestLog(app: FastifyInstance): void {
  // Every field below is a value the app chose (route pattern, ids, status, codes); no header or body reaches
  // this line, so it is written by a child without the redaction pass that guards hand-written log calls
  // (that pass cost about as much as the rest of the line). The request id comes first, where the request
  // logger's binding would put it, so the line reads exactly as before.
  const log = app.log.child({}, { redact: [] });
  // A callback hook, not an async one: no promise per request.
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    log.info({
      request_id: request.id,
      route: request.routeOptions.url ?? null,
      method: request.method,
      project_id: request.projectId ?? (request.params as { project_id?: string } | undefined)?.project_id ?? null,
      access_key_id: request.accessKeyId ?? null,
      status: reply.statusCode,
      duration_ms: Math.round(reply.elapsedTime * 1000) / 1000,
      error_code: reply.errorCode ?? null,
      auth_failure: request.authFailure ?? null,
    }, 'request');
    done();
  });
}
