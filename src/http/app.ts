// createApp(deps): the Fastify application with every route, hook and error mapping; server.ts only listens.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { LedgerError } from '../domain/errors.js';
import type { AppDeps } from './deps.js';
import { clientErrorHandler, NODE_MAX_HEADER_SIZE, requestSizeError, securityHeaders } from './hardening.js';
import { fastUsageReads } from './fast-usage-read.js';
import { MethodRegistry } from './method-registry.js';
import { instrumentStore } from './observability/instrument-store.js';
import { redactedLogPaths } from './observability/log-redaction.js';
import { LedgerMetrics } from './observability/ledger-metrics.js';
import { lazyChildLogger } from './observability/lazy-request-logger.js';
import { stdoutLogDestination } from './observability/log-destination.js';
import { installRequestLog, requestLogLine } from './observability/request-log.js';
import { installRequestMetrics } from './observability/request-metrics.js';
import { RouteCatalog } from './openapi/route-catalog.js';
import { newRequestId } from './request-id.js';
import { trackRoutes } from './route-registry.js';
import { registerAuditRoute } from './routes/admin/audit.js';
import { registerAllocationRoutes } from './routes/admin/allocations.js';
import { registerLedgerAdminRoutes } from './routes/admin/ledger-admin.js';
import { registerUsageRecordRoutes } from './routes/admin/usage-records.js';
import { registerAuthTokenRoutes } from './routes/iam/auth-tokens.js';
import { registerConsoleRoutes } from './routes/console.js';
import { registerOpsRoutes } from './routes/ops/ops-routes.js';
import { registerAssignRecords } from './routes/tenant/assign-records.js';
import { registerTenantResources } from './routes/tenant/resources.js';
import { registerResourcesUsage } from './routes/tenant/resources-usage.js';
import { registerUsageDaily } from './routes/tenant/usage-daily.js';
import { sendError } from './send-error.js';
import { arrivalOf, handleRequestsByTurn, takeRequestListener } from './turn-requests.js';

export const BODY_LIMIT_BYTES = 12 * 1024 * 1024;

export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.log ? {
      level: 'info',
      redact: redactedLogPaths,
      stream: deps.logStream ?? stdoutLogDestination(),
    } : false,
    // Our own onResponse hook writes the one line per request; Fastify's pair of lines is off.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'request_id' }),
    ...(deps.log ? { childLoggerFactory: lazyChildLogger } : {}),
    genReqId: () => newRequestId(),
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT_BYTES,
    // Request line + headers; Node refuses above it (431/414 with our body via clientErrorHandler), hardening.ts below it.
    http: { maxHeaderSize: NODE_MAX_HEADER_SIZE },
    clientErrorHandler,
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
  trackRoutes(app);
  // Before any route: the metrics and the OpenAPI catalog must see every route registered below.
  const metrics = deps.metrics ?? new LedgerMetrics();
  deps = { ...deps, store: instrumentStore(deps.store, metrics) };
  installRequestMetrics(app, metrics);
  const catalog = new RouteCatalog();
  catalog.install(app);

  // Hooks on every request are callback hooks: an async one costs a promise and a microtask hop each time.
  app.addHook('onRequest', (request, reply, done) => {
    // The request has arrived: memory checked against the database since then may answer it (see ReadCache).
    request.arrivedAt = arrivalOf(request.raw) ?? performance.now();
    // Lower case as Fastify stores it anyway: an already lower-case name skips re-interning a new string.
    reply.header('x-request-id', request.id);
    done(requestSizeError(request.raw));
  });
  app.addHook('onSend', securityHeaders);
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
  const logLine = deps.log ? requestLogLine(app) : undefined;
  if (logLine) installRequestLog(app, logLine);

  registerResourcesUsage(app, deps);
  registerUsageRecordRoutes(app, deps);
  registerLedgerAdminRoutes(app, deps);
  registerTenantResources(app, deps);
  registerAssignRecords(app, deps);
  registerAllocationRoutes(app, deps);
  registerAuthTokenRoutes(app, deps);
  registerAuditRoute(app, deps);
  registerOpsRoutes(app, { deps, metrics, catalog });
  registerUsageDaily(app, deps);
  registerConsoleRoutes(app, deps);
  // Every request is handled in the check phase of the turn that read it, with the others of that turn.
  const fastify = takeRequestListener(app.server);
  handleRequestsByTurn(app.server, (deps.fastUsageRead ?? true)
    // The route above stays the reference: the fast path answers only what it would answer with a 200.
    ? fastUsageReads(app, deps, metrics, logLine, fastify)
    : { handle: ({ req, res }) => fastify(req, res) },
  (err) => app.log.error({ err }, 'handling a request failed'));
  await app.ready();
  return app;
}
