// One OpenAPI operation from one registered route: parameters, request body and responses from its own schemas.
import type { CatalogRoute } from './route-catalog.js';
import { toPathTemplate } from './path-template.js';

export type JsonObject = Record<string, unknown>;

export interface DocumentedOperation {
  path: string;
  method: string;
  operation: JsonObject;
}

const statusDescriptions: Record<string, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No content', 503: 'Service unavailable',
};

/** A plain JSON copy: drops TypeBox's symbol keys and shares nothing with the schema Fastify compiled. */
export function plainSchema(schema: unknown): JsonObject {
  return JSON.parse(JSON.stringify(schema ?? {})) as JsonObject;
}

function properties(schema: unknown): { props: Record<string, JsonObject>; required: string[] } {
  const s = plainSchema(schema);
  return { props: (s.properties ?? {}) as Record<string, JsonObject>, required: (s.required ?? []) as string[] };
}

function parametersOf(route: CatalogRoute, pathParams: string[]): JsonObject[] {
  const parameters: JsonObject[] = [];
  const params = properties(route.schema.params);
  for (const name of pathParams) parameters.push(parameter(name, 'path', params.props[name] ?? { type: 'string' }, true));
  for (const [where, schema] of [['query', route.schema.querystring], ['header', route.schema.headers]] as const) {
    const { props, required } = properties(schema);
    for (const [name, prop] of Object.entries(props)) parameters.push(parameter(name, where, prop, required.includes(name)));
  }
  return parameters;
}

function parameter(name: string, where: string, schema: JsonObject, required: boolean): JsonObject {
  const { description, ...rest } = schema;
  return { name, in: where, required, ...(description !== undefined ? { description } : {}), schema: rest };
}

/** A body schema `anyOf [X, null]` means the body may be left out (Fastify validates a missing body as null). */
function requestBodyOf(route: CatalogRoute): JsonObject | undefined {
  if (route.schema.body === undefined) return undefined;
  const schema = plainSchema(route.schema.body);
  const branches = Array.isArray(schema.anyOf) ? (schema.anyOf as JsonObject[]) : undefined;
  const present = branches?.filter((b) => b.type !== 'null');
  const optional = branches !== undefined && present !== undefined && present.length < branches.length;
  const bodySchema = optional && present!.length === 1 ? present![0]! : schema;
  return { required: !optional, content: { 'application/json': { schema: bodySchema } } };
}

/** Fastify's response map: status -> schema, or status -> { description?, content: { type: { schema } } }. */
function responsesOf(route: CatalogRoute): JsonObject {
  const responses: JsonObject = {};
  const declared = (route.schema.response ?? {}) as Record<string, unknown>;
  for (const [status, value] of Object.entries(declared)) {
    const key = /^[1-5]xx$/.test(status) ? status.toUpperCase() : status;
    const spec = plainSchema(value);
    const description = (spec.description as string | undefined) ?? statusDescriptions[status] ?? 'Response';
    if (spec.content !== undefined && typeof spec.content === 'object' && !('type' in spec)) {
      responses[key] = { description, content: spec.content };
    } else {
      responses[key] = { description, content: { 'application/json': { schema: spec } } };
    }
  }
  return responses;
}

function operationIdOf(method: string, path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

export function buildOperation(route: CatalogRoute, defaults: { tags: string[]; security: JsonObject[] }): DocumentedOperation {
  const { path, params } = toPathTemplate(route.url);
  const s = route.schema;
  const operation: JsonObject = {
    operationId: s.operationId ?? operationIdOf(route.method, path),
    tags: s.tags ?? defaults.tags,
    ...(s.summary !== undefined ? { summary: s.summary } : {}),
    ...(s.description !== undefined ? { description: s.description } : {}),
    ...(s.deprecated ? { deprecated: true } : {}),
    security: s.security ?? defaults.security,
  };
  const parameters = parametersOf(route, params);
  if (parameters.length > 0) operation.parameters = parameters;
  const requestBody = requestBodyOf(route);
  if (requestBody) operation.requestBody = requestBody;
  operation.responses = responsesOf(route);
  return { path, method: route.method.toLowerCase(), operation };
}
