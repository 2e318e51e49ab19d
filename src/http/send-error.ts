// Turns anything thrown in a request into a MetaStudio error reply; 5xx details stay in the log.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { LedgerError, type ErrorCode } from '../domain/errors.js';
import { errorBody, internalFailure, wireError, type WireError } from '../wire/error-body.js';

/** Fastify's own 4xx errors (body too large, bad content type...) mapped onto our codes. */
function fromFastifyError(err: FastifyError): { code: ErrorCode; detail: string } | undefined {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { code: 'PAYLOAD_TOO_LARGE', detail: 'the body exceeds 12 MB' };
  if (err.validation) {
    return { code: err.validationContext === 'body' ? 'INVALID_BODY' : 'INVALID_PARAMETER', detail: err.message };
  }
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return { code: 'INVALID_PARAMETER', detail: 'malformed request' };
  }
  return undefined;
}

export function sendError(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  let wire: WireError;
  let detail: string | undefined;
  let extra: Record<string, unknown> | undefined;
  if (err instanceof LedgerError) {
    wire = wireError(err.code);
    detail = err.message;
    // Only what a verb marked for the client; other details stay internal.
    extra = err.details?.body as Record<string, unknown> | undefined;
  } else {
    const mapped = fromFastifyError(err as FastifyError);
    if (mapped) {
      wire = wireError(mapped.code);
      detail = mapped.detail;
    } else {
      request.log.error({ err }, 'unhandled error');
      wire = internalFailure;
    }
  }
  if (wire.status >= 500) detail = undefined;
  // Headers a verb marked for the client, e.g. Retry-After on 429.
  if (err instanceof LedgerError && err.details?.headers) reply.headers(err.details.headers as Record<string, string>);
  reply.errorCode = wire.errorCode;
  return reply.code(wire.status).type('application/json').send({ ...errorBody(wire, detail, request.id), ...extra });
}

declare module 'fastify' {
  interface FastifyReply {
    /** The error code answered, for the request log line. */
    errorCode?: string;
  }
}
