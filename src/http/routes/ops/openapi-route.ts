// GET /openapi.json: the document is built once, when the app is ready and every route is registered.
import type { FastifyInstance } from 'fastify';
import { buildOpenApiDocument } from '../../openapi/openapi-document.js';
import type { RouteCatalog } from '../../openapi/route-catalog.js';

export function registerOpenApiRoute(app: FastifyInstance, catalog: RouteCatalog): void {
  let document = '';
  app.addHook('onReady', async () => {
    document = JSON.stringify(buildOpenApiDocument(catalog));
  });
  app.get('/openapi.json', {
    schema: {
      summary: 'This API as an OpenAPI 3.1 document',
      description: 'Generated from the schemas the server validates requests and serialises responses with.',
      tags: ['operations'],
      response: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  }, async (_request, reply) => reply.type('application/json; charset=utf-8').send(document));
}
