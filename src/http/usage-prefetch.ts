// resources-usage on PostgreSQL: the sums read in the credential lookup's statement, one round trip instead of two.
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction, preValidationHookHandler } from 'fastify';
import { parseListParam } from '../domain/list-param.js';
import type { ShowResourceUsageInput } from '../services/show-resource-usage.js';
import type { UsageSumQuery, UsageSumRow } from '../storage/types.js';
import type { AppDeps } from './deps.js';

interface UsageRequest {
  Params: { project_id: string };
  Querystring: { resource?: unknown; business?: unknown };
}

/**
 * A preValidation hook to run before authenticateHook on the resources-usage route, where the store can read a
 * credential and usage sums in one statement (Store.findCredentialWithUsage): it names the sums the request asks
 * for, and authentication reads them with the credential. Undefined where the store cannot (SQLite), so the route
 * pays nothing there. Runs before the query is validated: a query it cannot read leaves nothing to read ahead,
 * and the handler answers it as always.
 */
export function usagePrefetchHook(deps: AppDeps): preValidationHookHandler | undefined {
  if (typeof deps.store.findCredentialWithUsage !== 'function') return undefined;
  const clock = deps.clock ?? (() => new Date());
  return (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const { params, query } = request as unknown as FastifyRequest<UsageRequest>;
    try {
      request.usageToPrefetch = {
        projectId: params.project_id,
        now: clock(),
        resourceTypes: parseListParam(query.resource as string | string[] | undefined, 'resource'),
        businessTypes: parseListParam(query.business as string | string[] | undefined, 'business'),
      };
    } catch {
      // Not a query the handler will accept: nothing is read ahead.
    }
    done();
  };
}

/**
 * The sums read ahead for this request, if they were read for exactly this input (project and filters after
 * validation, which may coerce what the hook saw); undefined otherwise, and the service reads them itself.
 */
export function prefetchedUsage(request: FastifyRequest, input: ShowResourceUsageInput): UsageSumRow[] | undefined {
  const read = request.prefetchedUsage;
  if (!read) return undefined;
  const q = read.query;
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (q.projectId !== input.projectId || !same(q.resourceTypes, input.resourceTypes) || !same(q.businessTypes, input.businessTypes)) {
    return undefined;
  }
  return read.rows;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** the usage sums authentication should read with the credential (usagePrefetchHook) */
    usageToPrefetch?: UsageSumQuery;
    /** what it read: the sums of `query`, computed before anyone was authorised to see them */
    prefetchedUsage?: { query: UsageSumQuery; rows: UsageSumRow[] };
  }
}
