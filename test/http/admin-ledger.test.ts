// Admin routes for projects, credentials and packages in-process: roles, validation, journal entries.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedCredential } from '../../src/services/create-credential.js';
import { buildApp, signedInject } from '../support/app.js';
import { createTestLedger, newProjectId, type TestLedger } from '../support/ledger.js';

let ledger: TestLedger;
let app: FastifyInstance;
let admin: IssuedCredential;
let service: IssuedCredential;

const call = (method: string, path: string, body?: unknown, credential = admin) =>
  signedInject(app, { method, path, body: body === undefined ? undefined : JSON.stringify(body), credential });

beforeAll(async () => {
  ledger = await createTestLedger();
  const ops = await ledger.addProject();
  admin = await ledger.addCredential(ops, 'admin');
  service = await ledger.addCredential(ops, 'service');
  app = await buildApp(ledger);
});
afterAll(async () => {
  await app.close();
  await ledger.close();
});

describe('projects and credentials', () => {
  it('creates a project, lists it, refuses a duplicate', async () => {
    const id = newProjectId();
    const created = await call('POST', '/admin/v1/projects', { project_id: id, name: 'Acme' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ project_id: id, name: 'Acme', status: 'active', on_demand_overflow: [] });
    expect((await call('POST', '/admin/v1/projects', { project_id: id })).statusCode).toBe(409);
    const list = await call('GET', '/admin/v1/projects?limit=1000');
    expect(list.json().projects.map((p: { project_id: string }) => p.project_id)).toContain(id);
  });

  it('shows one project, as the list and PATCH do, and answers 404 for an unknown one', async () => {
    const id = newProjectId();
    await call('POST', '/admin/v1/projects', { project_id: id, name: 'Shown' });
    await call('PATCH', `/admin/v1/projects/${id}`, { on_demand_overflow: ['video_time_2d_model'] });
    const shown = await call('GET', `/admin/v1/projects/${id}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({ project_id: id, name: 'Shown', status: 'active', on_demand_overflow: ['video_time_2d_model'] });
    const listed = (await call('GET', '/admin/v1/projects?limit=1000')).json().projects.find((p: { project_id: string }) => p.project_id === id);
    expect(shown.json()).toEqual(listed);
    const missing = await call('GET', `/admin/v1/projects/${newProjectId()}`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error_code).toBe('MSS.00000004');
  });

  it('issues a credential whose secret works at once, and revokes it', async () => {
    const id = newProjectId();
    await call('POST', '/admin/v1/projects', { project_id: id });
    const issued = await call('POST', `/admin/v1/projects/${id}/credentials`, { role: 'tenant' });
    expect(issued.statusCode).toBe(201);
    const cred = { accessKey: issued.json().access_key, secretKey: issued.json().secret_key };
    const read = () => signedInject(app, { path: `/v1/${id}/tenants/resources-usage`, credential: cred, projectId: id });
    expect((await read()).statusCode).toBe(200);
    expect((await call('DELETE', `/admin/v1/credentials/${cred.accessKey}`)).statusCode).toBe(200);
    expect((await read()).statusCode).toBe(401);
    expect((await call('DELETE', '/admin/v1/credentials/NOSUCHKEY')).statusCode).toBe(404);
  });

  it('refuses unknown overflow resource types and empty changes', async () => {
    const id = await ledger.addProject();
    expect((await call('PATCH', `/admin/v1/projects/${id}`, { on_demand_overflow: ['nope'] })).json().error_code).toBe('MSS.00000003');
    expect((await call('PATCH', `/admin/v1/projects/${id}`, {})).statusCode).toBe(400);
    expect((await call('PATCH', '/admin/v1/projects/missing', { name: 'x' })).statusCode).toBe(404);
  });

  it('gives service and tenant credentials 403 on admin verbs', async () => {
    const tenant = await ledger.addCredential(await ledger.addProject());
    for (const credential of [service, tenant]) {
      expect((await call('POST', '/admin/v1/projects', { project_id: newProjectId() }, credential)).statusCode).toBe(403);
      expect((await call('GET', '/admin/v1/projects', undefined, credential)).statusCode).toBe(403);
      expect((await call('GET', `/admin/v1/projects/${credential.projectId}`, undefined, credential)).statusCode).toBe(403);
    }
  });
});

describe('packages', () => {
  let projectId: string;
  let resourceId: string;

  beforeAll(async () => {
    projectId = await ledger.addProject();
    const res = await call('POST', `/admin/v1/projects/${projectId}/packages`, { resource_type: 'video_time_2d_model', amount: '100', usage: 40, order_id: 'CS9' });
    expect(res.statusCode).toBe(201);
    resourceId = res.json().resource_id;
  });

  it('grants through the API exactly as the CLI does', async () => {
    const list = await call('GET', `/admin/v1/projects/${projectId}/packages`);
    expect(list.json()).toMatchObject({ count: 1, packages: [{ resource_id: resourceId, amount: 100, usage: 40, unit: 'MIN', order_id: 'CS9', status: 0 }] });
    const bad = await call('POST', `/admin/v1/projects/${projectId}/packages`, { resource_type: 'video_time_2d_model', amount: 1, unit: 'NUM' });
    expect(bad.statusCode).toBe(400);
  });

  it('freezes and unfreezes, journaling both', async () => {
    expect((await call('PATCH', `/admin/v1/projects/${projectId}/packages/${resourceId}`, { status: 1 })).json().status).toBe(1);
    expect((await call('PATCH', `/admin/v1/projects/${projectId}/packages/${resourceId}`, { status: 0 })).json().status).toBe(0);
    const journal = await ledger.store.listJournal({ projectId, resourceId, limit: 10 });
    expect(journal.map((e) => e.kind)).toEqual(['unfrozen', 'frozen', 'granted']);
  });

  it('adjusts the amount only with a reason and never below the usage', async () => {
    const path = `/admin/v1/projects/${projectId}/packages/${resourceId}`;
    expect((await call('PATCH', path, { amount: 50 })).statusCode).toBe(400);
    const below = await call('PATCH', path, { amount: 39.5, reason: 'refund' });
    expect(below.statusCode).toBe(409);
    const ok = await call('PATCH', path, { amount: 40, reason: 'refund' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ amount: 40, usage: 40 });
    const [entry] = await ledger.store.listJournal({ projectId, resourceId, limit: 1 });
    expect(entry).toMatchObject({ kind: 'adjusted', amountDelta: -60_000_000n, amountAfter: 40_000_000n });
    expect(await ledger.store.checkJournal()).toEqual([]);
  });

  it('changes the expiry and refuses a bad status or an unknown package', async () => {
    const path = `/admin/v1/projects/${projectId}/packages/${resourceId}`;
    const res = await call('PATCH', path, { expire_time: '2030-01-01T00:00:00Z' });
    expect(res.json().resource_expire_time).toBe('2030-01-01T00:00:00Z');
    expect((await call('PATCH', path, { status: 2 })).statusCode).toBe(400);
    expect((await call('PATCH', `/admin/v1/projects/${projectId}/packages/nope`, { status: 1 })).statusCode).toBe(404);
  });
});
