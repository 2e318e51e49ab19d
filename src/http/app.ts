// createApp(deps): the Fastify application with every route, hook and error mapping; server.ts only listens.
import Fastify, { type FastifyInstance } from 'fastify';
import { LedgerError } from '../domain/errors.js';
import type { AppDeps } from './deps.js';
import { MethodRegistry } from './method-registry.js';
import { newRequestId } from './request-id.js';
import { registerLedgerAdminRoutes } from './routes/admin/ledger-admin.js';
import { registerUsageRecordRoutes } from './routes/admin/usage-records.js';
import { registerResourcesUsage } from './routes/tenant/resources-usage.js';
import { sendError } from './send-error.js';

export const BODY_LIMIT_BYTES = 12 * 1024 * 1024;

export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.log ? { level: 'info', redact: ['req.headers.authorization', 'req.headers["x-auth-token"]'] } : false,
    disableRequestLogging: true,
    genReqId: () => newRequestId(),
    requestIdHeader: false,
    requestIdLogLabel: 'request_id',
    bodyLimit: BODY_LIMIT_BYTES,
    // Unknown fields are refused (additionalProperties: false), never silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 256 },
    // Undecodable URLs are the client's fault: answer with our 400 body, not Fastify's.
    frameworkErrors: (err, request, reply) => {
      reply.header('X-Request-Id', request.id);
      return sendError(new LedgerError('INVALID_PARAMETER', `malformed request: ${err.message}`), request, reply);
    },
  });
  const methods = new MethodRegistry();
  app.addHook('onRoute', (route) => methods.add(route.method, route.url ?? route.path));

  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });
  // Signatures cover the exact body bytes, so every body stays a Buffer; routes parse JSON themselves.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((err, request, reply) => sendError(err, request, reply));
  app.setNotFoundHandler((request, reply) => {
    const allowed = methods.allowedFor(request.raw.url ?? '/');
    if (allowed.length > 0) {
      reply.header('Allow', allowed.join(', '));
      return sendError(new LedgerError('METHOD_NOT_ALLOWED', `${request.method} is not allowed here`), request, reply);
    }
    return sendError(new LedgerError('ROUTE_NOT_FOUND', ''), request, reply);
  });
  if (deps.log) {
    app.addHook('onResponse', async (request, reply) => {
      request.log.info({
        route: request.routeOptions.url ?? null, method: request.method, project_id: request.projectId ?? null,
        access_key_id: request.accessKeyId ?? null, status: reply.statusCode,
        duration_ms: Math.round(reply.elapsedTime * 1000) / 1000, error_code: reply.errorCode ?? null,
        auth_failure: request.authFailure ?? null,
      }, 'request');
    });
  }

  registerResourcesUsage(app, deps);
  registerUsageRecordRoutes(app, deps);
  registerLedgerAdminRoutes(app, deps);
  await app.ready();
  return app;
}
