// The JSON request log: one line per request with who, what and how it ended — and never a secret.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/auth/signing/sign.js';
import { createApp } from '../../src/http/app.js';
import { sinceArrival } from '../../src/http/observability/request-log.js';
import type { IssuedCredential } from '../../src/services/create-credential.js';
import { createTestLedger, type TestLedger } from '../support/ledger.js';

let ledger: TestLedger;
let app: FastifyInstance;
let projectId: string;
let tenant: IssuedCredential;
let admin: IssuedCredential;
const lines: string[] = [];

beforeAll(async () => {
  ledger = await createTestLedger();
  projectId = await ledger.addProject();
  tenant = await ledger.addCredential(projectId);
  admin = await ledger.addCredential(await ledger.addProject(), 'admin');
  app = await createApp({
    store: ledger.store, catalog: ledger.catalog, secretBox: ledger.secretBox, clock: () => ledger.now,
    signing: { v11Scopes: [], nodeLegacyPath: false, javaQueryQuirk: false },
    log: true, logStream: { write: (line: string) => void lines.push(line) },
  });
});
afterAll(async () => {
  await app.close();
  await ledger.close();
});

/** Sends a signed request and returns the log lines it produced. */
async function logged(call: { method?: string; path: string; body?: string; credential: Pick<IssuedCredential, 'accessKey' | 'secretKey'>; headers?: Record<string, string> }) {
  const method = call.method ?? 'GET';
  const headers = signRequest({
    method, url: `http://localhost${call.path}`, body: call.body, accessKey: call.credential.accessKey,
    secretKey: call.credential.secretKey, date: ledger.now, headers: call.headers,
  });
  const from = lines.length;
  const res = await app.inject({ method: method as 'GET', url: call.path, headers, payload: call.body });
  const produced = lines.slice(from);
  return { res, headers, produced, entries: produced.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('request log', () => {
  it('writes one JSON line per request with request id, route, project, access key, status, duration and error code', async () => {
    const { res, entries } = await logged({ path: `/v1/${projectId}/tenants/resources-usage?resource=video_time_2d_model`, credential: tenant });
    expect(res.statusCode).toBe(200);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      msg: 'request', request_id: res.headers['x-request-id'], route: '/v1/:project_id/tenants/resources-usage', method: 'GET',
      project_id: projectId, access_key_id: tenant.accessKey, status: 200, error_code: null, auth_failure: null,
    });
    expect(typeof entries[0]!.duration_ms).toBe('number');
    expect(entries[0]!.duration_ms as number).toBeGreaterThanOrEqual(0);
  });

  it('logs the error code and the signature failure reason of a refused request, and no access key id', async () => {
    const { res, entries } = await logged({
      path: `/v1/${projectId}/tenants/resources-usage`, credential: { accessKey: tenant.accessKey, secretKey: 'wrong-secret' },
    });
    expect(res.statusCode).toBe(401);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ status: 401, error_code: 'APIG.0301', auth_failure: 'signature_mismatch', access_key_id: null });
  });

  it('logs the project of an admin route from its path', async () => {
    const { res, entries } = await logged({ path: `/admin/v1/projects/${projectId}/packages`, credential: admin });
    expect(res.statusCode).toBe(200);
    expect(entries[0]).toMatchObject({ route: '/admin/v1/projects/:project_id/packages', project_id: projectId, access_key_id: admin.accessKey });
  });

  it('never writes a secret key, a signature or a token, even for a request that fails', async () => {
    const token = 'MIIEhQYJKoZIhvcNAQcCoIIEdjCCBHICAQExDTALBglghkgBZQMEAgEwggLXBgkqhkiG9w0BBwGgggLIBIICxHsidG9rZW4i';
    const subject = 'MIIsubjecttokenvalue0123456789abcdef';
    const calls = [
      await logged({ path: `/v1/${projectId}/tenants/resources-usage`, credential: tenant, headers: { 'X-Auth-Token': token, 'X-Subject-Token': subject } }),
      await logged({ method: 'POST', path: '/admin/v1/projects', credential: admin, body: '{not json' }),
      await logged({ method: 'POST', path: `/admin/v1/projects/${projectId}/credentials`, credential: admin, body: '{"role":"tenant"}' }),
    ];
    const issued = calls[2]!.res.json().secret_key as string;
    expect(issued).toMatch(/\S{16,}/);
    const text = lines.join('');
    for (const { headers } of calls) {
      const signature = /Signature=([0-9a-f]+)/.exec(headers.Authorization ?? headers.authorization ?? '')![1]!;
      expect(text).not.toContain(signature);
    }
    for (const secret of [tenant.secretKey, admin.secretKey, issued, token, subject]) expect(text).not.toContain(secret);
  });

  it('gives lines logged through request.log the request id (the request logger is made on first use)', async () => {
    // A store whose usage sum fails: the route answers 500 and the error handler logs through request.log.
    const failing = new Proxy(ledger.store, {
      get: (target, prop) => {
        if (prop === 'sumUsage') return async () => { throw new Error('disk on fire'); };
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const own: string[] = [];
    const failingApp = await createApp({
      store: failing, catalog: ledger.catalog, secretBox: ledger.secretBox, clock: () => ledger.now,
      signing: { v11Scopes: [], nodeLegacyPath: false, javaQueryQuirk: false },
      log: true, logStream: { write: (line: string) => void own.push(line) },
    });
    try {
      const path = `/v1/${projectId}/tenants/resources-usage`;
      const headers = signRequest({ method: 'GET', url: `http://localhost${path}`, ...tenant, date: ledger.now });
      const res = await failingApp.inject({ method: 'GET', url: path, headers });
      expect(res.statusCode).toBe(500);
      const entries = own.map((l) => JSON.parse(l) as Record<string, unknown>);
      const requestId = res.headers['x-request-id'];
      expect(entries.find((e) => e.msg === 'unhandled error')).toMatchObject({ level: 50, request_id: requestId, err: { message: 'disk on fire' } });
      expect(entries.find((e) => e.msg === 'request')).toMatchObject({ request_id: requestId, status: 500, error_code: 'MSS.00000001' });
    } finally {
      await failingApp.close();
    }
  });

  it('redacts credential headers should anyone log headers by hand', () => {
    const from = lines.length;
    const headers = { authorization: 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=feedface', 'x-auth-token': 'tok-123', 'x-subject-token': 'sub-456', 'x-request-id': 'keep-me' };
    app.log.info({ headers }, 'probe');
    app.log.info({ upstream: { headers }, req: { headers }, res: { headers } }, 'probe');
    const probe = lines.slice(from).join('');
    for (const value of ['feedface', 'tok-123', 'sub-456']) expect(probe).not.toContain(value);
    expect(probe).toContain('[Redacted]');
    expect(probe).toContain('keep-me');
  });
});

describe('sinceArrival', () => {
  const reply = { elapsedTime: 1.5 } as FastifyReply;

  it("counts from the request's arrival, the wait for its turn's other requests included, when the arrival is known", () => {
    const arrivedAt = performance.now() - 40;
    const ms = sinceArrival({ arrivedAt } as FastifyRequest, reply);
    expect(ms).toBeGreaterThanOrEqual(40);
    expect(ms).toBeLessThan(40 + 1_000);
  });

  it("falls back to Fastify's own clock for a request that never reached the onRequest hook", () => {
    expect(sinceArrival({} as FastifyRequest, reply)).toBe(1.5);
  });
});
