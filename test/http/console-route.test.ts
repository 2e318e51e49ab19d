// GET /console/ and its assets in-process: the page with its CSP, the compiled scripts, the catalog, nothing else.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../support/app.js';
import { createTestLedger, type TestLedger } from '../support/ledger.js';

let ledger: TestLedger;
let app: FastifyInstance;

beforeAll(async () => {
  ledger = await createTestLedger();
  app = await buildApp(ledger);
});

afterAll(async () => {
  await app.close();
  await ledger.close();
});

describe('GET /console', () => {
  it('serves the page at /console/ and /console with a same-origin-only CSP and no inline script', async () => {
    for (const url of ['/console/', '/console']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'; style-src 'self'/);
      expect(res.body).toContain('<script type="module" src="/console/main.js"></script>');
      expect(res.body).not.toMatch(/<script>|<style|https?:\/\//);
    }
  });

  it('serves the compiled modules, the style sheet and the icon, all local', async () => {
    const main = await app.inject({ method: 'GET', url: '/console/main.js' });
    expect(main.statusCode).toBe(200);
    expect(main.headers['content-type']).toMatch(/^text\/javascript/);
    for (const m of main.body.matchAll(/from '\.\/([a-z-]+\.js)'/g)) {
      expect((await app.inject({ method: 'GET', url: `/console/${m[1]}` })).statusCode, m[1]).toBe(200);
    }
    const css = await app.inject({ method: 'GET', url: '/console/console.css' });
    expect([css.statusCode, css.headers['content-type']]).toEqual([200, 'text/css; charset=utf-8']);
    expect(css.body).not.toMatch(/@import|url\(\s*['"]?https?:/);
    expect((await app.inject({ method: 'GET', url: '/console/favicon.svg' })).statusCode).toBe(200);
  });

  it('answers 404 for anything but its own files', async () => {
    for (const url of ['/console/nope.js', '/console/..%2Fpackage.json', '/console/index.html.bak', '/console/tsconfig.json', '/console/%2e%2e%2fREADME.md']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error_code, url).toBe('APIGW.0101');
    }
  });

  it('lists the catalog the grant form offers', async () => {
    const res = await app.inject({ method: 'GET', url: '/console/catalog.json' });
    expect(res.statusCode).toBe(200);
    const types = res.json<{ resource_types: Array<{ name: string; business_type: string; unit: string }> }>().resource_types;
    expect(types).toContainEqual(expect.objectContaining({ name: 'video_time_2d_model', business_type: 'VIDEO_2D', unit: 'MIN' }));
    expect(types.length).toBe(ledger.catalog.resourceTypes().length);
  });
});
