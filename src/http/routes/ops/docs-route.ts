// GET /docs: Swagger UI over /openapi.json, every asset served from node_modules by this server (no CDN, works offline).
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

const uiDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

// Only same-origin resources: the page must work on a machine without internet, and must not try otherwise.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
  + "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tenant-ledger API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
<noscript>This page needs JavaScript; the document itself is at <a href="/openapi.json">/openapi.json</a>.</noscript>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

// validatorUrl null: Swagger UI would otherwise fetch a badge from an outside validator.
const init = `window.ui = SwaggerUIBundle({
  url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null,
  defaultModelsExpandDepth: 0, displayRequestDuration: true,
});
`;

const assets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

export function registerDocsRoute(app: FastifyInstance): void {
  app.get('/docs', {
    schema: {
      summary: 'API documentation (Swagger UI) rendering /openapi.json',
      tags: ['operations'],
      response: { 200: { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } } },
    },
  }, async (_request, reply) => reply.header('Content-Security-Policy', CSP).type('text/html; charset=utf-8').send(page));

  app.get('/docs/init.js', { schema: { hide: true } },
    async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(init));

  // Read on first use (the bundle is 1.7 MB), then kept: start-up stays fast and the files never change under us.
  const cache = new Map<string, Buffer>();
  for (const [file, type] of Object.entries(assets)) {
    app.get(`/docs/${file}`, { schema: { hide: true } }, async (_request, reply) => {
      let body = cache.get(file);
      if (!body) {
        body = await fs.readFile(path.join(uiDir, file));
        cache.set(file, body);
      }
      return reply.type(type).header('Cache-Control', 'public, max-age=3600').send(body);
    });
  }
}
