// Every route as it is registered (method, pattern, schema), collected by an onRoute hook for the OpenAPI document.
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';

/** The OpenAPI-only keys a route's schema may carry next to what Fastify validates with. */
export interface RouteDocs {
  summary?: string;
  description?: string;
  tags?: string[];
  operationId?: string;
  deprecated?: boolean;
  /** Overrides the security chosen from the path (see openapi-document.ts); [] means public. */
  security?: Array<Record<string, string[]>>;
  /** Left out of the document (static assets of /docs). */
  hide?: boolean;
}

// Route schemas may carry these keys next to what Fastify validates with (Fastify ignores them).
declare module 'fastify' {
  interface FastifySchema extends RouteDocs {}
}

export interface CatalogRoute {
  method: string;
  url: string;
  schema: FastifySchema;
}

export class RouteCatalog {
  readonly routes: CatalogRoute[] = [];

  /** Must be installed before any route is registered. */
  install(app: FastifyInstance): void {
    app.addHook('onRoute', (route) => this.add(route));
  }

  add(route: RouteOptions & { path?: string }): void {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const schema: FastifySchema = route.schema ?? {};
    // HEAD is Fastify's automatic twin of each GET; the GET documents both.
    for (const method of methods) if (method !== 'HEAD') this.routes.push({ method, url: route.url ?? route.path ?? '', schema });
  }
}
