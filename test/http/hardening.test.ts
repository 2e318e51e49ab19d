// Hardening: access-key lock-out, the per-credential rate limit, size limits (in-process and on a real socket),
// security headers on pages.
import net from 'node:net';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { MAX_HEADER_BYTES, MAX_URL_BYTES, securityHeaders } from '../../src/http/hardening.js';
import { createUser } from '../../src/services/create-user.js';
import { signedInject } from '../support/app.js';
import { cliJson, startServerProcess, type RunningServer } from '../support/cli.js';
import { createTestLedger, newProjectId, tempDir, type TestLedger } from '../support/ledger.js';
import { signIn, tokenInject } from '../support/tokens.js';

let ledger: TestLedger;
let projectId: string;
const clock = { now: new Date('2026-06-01T12:00:00Z') };
const apps: FastifyInstance[] = [];

async function appWith(rateLimit: { count: number; windowMs: number } | null = null): Promise<FastifyInstance> {
  const app = await createApp({
    store: ledger.store, catalog: ledger.catalog, secretBox: ledger.secretBox, clock: () => clock.now, rateLimit,
    signing: { v11Scopes: [], nodeLegacyPath: false, javaQueryQuirk: false },
  });
  apps.push(app);
  return app;
}

beforeAll(async () => {
  ledger = await createTestLedger(clock.now);
  projectId = await ledger.addProject();
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await ledger.close();
});

const usagePath = () => `/v1/${projectId}/tenants/resources-usage`;

describe('access-key lock-out', () => {
  it('locks an access key for 5 minutes after 5 consecutive bad signatures, then lets it in again', async () => {
    const app = await appWith();
    const cred = await ledger.addCredential(projectId);
    const wrong = { accessKey: cred.accessKey, secretKey: 'wrong-secret-key-000000000000000000000000' };
    const call = (credential: { accessKey: string; secretKey: string } = cred) => signedInject(app, { path: usagePath(), credential, date: clock.now });
    for (let i = 0; i < 4; i++) expect((await call(wrong)).statusCode).toBe(401);
    // A success in between resets the run of failures.
    expect((await call()).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) expect((await call(wrong)).statusCode).toBe(401);
    const locked = await call();
    expect(locked.statusCode).toBe(401);
    expect(locked.json()).toMatchObject({ error_code: 'APIG.0301', error_msg: expect.stringMatching(/locked for 5 minutes/) });
    const before = clock.now;
    clock.now = new Date(before.getTime() + 5 * 60_000);
    try {
      expect((await call()).statusCode).toBe(200);
    } finally {
      clock.now = before;
    }
  });

  it('refuses a locked key before any other check, even for a request that would fail on its date', async () => {
    const app = await appWith();
    const cred = await ledger.addCredential(projectId);
    const wrong = { accessKey: cred.accessKey, secretKey: 'wrong-secret-key-000000000000000000000000' };
    for (let i = 0; i < 5; i++) expect((await signedInject(app, { path: usagePath(), credential: wrong, date: clock.now })).statusCode).toBe(401);
    const stale = await signedInject(app, { path: usagePath(), credential: cred, date: new Date(clock.now.getTime() - 20 * 60_000) });
    expect(stale.json().error_msg).toMatch(/locked for 5 minutes/);
  });

  it('locks made-up access keys the same way, so a lock tells nothing about which keys exist', async () => {
    const app = await appWith();
    const madeUp = { accessKey: 'MADEUPACCESSKEY00000', secretKey: 'x'.repeat(40) };
    for (let i = 0; i < 5; i++) expect((await signedInject(app, { path: usagePath(), credential: madeUp, date: clock.now })).json().error_msg).not.toMatch(/locked/);
    expect((await signedInject(app, { path: usagePath(), credential: madeUp, date: clock.now })).json().error_msg).toMatch(/locked/);
  });
});

describe('rate limit', () => {
  it('answers 429 APIG.0308 with Retry-After past the limit, per credential, and recovers', async () => {
    const app = await appWith({ count: 3, windowMs: 1000 });
    const first = await ledger.addCredential(projectId);
    const second = await ledger.addCredential(projectId);
    const call = (credential = first) => signedInject(app, { path: usagePath(), credential, date: clock.now });
    for (let i = 0; i < 3; i++) expect((await call()).statusCode).toBe(200);
    const limited = await call();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.json()).toEqual({
      error_code: 'APIG.0308', error_msg: 'The throttling threshold has been reached: too many requests for this credential',
      request_id: limited.headers['x-request-id'],
    });
    expect((await call(second)).statusCode).toBe(200);
    const before = clock.now;
    clock.now = new Date(before.getTime() + 1000);
    try {
      expect((await call()).statusCode).toBe(200);
    } finally {
      clock.now = before;
    }
  });

  it('limits token users too', async () => {
    const app = await appWith({ count: 2, windowMs: 60_000 });
    await createUser(ledger.ctx, { projectId, name: 'busy', password: 'password for busy' });
    const token = await signIn(app, { name: 'busy', password: 'password for busy', projectId });
    expect((await tokenInject(app, token, 'GET', usagePath())).statusCode).toBe(200);
    expect((await tokenInject(app, token, 'GET', usagePath())).statusCode).toBe(200);
    expect((await tokenInject(app, token, 'GET', usagePath())).statusCode).toBe(429);
  });
});

describe('size limits in the app', () => {
  it('answers 414 for a request target over 32 KB and 431 for header fields over 16 KB, with our body', async () => {
    const app = await appWith();
    const longUrl = await app.inject({ method: 'GET', url: `${usagePath()}?x=${'a'.repeat(MAX_URL_BYTES)}` });
    expect(longUrl.statusCode).toBe(414);
    expect(longUrl.json()).toMatchObject({ error_code: 'APIG.0201', request_id: longUrl.headers['x-request-id'] });
    const bigHeaders = await app.inject({ method: 'GET', url: usagePath(), headers: { 'x-filler': 'a'.repeat(MAX_HEADER_BYTES) } });
    expect(bigHeaders.statusCode).toBe(431);
    expect(bigHeaders.json()).toMatchObject({ error_code: 'APIG.0201' });
  });

  it('answers 413 for a body over 12 MB', async () => {
    const app = await appWith();
    const res = await app.inject({ method: 'POST', url: '/v3/auth/tokens', payload: Buffer.alloc(12 * 1024 * 1024 + 1, 32), headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(413);
    expect(res.json().error_code).toBe('APIG.0201');
  });
});

describe('security headers', () => {
  it('sets the page headers on HTML responses (keeping a route CSP) and nosniff on everything', async () => {
    const app = Fastify();
    app.addHook('onSend', securityHeaders);
    app.get('/page', async (_q, reply) => reply.type('text/html; charset=utf-8').send('<p>hi</p>'));
    app.get('/own-csp', async (_q, reply) => reply.header('Content-Security-Policy', "default-src 'none'").type('text/html').send('<p/>'));
    app.get('/json', async () => ({ ok: true }));
    apps.push(app);
    const page = await app.inject({ url: '/page' });
    expect(page.headers).toMatchObject({
      'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff',
      'content-security-policy': expect.stringContaining("frame-ancestors 'none'"), 'cross-origin-opener-policy': 'same-origin',
    });
    expect((await app.inject({ url: '/own-csp' })).headers['content-security-policy']).toBe("default-src 'none'");
    const json = await app.inject({ url: '/json' });
    expect(json.headers['x-content-type-options']).toBe('nosniff');
    expect(json.headers['x-frame-options']).toBeUndefined();
  });

  it("are on the server's own HTML pages", async () => {
    const app = await appWith();
    for (const url of ['/docs', '/console']) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBeDefined();
    }
  });
});

describe('limits on a real socket (what Node refuses before the app sees it)', () => {
  let server: RunningServer;
  let base: URL;

  beforeAll(async () => {
    const env = { LEDGER_DB: path.join(tempDir(), 'ledger.db'), LEDGER_QUIET: '1', LEDGER_RATE_LIMIT: '2/m' };
    const id = newProjectId();
    await cliJson(['project', 'create', id], env);
    server = await startServerProcess([], env);
    base = new URL(server.base);
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  function raw(request: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(base.port), base.hostname, () => socket.write(request));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString('latin1')));
      socket.on('end', () => resolve(data));
      socket.on('close', () => resolve(data));
      // The server may reset the connection while this side is still sending; what it answered first still counts.
      socket.on('error', (err) => (data ? resolve(data) : reject(err)));
    });
  }

  it('answers 431 with our body when the headers overflow Node\'s limit', async () => {
    const answer = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(80_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as Record<string, string>;
    expect(body).toEqual({ error_code: 'APIG.0201', error_msg: 'Request header fields too large', request_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(answer).toContain(`X-Request-Id: ${body.request_id}`);
  });

  it('answers 414 with our body when the request line alone overflows it', async () => {
    const answer = await raw(`GET /healthz?x=${'a'.repeat(80_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 414 /);
    expect(answer).toContain('"error_code":"APIG.0201"');
  });

  it('answers garbage on the wire with our 400 body, not a stack or Node\'s text', async () => {
    const answer = await raw('THIS IS NOT HTTP\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"error_code":"APIG.0201"');
  });

  it('applies LEDGER_RATE_LIMIT to signed requests', async () => {
    const env = { LEDGER_DB: server.stderr().match(/ledger (\S+)\)/)![1]!, LEDGER_QUIET: '1' };
    const projects = await cliJson<{ projects: Array<{ project_id: string }> }>(['project', 'list'], env);
    const id = projects.projects[0]!.project_id;
    const cred = await cliJson<{ access_key: string; secret_key: string }>(['credential', 'create', id], env);
    const { signRequest } = await import('../../src/auth/signing/sign.js');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const url = new URL(`/v1/${id}/tenants/resources-usage`, server.base);
      const headers = signRequest({ method: 'GET', url, accessKey: cred.access_key, secretKey: cred.secret_key });
      statuses.push((await fetch(url, { headers })).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });
});
