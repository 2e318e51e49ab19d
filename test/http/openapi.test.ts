// GET /openapi.json and /docs: a valid OpenAPI 3.1 document of every registered route, from the schemas the server uses.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { validate, compileErrors } from '@readme/openapi-parser';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPathTemplate } from '../../src/http/openapi/path-template.js';
import { plainSchema } from '../../src/http/openapi/operation.js';
import { UsageRecordBody } from '../../src/wire/admin-schemas.js';
import { buildApp, signedInject } from '../support/app.js';
import { createTestLedger, type TestLedger } from '../support/ledger.js';

type Json = Record<string, any>;

let ledger: TestLedger;
let app: FastifyInstance;
let doc: Json;

beforeAll(async () => {
  ledger = await createTestLedger();
  app = await buildApp(ledger);
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  doc = res.json();
});
afterAll(async () => {
  await app.close();
  await ledger.close();
});

/**
 * Fastify's own view of its router (printRoutes), independent of the hook that feeds the document:
 * "METHOD /path/{param}" for every route but the automatic HEAD twins.
 */
function registeredRoutes(instance: FastifyInstance): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of instance.printRoutes({ commonPrefix: false }).split('\n')) {
    const at = line.search(/[├└]── /);
    if (at < 0) continue;
    const depth = at / 4;
    const m = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(at + 4))!;
    stack[depth] = (depth > 0 ? stack[depth - 1]! : '') + m[1]!;
    stack.length = depth + 1;
    // printRoutes shows an escaped "::" as ":", so only ":" right after "/" is a parameter here.
    const openApiPath = stack[depth]!.replace(/\/:([A-Za-z0-9_]+)/g, '/{$1}');
    for (const method of (m[2] ?? '').split(', ').filter((x) => x && x !== 'HEAD')) routes.push(`${method} ${openApiPath}`);
  }
  return routes.sort();
}

function documentedRoutes(document: Json): string[] {
  return Object.entries(document.paths as Json).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort();
}

const operations = (document: Json) =>
  Object.entries(document.paths as Json).flatMap(([p, ops]) =>
    Object.entries(ops as Json).map(([method, op]) => ({ route: `${method.toUpperCase()} ${p}`, path: p, op: op as Json })));

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    // The parser dereferences in place: give it a copy.
    const result = await validate(structuredClone(doc) as Parameters<typeof validate>[0]);
    if (!result.valid) throw new Error(compileErrors(result));
    expect(result.valid).toBe(true);
    expect(result.specification).toBe('OpenAPI');
  });

  it('documents every registered route, and nothing else (only the static assets of /docs are left out)', () => {
    const registered = registeredRoutes(app);
    const documented = documentedRoutes(doc);
    const missing = registered.filter((r) => !documented.includes(r));
    expect(missing.every((r) => r.startsWith('GET /docs/'))).toBe(true);
    expect(missing.length).toBeGreaterThanOrEqual(3);
    expect(documented.filter((r) => !registered.includes(r))).toEqual([]);
    for (const route of ['GET /v1/{project_id}/tenants/resources-usage', 'POST /admin/v1/usage-records:batch',
      'POST /admin/v1/projects/{project_id}/usage-records', 'GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /openapi.json', 'GET /docs']) {
      expect(documented).toContain(route);
    }
  });

  it('gives every operation a summary, a success response and its path parameters (a route added without docs fails here)', () => {
    const problems: string[] = [];
    for (const { route, path: p, op } of operations(doc)) {
      if (typeof op.summary !== 'string' || op.summary.trim() === '') problems.push(`${route}: no summary`);
      const success = Object.entries(op.responses as Json).filter(([status]) => /^2/.test(status));
      if (success.length === 0) problems.push(`${route}: no 2xx response schema`);
      for (const [status, response] of success) {
        if (Object.keys(response.content ?? {}).length === 0) problems.push(`${route}: ${status} without content`);
      }
      const pathParams = (op.parameters ?? []).filter((x: Json) => x.in === 'path').map((x: Json) => x.name).sort();
      const inPath = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      if (JSON.stringify(pathParams) !== JSON.stringify(inPath)) problems.push(`${route}: path parameters ${pathParams} vs ${inPath}`);
    }
    expect(problems).toEqual([]);
  });

  it('names the AK/SK and X-Auth-Token schemes and requires them on the tenant and admin API', () => {
    expect(doc.components.securitySchemes.akSk).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
    expect(doc.components.securitySchemes.authToken).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Auth-Token' });
    for (const { route, op } of operations(doc)) {
      if (/^[A-Z]+ \/(v1|admin)\//.test(route)) {
        expect(op.security, route).toEqual(expect.arrayContaining([{ akSk: [] }]));
        expect(op.responses['4XX'], route).toEqual({ $ref: '#/components/responses/Error' });
      }
      if (/ \/(healthz|readyz|metrics|openapi\.json|docs)$/.test(route)) expect(op.security, route).toEqual([]);
    }
  });

  it('shows the very schema the server validates with', async () => {
    const op = doc.paths['/admin/v1/projects/{project_id}/usage-records'].post;
    expect(op.requestBody.content['application/json'].schema).toEqual(plainSchema(UsageRecordBody));
    expect(op.requestBody.required).toBe(true);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '201', '4XX', '5XX']));
    // The document says additionalProperties: false, and the server does refuse an unknown field.
    expect(op.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    const service = await ledger.addCredential(await ledger.addProject(), 'service');
    const res = await signedInject(app, {
      method: 'POST', path: `/admin/v1/projects/${await ledger.addProject()}/usage-records`, credential: service,
      body: JSON.stringify({ record_id: 'r', resource_type: 'video_time_2d_model', quantity: 1, colour: 'blue' }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe('MSS.00000002');
  });

  it('documents the query parameters and optional bodies', () => {
    const usage = doc.paths['/v1/{project_id}/tenants/resources-usage'].get;
    const resource = usage.parameters.find((x: Json) => x.name === 'resource');
    expect(resource).toMatchObject({ in: 'query', required: false, schema: { type: 'array', items: { type: 'string' } } });
    const credentials = doc.paths['/admin/v1/projects/{project_id}/credentials'].post;
    expect(credentials.requestBody.required).toBe(false);
    expect(credentials.requestBody.content['application/json'].schema.properties.role).toBeDefined();
    expect(doc.paths['/metrics'].get.responses['200'].content['text/plain']).toBeDefined();
    expect(doc.paths['/readyz'].get.responses['503']).toBeDefined();
  });
});

describe('GET /docs', () => {
  it('serves a page whose every script, style and icon comes from this server', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    // The browser itself is told never to fetch from elsewhere.
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(res.headers['content-security-policy']).not.toMatch(/https?:/);
    const refs = [...res.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThanOrEqual(4);
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^\/(?!\/)/);
      const asset = await app.inject({ method: 'GET', url: ref });
      expect(asset.statusCode, ref).toBe(200);
      expect(asset.rawPayload.length, ref).toBeGreaterThan(0);
    }
  });

  it('renders /openapi.json with Swagger UI from node_modules, without the online validator', async () => {
    const init = await app.inject({ method: 'GET', url: '/docs/init.js' });
    expect(init.headers['content-type']).toMatch(/^text\/javascript/);
    expect(init.body).toContain("url: '/openapi.json'");
    expect(init.body).toContain('validatorUrl: null');
    const bundle = await app.inject({ method: 'GET', url: '/docs/swagger-ui-bundle.js' });
    const dist = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
    expect(bundle.rawPayload.equals(fs.readFileSync(path.join(dist, 'swagger-ui-bundle.js')))).toBe(true);
    expect(bundle.headers['content-type']).toMatch(/^text\/javascript/);
    const css = await app.inject({ method: 'GET', url: '/docs/swagger-ui.css' });
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });
});

describe('toPathTemplate', () => {
  it('turns Fastify patterns into OpenAPI paths', () => {
    expect(toPathTemplate('/v1/:project_id/tenants/resources-usage')).toEqual({ path: '/v1/{project_id}/tenants/resources-usage', params: ['project_id'] });
    expect(toPathTemplate('/admin/v1/usage-records::batch')).toEqual({ path: '/admin/v1/usage-records:batch', params: [] });
    expect(toPathTemplate('/a/:id(^\\d+)/b')).toEqual({ path: '/a/{id}/b', params: ['id'] });
    expect(toPathTemplate('/files/*')).toEqual({ path: '/files/{wildcard}', params: ['wildcard'] });
  });
});
