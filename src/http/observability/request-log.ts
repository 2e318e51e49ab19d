// The one JSON log line per request: who, what and how it ended, from an allow-list of fields.
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/** The line's fields, in the order they are written. */
export interface RequestLogFields {
  request_id: string;
  route: string | null;
  method: string;
  project_id: string | null;
  access_key_id: string | null;
  status: number;
  duration_ms: number;
  error_code: string | null;
  auth_failure: string | null;
}

export type RequestLogLine = (fields: RequestLogFields) => void;

/**
 * Writes the line. Every field is a value the app chose (route pattern, ids, status, codes); no header or body
 * reaches it, so it is written by a child without the redaction pass that guards hand-written log calls (that
 * pass cost about as much as the rest of the line). The request id comes first, where the request logger's
 * binding would put it. Must be made from an app whose logger is on.
 */
export function requestLogLine(app: FastifyInstance): RequestLogLine {
  const log: FastifyBaseLogger = app.log.child({}, { redact: [] });
  return (fields) => log.info(fields, 'request');
}

/**
 * Milliseconds from the request's arrival to now: Fastify's own clock starts when it gets the request, which is
 * in the check phase of the turn that read it (turn-requests.ts), after that turn's other requests were read.
 */
export function sinceArrival(request: FastifyRequest, reply: FastifyReply): number {
  return request.arrivedAt === undefined ? reply.elapsedTime : performance.now() - request.arrivedAt;
}

/** Milliseconds with microsecond precision, as the line shows them. */
export function logDuration(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

export function installRequestLog(app: FastifyInstance, line: RequestLogLine): void {
  // A callback hook, not an async one: no promise per request.
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    line({
      request_id: request.id,
      route: request.routeOptions.url ?? null,
      method: request.method,
      project_id: request.projectId ?? (request.params as { project_id?: string } | undefined)?.project_id ?? null,
      access_key_id: request.accessKeyId ?? null,
      status: reply.statusCode,
      duration_ms: logDuration(sinceArrival(request, reply)),
      error_code: reply.errorCode ?? null,
      auth_failure: request.authFailure ?? null,
    });
    done();
  });
}
