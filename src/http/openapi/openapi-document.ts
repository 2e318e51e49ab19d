// The OpenAPI 3.1 document of every registered route, built from the schemas Fastify validates and serialises with.
import fs from 'node:fs';
import { ErrorBody } from '../../wire/error-body.js';
import { buildOperation, plainSchema, type JsonObject } from './operation.js';
import type { RouteCatalog } from './route-catalog.js';

const packageJson = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

const AK_SK = { akSk: [] };
const TOKEN = { authToken: [] };

interface AreaDefaults {
  prefix: string;
  tag: string;
  security: JsonObject[];
}

// Security comes from where a route lives; a route's own schema.security overrides it (POST /v3/auth/tokens is public).
const areas: AreaDefaults[] = [
  { prefix: '/v1/', tag: 'tenant', security: [AK_SK, TOKEN] },
  { prefix: '/admin/', tag: 'admin', security: [AK_SK, TOKEN] },
  { prefix: '/v3/', tag: 'auth', security: [AK_SK, TOKEN] },
];
const operations: AreaDefaults = { prefix: '/', tag: 'operations', security: [] };

function areaOf(url: string, method: string): AreaDefaults {
  if (url === '/v3/auth/tokens' && method === 'POST') return { ...areas[2]!, security: [] };
  return areas.find((a) => url.startsWith(a.prefix)) ?? operations;
}

const securitySchemes = {
  akSk: {
    type: 'apiKey', in: 'header', name: 'Authorization',
    description: 'Huawei Cloud AK/SK signing: `Authorization: SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<names>, '
      + 'Signature=<hex>` with `X-Sdk-Date: YYYYMMDDTHHMMSSZ` (or the derived V11-HMAC-SHA256). Sign with an '
      + 'official Huawei SDK or `tenant-ledger request`; an optional `X-Project-Id` must name the project in the path.',
  },
  authToken: {
    type: 'apiKey', in: 'header', name: 'X-Auth-Token',
    description: 'An IAM-style token issued by `POST /v3/auth/tokens` (returned in its `X-Subject-Token` header).',
  },
};

const tags = [
  { name: 'tenant', description: "MetaStudio's tenant API, as Huawei's SDKs call it" },
  { name: 'admin', description: 'Metering and administration of the ledger (service and admin credentials)' },
  { name: 'auth', description: 'IAM-compatible token authentication' },
  { name: 'operations', description: 'Health, readiness, metrics and this documentation; no authentication' },
  { name: 'console', description: 'The web console and the files it loads; it calls the API with a token' },
];

const errorResponse = { $ref: '#/components/responses/Error' };

export function buildOpenApiDocument(catalog: RouteCatalog): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const route of catalog.routes) {
    if (route.schema.hide) continue;
    const area = areaOf(route.url, route.method);
    const { path, method, operation } = buildOperation(route, { tags: [area.tag], security: area.security });
    // API routes answer errors with one body shape; ops routes declare what they answer themselves.
    if (area !== operations) {
      const responses = operation.responses as JsonObject;
      responses['4XX'] ??= errorResponse;
      responses['5XX'] ??= errorResponse;
    }
    (paths[path] ??= {})[method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'tenant-ledger',
      version: packageJson.version,
      summary: "A ledger of tenants' resource packages behind Huawei Cloud MetaStudio's tenant API",
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/' }],
    tags,
    paths,
    components: {
      securitySchemes,
      schemas: { ErrorBody: plainSchema(ErrorBody) },
      responses: {
        Error: {
          description: 'MetaStudio error body; gateway errors (APIG.*) also carry request_id',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
        },
      },
    },
  };
}
