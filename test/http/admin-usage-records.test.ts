// Admin/service usage-record routes in-process: idempotency, refusal, overflow, batch, reversal, roles, listing.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedCredential } from '../../src/services/create-credential.js';
import { buildApp, signedInject } from '../support/app.js';
import { createTestLedger, type TestLedger } from '../support/ledger.js';

let ledger: TestLedger;
let app: FastifyInstance;
let projectId: string;
let service: IssuedCredential;
let tenant: IssuedCredential;

const post = (path: string, body: unknown, credential = service) =>
  signedInject(app, { method: 'POST', path, body: JSON.stringify(body), credential });
const record = (body: Record<string, unknown>, project = projectId) => post(`/admin/v1/projects/${project}/usage-records`, body);
const usageOf = async (resource: string) => {
  const res = await signedInject(app, { path: `/v1/${projectId}/tenants/resources-usage?resource=${resource}`, credential: tenant, projectId });
  return (res.json().resources as Array<{ usage: number; amount: number }>).reduce((s, r) => s + r.usage, 0);
};

beforeAll(async () => {
  ledger = await createTestLedger();
  projectId = await ledger.addProject();
  const platform = await ledger.addProject();
  service = await ledger.addCredential(platform, 'service');
  tenant = await ledger.addCredential(projectId, 'tenant');
  await ledger.grant(projectId, { resourceType: 'video_time_2d_model', amount: '10', expiresAt: new Date(ledger.now.getTime() + 86400e3).toISOString() });
  await ledger.grant(projectId, { resourceType: 'video_time_2d_model', amount: '5', source: 'ADMIN_ALLOCATED' });
  app = await buildApp(ledger);
});
afterAll(async () => {
  await app.close();
  await ledger.close();
});

describe('POST usage-records', () => {
  it('applies a record once: 201, then 200 with the original body for the same content', async () => {
    const body = { record_id: 'render-1', resource_type: 'video_time_2d_model', quantity: 2.5 };
    const first = await record(body);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ record_id: 'render-1', project_id: projectId, quantity: 2.5, status: 'applied', overflow_quantity: 0 });
    // Soonest expiry first: the package expiring tomorrow gives before the one expiring in a year.
    expect(first.json().allocations).toHaveLength(1);
    const again = await record(body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await usageOf('video_time_2d_model')).toBe(2.5);
  });

  it('409s the same record_id with different content and consumes nothing', async () => {
    const res = await record({ record_id: 'render-1', resource_type: 'video_time_2d_model', quantity: 3 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error_code).toBe('MSS.00000005');
    expect(await usageOf('video_time_2d_model')).toBe(2.5);
  });

  it('refuses what the packages cannot cover with MSS.20010056 and the available quantity, leaving the key free', async () => {
    const res = await record({ record_id: 'too-big', resource_type: 'video_time_2d_model', quantity: 100 });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error_code: 'MSS.20010056', available_quantity: 12.5 });
    expect(await usageOf('video_time_2d_model')).toBe(2.5);
    const retry = await record({ record_id: 'too-big', resource_type: 'video_time_2d_model', quantity: 1 });
    expect(retry.statusCode).toBe(201);
  });

  it('splits across packages in the published order', async () => {
    const res = await record({ record_id: 'split', resource_type: 'video_time_2d_model', quantity: 8 });
    expect(res.statusCode).toBe(201);
    const allocations = res.json().allocations as Array<{ quantity: number }>;
    expect(allocations.map((a) => a.quantity)).toEqual([6.5, 1.5]);
  });

  it('records the uncovered rest as overflow when the project allows it', async () => {
    const admin = await ledger.addCredential(await ledger.addProject(), 'admin');
    const patch = await signedInject(app, {
      method: 'PATCH', path: `/admin/v1/projects/${projectId}`, credential: admin,
      body: JSON.stringify({ on_demand_overflow: ['video_time_2d_model'] }),
    });
    expect(patch.statusCode).toBe(200);
    const res = await record({ record_id: 'overflowing', resource_type: 'video_time_2d_model', quantity: 5 });
    expect(res.statusCode).toBe(201);
    expect(res.json().overflow_quantity).toBe(1.5);
    expect(await usageOf('video_time_2d_model')).toBe(15);
  });

  it.each([
    [{ resource_type: 'video_time_2d_model', quantity: 1 }, 400, 'MSS.00000002'],
    [{ record_id: 'x', resource_type: 'video_time_2d_model', quantity: 0 }, 400, 'MSS.00000003'],
    [{ record_id: 'x', resource_type: 'video_time_2d_model', quantity: 1.0000001 }, 400, 'MSS.00000003'],
    [{ record_id: 'x', resource_type: 'nope', quantity: 1 }, 400, 'MSS.00000003'],
    [{ record_id: 'x\u0001', resource_type: 'video_time_2d_model', quantity: 1 }, 400, 'MSS.00000003'],
    [{ record_id: 'x'.repeat(129), resource_type: 'video_time_2d_model', quantity: 1 }, 400, 'MSS.00000002'],
    [{ record_id: 'x', resource_type: 'video_time_2d_model', quantity: 1, extra: true }, 400, 'MSS.00000002'],
    [{ record_id: 'x', resource_type: 'video_time_2d_model', quantity: 1, occurred_at: '2000-01-01T00:00:00Z' }, 400, 'MSS.00000003'],
  ])('refuses bad input %j', async (body, status, code) => {
    const res = await record(body);
    expect(res.statusCode).toBe(status);
    expect(res.json().error_code).toBe(code);
  });

  it('answers malformed JSON with MSS.10000002', async () => {
    const res = await signedInject(app, { method: 'POST', path: `/admin/v1/projects/${projectId}/usage-records`, body: '{"record_id":', credential: service });
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe('MSS.10000002');
  });

  it('404s an unknown project', async () => {
    const res = await record({ record_id: 'x', resource_type: 'video_time_2d_model', quantity: 1 }, 'no-such-project');
    expect(res.statusCode).toBe(404);
  });

  it('refuses tenant credentials with 403 and unsigned requests with 401', async () => {
    const body = { record_id: 'tenant-try', resource_type: 'video_time_2d_model', quantity: 1 };
    expect((await post(`/admin/v1/projects/${projectId}/usage-records`, body, tenant)).statusCode).toBe(403);
    const unsigned = await app.inject({ method: 'POST', url: `/admin/v1/projects/${projectId}/usage-records`, payload: body });
    expect(unsigned.statusCode).toBe(401);
  });
});

describe('batch, reversal and listing', () => {
  it('applies each record of a batch on its own, results in request order', async () => {
    const other = await ledger.addProject();
    await ledger.grant(other, { resourceType: 'modeling_count_2d_model', amount: '2' });
    const res = await post('/admin/v1/usage-records:batch', {
      records: [
        { project_id: other, record_id: 'b1', resource_type: 'modeling_count_2d_model', quantity: 1 },
        { project_id: other, record_id: 'b2', resource_type: 'modeling_count_2d_model', quantity: 5 },
        { project_id: other, record_id: 'b3', resource_type: 'nope', quantity: 1 },
        { project_id: other, record_id: 'b1', resource_type: 'modeling_count_2d_model', quantity: 1 },
        { project_id: other, quantity: 'abc' },
        { project_id: other, record_id: 'b4', resource_type: 'modeling_count_2d_model', quantity: 1 },
      ],
    });
    expect(res.statusCode).toBe(200);
    const results = res.json().results as Array<{ index: number; status: number; error_code?: string }>;
    expect(results.map((r) => [r.index, r.status, r.error_code])).toEqual([
      [0, 201, undefined], [1, 409, 'MSS.20010056'], [2, 400, 'MSS.00000003'], [3, 200, undefined], [4, 400, 'MSS.00000002'],
      [5, 201, undefined],
    ]);
  });

  it('refuses an empty batch and one over 1000 records', async () => {
    expect((await post('/admin/v1/usage-records:batch', { records: [] })).statusCode).toBe(400);
    const many = Array.from({ length: 1001 }, (_, i) => ({ project_id: projectId, record_id: `m${i}`, resource_type: 'video_time_2d_model', quantity: 0.001 }));
    expect((await post('/admin/v1/usage-records:batch', { records: many })).statusCode).toBe(400);
  });

  it('reverses exactly what a record took, once', async () => {
    const before = await usageOf('video_time_2d_model');
    const path = `/admin/v1/projects/${projectId}/usage-records/split/reversal`;
    const first = await post(path, {});
    expect(first.statusCode).toBe(200);
    expect(first.json().status).toBe('reversed');
    expect(await usageOf('video_time_2d_model')).toBe(before - 8);
    const again = await post(path, {});
    expect(again.statusCode).toBe(200);
    expect(await usageOf('video_time_2d_model')).toBe(before - 8);
    expect((await post(`/admin/v1/projects/${projectId}/usage-records/unknown/reversal`, {})).statusCode).toBe(404);
  });

  it('lists records newest first, and walking the pages gives them all once', async () => {
    const all = await signedInject(app, { path: `/admin/v1/projects/${projectId}/usage-records?limit=1000`, credential: service });
    const ids = (all.json().usage_records as Array<{ record_id: string }>).map((r) => r.record_id);
    expect(ids.slice(0, 2)).toEqual(['overflowing', 'split']);
    const walked: string[] = [];
    let marker = '';
    for (let i = 0; i < 20; i++) {
      const page = await signedInject(app, { path: `/admin/v1/projects/${projectId}/usage-records?limit=2${marker ? `&marker=${marker}` : ''}`, credential: service });
      walked.push(...page.json().usage_records.map((r: { record_id: string }) => r.record_id));
      marker = page.json().next_marker;
      if (!marker) break;
    }
    expect(walked).toEqual(ids);
  });

  it('lists the journal newest first and the ledger check stays clean', async () => {
    const admin = await ledger.addCredential(await ledger.addProject(), 'admin');
    const res = await signedInject(app, { path: `/admin/v1/projects/${projectId}/journal?limit=3`, credential: admin });
    expect(res.statusCode).toBe(200);
    expect(res.json().entries[0].kind).toBe('reversed');
    expect(res.json().next_marker).toBeDefined();
    expect(await ledger.store.checkJournal()).toEqual([]);
  });
});
