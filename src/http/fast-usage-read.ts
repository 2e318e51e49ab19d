// The plain signed resources-usage read answered on node:http before Fastify; every other request goes to Fastify untouched.
import type http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { parseListParam } from '../domain/list-param.js';
import { checkResourceUsageRead, sumResourceUsage, type ShowResourceUsageInput } from '../services/show-resource-usage.js';
import type { UsageSumRow } from '../storage/types.js';
import { resourceUsageBody } from '../wire/resource-usage-json.js';
import { actorOfCredential, admitCredential, checkProjectHeader, checkSignature } from './authenticate.js';
import type { AppDeps } from './deps.js';
import { requestSizeError } from './hardening.js';
import type { LedgerMetrics } from './observability/ledger-metrics.js';
import { logDuration, type RequestLogLine } from './observability/request-log.js';
import { newRequestId } from './request-id.js';
import { RESOURCES_USAGE_ROUTE, RESOURCES_USAGE_TYPE } from './routes/tenant/resources-usage.js';
import { serviceContext } from './service-context.js';
import { turnEndWrites } from './turn-end-writes.js';
import type { RequestListener, TurnHandler } from './turn-requests.js';

// Project ids as MetaStudio writes them: nothing a router would decode or a trailing slash would change.
const USAGE_PATH = /^\/v1\/([A-Za-z0-9_-]{1,64})\/tenants\/resources-usage(?:\?(.*))?$/s;
// Filter values that need no percent-decoding: the query parser and the schema could not read them differently.
const PLAIN_VALUE = /^[A-Za-z0-9_.,-]*$/;

interface UsageTarget {
  projectId: string;
  resource: string[];
  business: string[];
}

/**
 * The request's project and filters when it is the plain read: GET, the route's exact path, at most the
 * `resource` and `business` filters with plain values, signed (an Authorization header), no body, within the
 * size limits. Undefined for anything else, which Fastify answers (and refuses) as it always did.
 */
export function plainUsageRead(req: http.IncomingMessage): UsageTarget | undefined {
  if (req.method !== 'GET' || req.headers.authorization === undefined) return undefined;
  if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) return undefined;
  const match = USAGE_PATH.exec(req.url ?? '');
  if (!match) return undefined;
  const target: UsageTarget = { projectId: match[1]!, resource: [], business: [] };
  const query = match[2];
  if (query !== undefined) {
    for (const pair of query.split('&')) {
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (eq < 0 || (name !== 'resource' && name !== 'business') || !PLAIN_VALUE.test(value)) return undefined;
      target[name].push(value);
    }
  }
  if (requestSizeError(req) !== undefined) return undefined;
  return target;
}

/**
 * The handler of a turn's requests (turn-requests.ts) with the fast path in front of Fastify (`fastify`, the app's
 * request listener). The plain read goes through the same steps as the Fastify route (signature and lock-out,
 * credential, X-Project-Id, authorisation, filters, rate limit, sums, body, security header, request id,
 * metrics, log line) without Fastify's request and reply objects, hooks and router (measured: a fifth of a read's
 * CPU); every other request goes to Fastify untouched. The turn's answers are written together once the last is
 * ready (turn-end-writes.ts). Whatever would not end in a 200 (a failed signature, a locked key, a refusal, the
 * rate limit, a fault) is handed to Fastify before anything is counted, so every error keeps one implementation
 * and the same answer.
 */
export function fastUsageReads(
  app: FastifyInstance, deps: AppDeps, metrics: LedgerMetrics, logLine: RequestLogLine | undefined, fastify: RequestListener,
): TurnHandler {
  const series = metrics.routeSeries(RESOURCES_USAGE_ROUTE);
  const clock = deps.clock ?? (() => new Date());
  const writes = turnEndWrites((err) => app.log.error({ err }, 'resources-usage: writing an answer failed'));

  const answer = async (req: http.IncomingMessage, res: http.ServerResponse, target: UsageTarget, arrivedAt: number) => {
    const input: ShowResourceUsageInput = {
      projectId: target.projectId,
      resourceTypes: parseListParam(target.resource, 'resource'),
      businessTypes: parseListParam(target.business, 'business'),
    };
    const prefetch = deps.store.findCredentialWithUsage ? { ...input, now: clock() } : undefined;
    const checked = await checkSignature(deps, req, undefined, arrivedAt, prefetch);
    if (!checked.ok) return false;
    checkProjectHeader(req.headers, target.projectId);
    const credential = checked.credential;
    const id = newRequestId();
    const ctx = serviceContext(deps, actorOfCredential(credential), { id, ip: req.socket.remoteAddress ?? '', arrivedAt });
    await checkResourceUsageRead(ctx, input);
    // The last step that may refuse, after every other: a request handed to Fastify must not have spent a token.
    admitCredential(deps, credential);
    const rows: UsageSumRow[] = checked.usage ?? await sumResourceUsage(ctx, input);
    const body = resourceUsageBody(rows);
    writes.add({ res, write: () => {
      // The headers the route writes, in its order (request id, type, security header, length).
      res.writeHead(200, [
        'x-request-id', id, 'content-type', RESOURCES_USAGE_TYPE, 'x-content-type-options', 'nosniff',
        'content-length', String(body.length),
      ]);
      res.end(body);
      const ms = performance.now() - arrivedAt;
      series.observe('GET', 200, ms / 1000);
      metrics.fastRead();
      logLine?.({
        request_id: id, route: RESOURCES_USAGE_ROUTE, method: 'GET', project_id: target.projectId, access_key_id: credential.accessKey,
        status: 200, duration_ms: logDuration(ms), error_code: null, auth_failure: null,
      });
    } });
    return true;
  };

  let answered: Array<Promise<void>> = [];
  return {
    handle({ req, res, arrivedAt }) {
      const target = plainUsageRead(req);
      if (!target) {
        fastify(req, res);
        return;
      }
      answered.push(answer(req, res, target, arrivedAt).then(
        (done) => { if (!done) fastify(req, res); },
        // A refusal or a fault: Fastify answers it (and logs and counts it) exactly as if it had come first.
        () => { if (!res.headersSent) fastify(req, res); },
      ));
    },
    turnEnd() {
      if (answered.length === 0) return;
      // From memory (SQLite) every answer is ready within this check phase: written now, not a turn later.
      void Promise.allSettled(answered).then(writes.drain);
      answered = [];
    },
  };
}
