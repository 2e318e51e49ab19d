// GET /console/: the web console (static HTML, CSS and ES modules from this repository, no CDN) and the catalog it needs.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { LedgerError } from '../../domain/errors.js';
import type { AppDeps } from '../deps.js';

// This file runs as src/http/routes/console.ts (tests) or dist/http/routes/console.js: the repository is three up either way.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const pageDir = path.join(root, 'console');
// The console's TypeScript is compiled by `npm run build` (console/tsconfig.json) into dist/console.
const scriptDir = path.join(root, 'dist', 'console');

// Only this origin, no inline script or style: the console must work offline and a token must not leak elsewhere.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
  + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const ASSET = /^[a-z0-9][a-z0-9-]*\.(js|css|svg)$/;
const types: Record<string, string> = {
  js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', svg: 'image/svg+xml',
};

const Html = { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } };

const CatalogBody = Type.Object({
  resource_types: Type.Array(Type.Object({
    name: Type.String(), business_type: Type.String(), unit: Type.String(), kind: Type.String(),
    sub_resource_types: Type.Optional(Type.Array(Type.String())),
  })),
});

async function readAsset(file: string): Promise<Buffer> {
  const dir = file.endsWith('.js') ? scriptDir : pageDir;
  try {
    return await fs.readFile(path.join(dir, file));
  } catch {
    throw new LedgerError('ROUTE_NOT_FOUND', '');
  }
}

export function registerConsoleRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/console', {
    schema: { summary: 'The web console (sign in with a user name and password)', tags: ['console'], response: { 200: Html } },
  }, async (_request, reply) => {
    const page = await readAsset('index.html');
    return reply.header('Content-Security-Policy', CSP).header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(page);
  });

  // Public: the names, units and business types of the resource types the grant form offers; nothing about any tenant.
  app.get('/console/catalog.json', {
    schema: { summary: "The resource types the console's forms offer", tags: ['console'], response: { 200: CatalogBody } },
  }, async () => ({
    resource_types: deps.catalog.resourceTypes().map((d) => ({
      name: d.name, business_type: d.businessType, unit: d.unit, kind: d.kind,
      ...(d.bundle ? { sub_resource_types: d.bundle.map((p) => p.subResourceType) } : {}),
    })),
  }));

  app.get<{ Params: { asset: string } }>('/console/:asset', {
    schema: {
      summary: "The console's scripts and style sheet",
      tags: ['console'],
      params: Type.Object({ asset: Type.String({ description: 'file name, e.g. main.js or console.css' }) }),
      response: {
        200: {
          description: 'the file',
          content: { 'text/javascript': { schema: { type: 'string' } }, 'text/css': { schema: { type: 'string' } } },
        },
      },
    },
  }, async (request, reply) => {
    const file = request.params.asset;
    const m = ASSET.exec(file);
    if (!m) throw new LedgerError('ROUTE_NOT_FOUND', '');
    // no-cache, not max-age: a new release must show at the next load, and the files are small.
    return reply.type(types[m[1]!]!).header('Cache-Control', 'no-cache').send(await readAsset(file));
  });
}
