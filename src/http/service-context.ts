// Builds the service context for one HTTP request.
import type { FastifyRequest } from 'fastify';
import type { Actor, ServiceContext } from '../services/context.js';
import type { AppDeps } from './deps.js';

/** What a context takes from the request: a Fastify request has it, and so does the resources-usage fast path. */
export type RequestFacts = Pick<FastifyRequest, 'id' | 'ip' | 'arrivedAt'>;

export function serviceContext(deps: AppDeps, actor: Actor, request: RequestFacts): ServiceContext {
  return {
    actor,
    store: deps.store,
    catalog: deps.catalog,
    secretBox: deps.secretBox,
    clock: deps.clock ?? (() => new Date()),
    requestId: request.id,
    sourceAddress: request.ip,
    arrivedAt: request.arrivedAt,
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    projectId?: string;
    /** performance.now() when the request had arrived (the onRequest hook) */
    arrivedAt?: number;
  }
}
