// Service providers in-process: parents, allocation and reclaim (roles, refusals that change nothing), assignrecourd, bound assets.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedCredential } from '../../src/services/create-credential.js';
import { buildApp, signedInject } from '../support/app.js';
import { createTestLedger, type TestLedger } from '../support/ledger.js';

const VIDEO = 'video_time_2d_model';
const FLEXUS = 'hws.resource.type.metastudio.modeling.flexus.avatar.number';

let ledger: TestLedger;
let app: FastifyInstance;
let admin: IssuedCredential;
let service: IssuedCredential;
let sp: string;
let spTenant: IssuedCredential;
let customer: string;
let customerTenant: IssuedCredential;
let stranger: string;
let spVideo: string;

const call = (method: string, path: string, body?: unknown, credential = admin, projectId?: string) =>
  signedInject(app, { method, path, body: body === undefined ? undefined : JSON.stringify(body), credential, projectId });
const allocate = (body: Record<string, unknown>, credential = admin, from = sp) =>
  call('POST', `/admin/v1/projects/${from}/allocations`, body, credential);

/** Everything an allocation could touch, to prove a refused one touched nothing. */
async function snapshot() {
  const projects = [sp, customer, stranger];
  return {
    packages: await Promise.all(projects.map((p) => ledger.store.listPackages({ projectId: p, limit: 1000, offset: 0 }))),
    journal: await Promise.all(projects.map((p) => ledger.store.listJournal({ projectId: p, limit: 1000 }))),
    allocations: await ledger.store.listAllocations({ projectId: sp, limit: 1000, offset: 0 }),
  };
}

beforeAll(async () => {
  ledger = await createTestLedger(new Date('2026-11-26T12:00:00Z'));
  const ops = await ledger.addProject();
  admin = await ledger.addCredential(ops, 'admin');
  service = await ledger.addCredential(ops, 'service');
  sp = await ledger.addProject();
  spTenant = await ledger.addCredential(sp);
  customer = await ledger.addProject();
  customerTenant = await ledger.addCredential(customer);
  stranger = await ledger.addProject();
  const [video] = await ledger.grant(sp, { resourceType: VIDEO, amount: '100', usage: '10', expiresAt: '2027-06-01T00:00:00Z' });
  spVideo = video!.resourceId;
  app = await buildApp(ledger);
});

afterAll(async () => {
  await app.close();
  await ledger.close();
});

describe('parent_project_id', () => {
  it('makes a project a customer of a service provider, and refuses unknown parents, itself and loops', async () => {
    const res = await call('PATCH', `/admin/v1/projects/${customer}`, { parent_project_id: sp });
    expect(res.statusCode).toBe(200);
    expect(res.json().parent_project_id).toBe(sp);
    expect((await call('PATCH', `/admin/v1/projects/${customer}`, { parent_project_id: 'nope' })).statusCode).toBe(404);
    expect((await call('PATCH', `/admin/v1/projects/${customer}`, { parent_project_id: customer })).json().error_code).toBe('MSS.00000003');
    const loop = await call('PATCH', `/admin/v1/projects/${sp}`, { parent_project_id: customer });
    expect(loop.statusCode).toBe(409);
    expect((await ledger.store.getProject(sp))!.parentProjectId).toBeNull();
    expect((await call('PATCH', `/admin/v1/projects/${customer}`, { parent_project_id: sp }, spTenant)).statusCode).toBe(403);
  });

  it('is set at creation too, and null clears it', async () => {
    const id = `child-${Date.now()}`;
    const created = await call('POST', '/admin/v1/projects', { project_id: id, parent_project_id: sp });
    expect(created.statusCode).toBe(201);
    expect(created.json().parent_project_id).toBe(sp);
    expect((await call('POST', '/admin/v1/projects', { project_id: `${id}x`, parent_project_id: 'missing' })).statusCode).toBe(404);
    expect((await ledger.store.getProject(`${id}x`))).toBeUndefined();
    const cleared = await call('PATCH', `/admin/v1/projects/${id}`, { parent_project_id: null });
    expect(cleared.json()).not.toHaveProperty('parent_project_id');
  });
});

describe('allocations', () => {
  let allocationId: string;

  it('moves the amount from the provider\'s package into a new SP_ALLOCATED package of the customer, journaled on both sides', async () => {
    const res = await allocate({ customer_project_id: customer, resource_id: spVideo, amount: '30.5' });
    expect(res.statusCode).toBe(201);
    const a = res.json();
    allocationId = a.allocation_id;
    expect(a).toMatchObject({
      project_id: sp, source_resource_id: spVideo, customer_project_id: customer, resource_type: VIDEO, business_type: 'VIDEO_2D',
      charging_mode: 'ONE_TIME', unit: 'MIN', allocated_amount: 30.5, reclaimed_amount: 0, amount: 30.5, usage: 0, status: 'active',
      resource_expire_time: '2027-06-01T00:00:00Z',
    });
    expect((await ledger.store.getPackage(sp, spVideo))!.amount).toBe(69_500_000n);
    const received = (await ledger.store.getPackage(customer, a.customer_resource_id))!;
    expect(received).toMatchObject({ resourceSource: 'SP_ALLOCATED', amount: 30_500_000n, usage: 0n, orderId: null });
    const [spEntry] = await ledger.store.listJournal({ projectId: sp, resourceId: spVideo, limit: 1 });
    expect(spEntry).toMatchObject({ kind: 'allocated', amountDelta: -30_500_000n, amountAfter: 69_500_000n });
    const [customerEntry] = await ledger.store.listJournal({ projectId: customer, resourceId: a.customer_resource_id, limit: 1 });
    expect(customerEntry).toMatchObject({ kind: 'allocated', amountDelta: 30_500_000n, amountAfter: 30_500_000n });
    expect(await ledger.store.checkJournal()).toEqual([]);
  });

  it('lets the provider\'s own tenant credential allocate, never a service credential, the customer or a stranger', async () => {
    const own = await allocate({ customer_project_id: customer, resource_id: spVideo, amount: 1, expire_time: '2027-01-01T00:00:00Z' }, spTenant);
    expect(own.statusCode).toBe(201);
    expect(own.json().resource_expire_time).toBe('2027-01-01T00:00:00Z');
    const before = await snapshot();
    for (const credential of [service, customerTenant, await ledger.addCredential(stranger), await ledger.addCredential(sp, 'service')]) {
      const res = await allocate({ customer_project_id: customer, resource_id: spVideo, amount: 1 }, credential);
      expect(res.statusCode).toBe(403);
      expect(res.json().error_code).toBe('APIG.0302');
    }
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['more than the package has left', () => ({ customer_project_id: customer, resource_id: spVideo, amount: '58.6' }), 409, 'MSS.20010056'],
    ['to a project that is not its customer', () => ({ customer_project_id: stranger, resource_id: spVideo, amount: 1 }), 409, 'MSS.00000005'],
    ['to itself', () => ({ customer_project_id: sp, resource_id: spVideo, amount: 1 }), 400, 'MSS.00000003'],
    ['to a project that does not exist', () => ({ customer_project_id: 'nobody', resource_id: spVideo, amount: 1 }), 404, 'MSS.00000004'],
    ['a package that does not exist', () => ({ customer_project_id: customer, resource_id: 'nothing', amount: 1 }), 404, 'MSS.00000004'],
    ['zero', () => ({ customer_project_id: customer, resource_id: spVideo, amount: 0 }), 400, 'MSS.00000003'],
    ['a negative amount', () => ({ customer_project_id: customer, resource_id: spVideo, amount: -1 }), 400, 'MSS.00000003'],
    ['seven decimals', () => ({ customer_project_id: customer, resource_id: spVideo, amount: '0.0000001' }), 400, 'MSS.00000003'],
    ['beyond the provider\'s expiry', () => ({ customer_project_id: customer, resource_id: spVideo, amount: 1, expire_time: '2027-06-01T00:00:01Z' }), 400, 'MSS.00000003'],
    ['an expiry in the past', () => ({ customer_project_id: customer, resource_id: spVideo, amount: 1, expire_time: '2026-01-01T00:00:00Z' }), 400, 'MSS.00000003'],
    ['an unknown field', () => ({ customer_project_id: customer, resource_id: spVideo, amount: 1, colour: 'red' }), 400, 'MSS.00000002'],
  ])('refuses %s and changes nothing', async (_what, body, status, code) => {
    const before = await snapshot();
    const res = await allocate(body());
    expect(res.statusCode).toBe(status);
    expect(res.json().error_code).toBe(code);
    expect(await snapshot()).toEqual(before);
  });

  it('says how much is left when asked for too much', async () => {
    const res = await allocate({ customer_project_id: customer, resource_id: spVideo, amount: 1000 });
    expect(res.json().available_quantity).toBe(58.5);
  });

  it('refuses frozen, expired, pay-per-use and bundle packages, changing nothing', async () => {
    const [frozen] = await ledger.grant(sp, { resourceType: VIDEO, amount: '5' });
    await ledger.store.transaction((tx) => tx.updatePackage(sp, frozen!.resourceId, { status: 1, updatedAt: ledger.now }));
    const [expired] = await ledger.grant(sp, { resourceType: VIDEO, amount: '5', effectiveAt: '2025-01-01T00:00:00Z', expiresAt: '2026-01-01T00:00:00Z' });
    const [onDemand] = await ledger.grant(sp, { resourceType: VIDEO, amount: '5', chargingMode: 'ON_DEMAND' });
    const [bundle] = await ledger.grant(sp, { resourceType: FLEXUS, amount: '1' });
    for (const pkg of [frozen!, expired!, onDemand!, bundle!]) {
      const before = await snapshot();
      const res = await allocate({ customer_project_id: customer, resource_id: pkg.resourceId, amount: '0.5' });
      expect(res.statusCode).toBe(409);
      expect(await snapshot()).toEqual(before);
    }
  });

  it('reclaims the unused rest to the provider\'s package; repeating it changes nothing', async () => {
    const a = (await allocate({ customer_project_id: customer, resource_id: spVideo, amount: 20 })).json();
    const spBefore = (await ledger.store.getPackage(sp, spVideo))!.amount;
    // The customer draws from its packages soonest-expiring first: the 1-minute one expiring 2027-01-01, then the others.
    const used = await call('POST', `/admin/v1/projects/${customer}/usage-records`, { record_id: 'r1', resource_type: VIDEO, quantity: 38 }, service);
    expect(used.statusCode).toBe(201);
    const usedHere = (await ledger.store.getPackage(customer, a.customer_resource_id))!.usage;
    const res = await call('POST', `/admin/v1/projects/${sp}/allocations/${a.allocation_id}/reclaim`, undefined, spTenant);
    expect(res.statusCode).toBe(200);
    const rest = 20_000_000n - usedHere;
    expect(res.json()).toMatchObject({ status: 'reclaimed', reclaimed_quantity: Number(rest) / 1e6, amount: Number(usedHere) / 1e6 });
    expect((await ledger.store.getPackage(sp, spVideo))!.amount).toBe(spBefore + rest);
    expect((await ledger.store.getPackage(customer, a.customer_resource_id))!.amount).toBe(usedHere);
    const before = await snapshot();
    const again = await call('POST', `/admin/v1/projects/${sp}/allocations/${a.allocation_id}/reclaim`);
    expect(again.json().reclaimed_quantity).toBe(0);
    expect(await snapshot()).toEqual(before);
    expect((await call('POST', `/admin/v1/projects/${sp}/allocations/nothing/reclaim`)).statusCode).toBe(404);
    expect((await call('POST', `/admin/v1/projects/${sp}/allocations/${a.allocation_id}/reclaim`, undefined, customerTenant)).statusCode).toBe(403);
    expect(await ledger.store.checkJournal()).toEqual([]);
  });

  it('lists a provider\'s allocations, oldest first, to its own credentials and admins', async () => {
    const all = await call('GET', `/admin/v1/projects/${sp}/allocations`, undefined, spTenant);
    expect(all.statusCode).toBe(200);
    expect(all.json().count).toBe(3);
    expect(all.json().allocations[0].allocation_id).toBe(allocationId);
    const paged = await call('GET', `/admin/v1/projects/${sp}/allocations?limit=1&offset=2&customer_project_id=${customer}`);
    expect(paged.json()).toMatchObject({ count: 3, allocations: [{ status: 'reclaimed' }] });
    expect((await call('GET', `/admin/v1/projects/${sp}/allocations`, undefined, customerTenant)).statusCode).toBe(403);
  });
});

describe('GET tenants/resource/assignrecourd and the provider reading its customers', () => {
  const assign = (credential: IssuedCredential, query = '') =>
    signedInject(app, { path: `/v1/${customer}/tenants/resource/assignrecourd${query}`, credential, projectId: customer });

  it('shows the customer what it received, in Unix seconds, with the provider\'s remaining quota per spec code', async () => {
    const res = await assign(customerTenant);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ customer_project_id: customer, customer_name: customer, resource_count: 3 });
    expect(body).not.toHaveProperty('region_id');
    expect(body.resources).toHaveLength(3);
    expect(body.resources[0]).toEqual({
      assignment_record_id: expect.any(String), resource_spec_code: VIDEO, charging_mode: 'ONE_TIME', resource_num: 30.5,
      resource_used_num: expect.any(Number), resource_allocate_time: Date.parse('2026-11-26T12:00:00Z') / 1000,
      resource_expire_time: Date.parse('2027-06-01T00:00:00Z') / 1000,
    });
    const customerHolds = (await ledger.store.listPackages({ projectId: customer, limit: 100, offset: 0 })).packages;
    const spVideoNow = (await ledger.store.getPackage(sp, spVideo))!;
    expect(body.resources_overview).toEqual([{
      resource_spec_code: VIDEO,
      resource_num: Number(customerHolds.reduce((s, p) => s + p.amount, 0n)) / 1e6,
      resource_used_num: 38,
      resource_remind_quota: Number(spVideoNow.amount - spVideoNow.usage) / 1e6,
    }]);
    const page = (await assign(customerTenant, '?limit=1&offset=1')).json();
    expect(page.resource_count).toBe(3);
    expect(page.resources.map((r: { assignment_record_id: string }) => r.assignment_record_id)).toEqual([body.resources[1].assignment_record_id]);
    expect((await assign(customerTenant, '?limit=0')).json().error_code).toBe('MSS.00000003');
  });

  it('answers region_id when the operator names the region (LEDGER_REGION)', async () => {
    const regional = await buildApp(ledger, () => ledger.now, { region: 'cn-north-4' });
    const res = await signedInject(regional, { path: `/v1/${customer}/tenants/resource/assignrecourd`, credential: customerTenant, projectId: customer });
    expect(res.json()).toMatchObject({ customer_project_id: customer, region_id: 'cn-north-4' });
    await regional.close();
  });

  it('lets the provider read its customer\'s tenant API, but no one else', async () => {
    const base = `/v1/${customer}/tenants`;
    for (const path of [`${base}/resource/assignrecourd`, `${base}/resources?resource_source=SP_ALLOCATED`, `${base}/resources-usage`, `${base}/resources-count`]) {
      expect((await signedInject(app, { path, credential: spTenant, projectId: customer })).statusCode).toBe(200);
      const strangerRes = await signedInject(app, { path, credential: await ledger.addCredential(stranger), projectId: customer });
      expect(strangerRes.statusCode).toBe(403);
    }
    // The relation goes one way: a customer cannot read its provider.
    const up = await signedInject(app, { path: `/v1/${sp}/tenants/resources-usage`, credential: customerTenant, projectId: sp });
    expect(up.statusCode).toBe(403);
    const listed = (await signedInject(app, { path: `${base}/resources?resource_source=SP_ALLOCATED&limit=100`, credential: spTenant, projectId: customer })).json();
    expect(listed.count).toBe(3);
  });

  it('answers an empty record to a project nobody allocated to', async () => {
    const cred = await ledger.addCredential(stranger);
    const res = await signedInject(app, { path: `/v1/${stranger}/tenants/resource/assignrecourd`, credential: cred, projectId: stranger });
    expect(res.json()).toEqual({ customer_project_id: stranger, customer_name: stranger, resource_count: 0, resources: [], resources_overview: [] });
  });
});

describe('bound_asset', () => {
  it('binds, shows, unbinds and validates', async () => {
    const [pkg] = await ledger.grant(customer, { resourceType: 'modeling_count_2d_model', amount: '1' });
    const path = `/admin/v1/projects/${customer}/packages/${pkg!.resourceId}`;
    const bound = await call('PATCH', path, { bound_asset: { asset_id: 'a-1', asset_name: 'Li' } });
    expect(bound.statusCode).toBe(200);
    expect(bound.json().bound_asset).toEqual({ asset_id: 'a-1', asset_name: 'Li' });
    const listed = await signedInject(app, {
      path: `/v1/${customer}/tenants/resources?resource_source=PURCHASED&resource_id=${pkg!.resourceId}`, credential: customerTenant, projectId: customer,
    });
    expect(listed.json().resources[0].bound_asset).toEqual({ asset_id: 'a-1', asset_name: 'Li' });
    const unbound = await call('PATCH', path, { bound_asset: null });
    expect(unbound.json()).not.toHaveProperty('bound_asset');
    expect((await ledger.store.getPackage(customer, pkg!.resourceId))!.boundAssetName).toBeNull();
    expect((await call('PATCH', path, { bound_asset: { asset_name: 'no id' } })).statusCode).toBe(400);
    expect((await call('PATCH', path, { bound_asset: { asset_id: '' } })).statusCode).toBe(400);
    expect((await call('PATCH', path, { bound_asset: { asset_id: 'x', extra: 1 } })).statusCode).toBe(400);
    // Binding changes no quantity, so it writes no journal entry.
    expect(await ledger.store.listJournal({ projectId: customer, resourceId: pkg!.resourceId, limit: 10 })).toHaveLength(1);
  });
});
