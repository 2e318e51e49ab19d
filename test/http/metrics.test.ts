// GET /metrics: scraped after real requests, the request, signature, metering, database and pool series have moved.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedCredential } from '../../src/services/create-credential.js';
import { buildApp, signedInject } from '../support/app.js';
import { createTestLedger, type TestLedger } from '../support/ledger.js';
import { parsePrometheus as parse, sampleValue as value, type Sample } from '../support/prometheus.js';

let ledger: TestLedger;
let app: FastifyInstance;
let projectId: string;
let tenant: IssuedCredential;
let service: IssuedCredential;

const USAGE_ROUTE = '/v1/:project_id/tenants/resources-usage';
const RECORD_ROUTE = '/admin/v1/projects/:project_id/usage-records';

async function scrape(): Promise<Sample[]> {
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parse(res.body);
}
const readUsage = () => signedInject(app, { path: `/v1/${projectId}/tenants/resources-usage`, credential: tenant, projectId });
const record = (body: unknown) =>
  signedInject(app, { method: 'POST', path: `/admin/v1/projects/${projectId}/usage-records`, body: JSON.stringify(body), credential: service });

beforeAll(async () => {
  ledger = await createTestLedger();
  projectId = await ledger.addProject();
  tenant = await ledger.addCredential(projectId);
  service = await ledger.addCredential(await ledger.addProject(), 'service');
  await ledger.grant(projectId, { resourceType: 'video_time_2d_model', amount: '10' });
  app = await buildApp(ledger);
});
afterAll(async () => {
  await app.close();
  await ledger.close();
});

describe('GET /metrics', () => {
  it('counts requests by method, route pattern and status, with a latency histogram', async () => {
    const before = await scrape();
    const labels = { method: 'GET', route: USAGE_ROUTE, status: '200' };
    const countBefore = value(before, 'ledger_http_requests_total', labels) ?? 0;
    for (let i = 0; i < 3; i++) expect((await readUsage()).statusCode).toBe(200);
    const after = await scrape();
    expect(value(after, 'ledger_http_requests_total', labels)).toBe(countBefore + 3);
    expect(value(after, 'ledger_http_request_duration_seconds_count', labels)).toBe(countBefore + 3);
    expect(value(after, 'ledger_http_request_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(countBefore + 3);
    expect(value(after, 'ledger_http_request_duration_seconds_sum', labels)).toBeGreaterThan(0);
    // The scrape itself is a request like any other.
    expect(value(after, 'ledger_http_requests_total', { route: '/metrics', status: '200' })).toBeGreaterThanOrEqual(1);
  });

  it('labels unknown paths "unmatched", never with the raw URL', async () => {
    const secretLookingPath = '/v9/not-a-route-7f3a9c';
    expect((await app.inject({ method: 'GET', url: secretLookingPath })).statusCode).toBe(404);
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.body).not.toContain('7f3a9c');
    expect(value(parse(res.body), 'ledger_http_requests_total', { route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
  });

  it('counts signature failures by reason', async () => {
    const before = await scrape();
    expect(value(before, 'ledger_signature_failures_total', { reason: 'date_out_of_window' })).toBe(0);
    const mismatchBefore = value(before, 'ledger_signature_failures_total', { reason: 'signature_mismatch' })!;
    const wrongSecret = { accessKey: tenant.accessKey, secretKey: 'not-the-secret-key' };
    const bad = await signedInject(app, { path: `/v1/${projectId}/tenants/resources-usage`, credential: wrongSecret, projectId });
    expect(bad.statusCode).toBe(401);
    const stale = await signedInject(app, {
      path: `/v1/${projectId}/tenants/resources-usage`, credential: tenant, projectId, date: new Date(ledger.now.getTime() - 3600e3),
    });
    expect(stale.statusCode).toBe(401);
    const after = await scrape();
    expect(value(after, 'ledger_signature_failures_total', { reason: 'signature_mismatch' })).toBe(mismatchBefore + 1);
    expect(value(after, 'ledger_signature_failures_total', { reason: 'date_out_of_window' })).toBe(1);
    expect(value(after, 'ledger_http_requests_total', { route: USAGE_ROUTE, status: '401' })).toBeGreaterThanOrEqual(2);
  });

  it('counts usage records applied, replayed and refused, one by one and in batches', async () => {
    const before = await scrape();
    const outcome = (samples: Sample[], o: string) => value(samples, 'ledger_usage_records_total', { outcome: o }) ?? 0;
    const body = { record_id: 'metrics-1', resource_type: 'video_time_2d_model', quantity: 1 };
    expect((await record(body)).statusCode).toBe(201);
    expect((await record(body)).statusCode).toBe(200);
    expect((await record({ ...body, record_id: 'metrics-2', quantity: 1000 })).statusCode).toBe(409);
    const batch = await signedInject(app, {
      method: 'POST', path: '/admin/v1/usage-records:batch', credential: service,
      body: JSON.stringify({
        records: [
          { project_id: projectId, record_id: 'metrics-3', resource_type: 'video_time_2d_model', quantity: 1 },
          { project_id: projectId, ...body },
          { project_id: projectId, record_id: 'metrics-4', resource_type: 'video_time_2d_model', quantity: 1000 },
          { project_id: projectId, record_id: 'metrics-5' },
        ],
      }),
    });
    expect(batch.json().results.map((r: { status: number }) => r.status)).toEqual([201, 200, 409, 400]);
    // A request that fails authentication records nothing and is not a refusal by the ledger.
    const tenantTry = await signedInject(app, {
      method: 'POST', path: `/admin/v1/projects/${projectId}/usage-records`, body: JSON.stringify(body), credential: tenant,
    });
    expect(tenantTry.statusCode).toBe(403);
    const after = await scrape();
    expect(outcome(after, 'applied') - outcome(before, 'applied')).toBe(2);
    expect(outcome(after, 'replayed') - outcome(before, 'replayed')).toBe(2);
    expect(outcome(after, 'refused') - outcome(before, 'refused')).toBe(3);
    expect(value(after, 'ledger_http_requests_total', { method: 'POST', route: RECORD_ROUTE, status: '409' })).toBe(1);
  });

  it('times store calls by operation', async () => {
    const before = await scrape();
    const count = (samples: Sample[], operation: string) =>
      value(samples, 'ledger_db_operation_duration_seconds_count', { operation }) ?? 0;
    await readUsage();
    await record({ record_id: 'metrics-db', resource_type: 'video_time_2d_model', quantity: 0.5 });
    const after = await scrape();
    expect(count(after, 'findCredential') - count(before, 'findCredential')).toBe(2);
    expect(count(after, 'sumUsage') - count(before, 'sumUsage')).toBe(1);
    expect(count(after, 'transaction') - count(before, 'transaction')).toBeGreaterThanOrEqual(1);
    expect(value(after, 'ledger_db_operation_duration_seconds_sum', { operation: 'transaction' })).toBeGreaterThan(0);
  });

  it('counts the SQLite read cache: a repeated read is a hit, another process writing drops everything', async () => {
    const lookups = (samples: Sample[], result: string) => value(samples, 'ledger_read_cache_lookups_total', { result }) ?? 0;
    await readUsage();
    const before = await scrape();
    await readUsage();
    const after = await scrape();
    // Both lookups of the request (its credential, the project's packages) come from memory.
    expect(lookups(after, 'hit') - lookups(before, 'hit')).toBe(2);
    expect(lookups(after, 'miss') - lookups(before, 'miss')).toBe(0);
    expect(value(after, 'ledger_read_cache_bytes')).toBeGreaterThan(0);
    const other = await ledger.openAnother();
    await other.transaction((tx) => tx.insertProject({
      projectId: 'metrics-other-process', name: 'written by another process', parentProjectId: null, status: 'active',
      createdAt: new Date(), onDemandOverflow: [],
    }));
    await readUsage();
    const cleared = await scrape();
    expect(value(cleared, 'ledger_read_cache_clears_total')! - (value(after, 'ledger_read_cache_clears_total') ?? 0)).toBe(1);
    expect(lookups(cleared, 'miss') - lookups(after, 'miss')).toBe(2);
  });

  it('shows the writer queue of the SQLite store while transactions wait for the write lock', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const holder = ledger.store.transaction(() => gate);
    const queued = [ledger.store.transaction(async () => {}), ledger.store.transaction(async () => {})];
    await new Promise((resolve) => setImmediate(resolve));
    const busy = await scrape();
    expect(value(busy, 'ledger_db_pool_size')).toBe(1);
    expect(value(busy, 'ledger_db_pool_connections', { state: 'active' })).toBe(1);
    expect(value(busy, 'ledger_db_pool_waiting')).toBe(2);
    open();
    await Promise.all([holder, ...queued]);
    const idle = await scrape();
    expect(value(idle, 'ledger_db_pool_waiting')).toBe(0);
    expect(value(idle, 'ledger_db_pool_connections', { state: 'idle' })).toBe(1);
  });

  it('includes the default process metrics', async () => {
    const samples = await scrape();
    expect(value(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(value(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(samples.some((s) => s.name.startsWith('nodejs_eventloop_lag'))).toBe(true);
  });
});
