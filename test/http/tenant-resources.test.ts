// GET /v1/{project_id}/tenants/resources and /resources-count in-process: every filter, paging, order and error.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedCredential } from '../../src/services/create-credential.js';
import { buildApp, signedInject } from '../support/app.js';
import { createTestLedger, type TestLedger } from '../support/ledger.js';

const FLEXUS = 'hws.resource.type.metastudio.modeling.flexus.avatar.number';
const CHANNEL = 'hws.resource.type.metastudio.modeling.avatarlive.channel';
const ALL = 'resource_source=PURCHASED,SP_ALLOCATED,ADMIN_ALLOCATED';

let ledger: TestLedger;
let app: FastifyInstance;
let projectId: string;
let tenant: IssuedCredential;
let admin: IssuedCredential;
const ids: Record<string, string> = {};

const list = (query: string, credential = tenant) =>
  signedInject(app, { path: `/v1/${projectId}/tenants/resources?${query}`, credential, projectId });
const count = (query = '', credential = tenant) =>
  signedInject(app, { path: `/v1/${projectId}/tenants/resources-count${query ? `?${query}` : ''}`, credential, projectId });
const idsOf = (body: { resources: Array<{ resource_id: string }> }) => body.resources.map((r) => r.resource_id);

beforeAll(async () => {
  ledger = await createTestLedger(new Date('2026-11-26T12:00:00Z'));
  projectId = await ledger.addProject();
  tenant = await ledger.addCredential(projectId);
  admin = await ledger.addCredential(await ledger.addProject(), 'admin');
  const grant = async (name: string, input: Parameters<TestLedger['grant']>[1]) => {
    const rows = await ledger.grant(projectId, input);
    ids[name] = rows[0]!.resourceId;
    rows.slice(1).forEach((r) => (ids[`${name}:${r.subResourceType}`] = r.resourceId));
  };
  await grant('video', { resourceType: 'video_time_2d_model', amount: '6000', usage: '100.5', orderId: 'CS1' });
  await grant('videoAdmin', { resourceType: 'video_time_2d_model', amount: '60', source: 'ADMIN_ALLOCATED', expiresAt: '2026-12-01T00:00:00Z' });
  await grant('modeling', { resourceType: 'modeling_count_2d_model', amount: '10', usage: '3', orderId: 'CS2' });
  await grant('expired', { resourceType: 'voice_clone_basic', amount: '7', effectiveAt: '2025-01-01T00:00:00Z', expiresAt: '2026-01-01T00:00:00Z' });
  await grant('frozen', { resourceType: 'voice_clone_middle', amount: '4', expiresAt: '2026-12-15T00:00:00Z' });
  await grant('channel', { resourceType: CHANNEL, amount: '5', usage: '2', chargingMode: 'PERIODIC' });
  await grant('flexus', { resourceType: FLEXUS, amount: '1', expiresAt: '2027-06-01T00:00:00Z' });
  await grant('onDemand', { resourceType: 'video_time_2d_model', amount: '9', chargingMode: 'ON_DEMAND' });
  await grant('sp', { resourceType: 'voice_clone_advance', amount: '2', source: 'SP_ALLOCATED', expiresAt: '2026-12-01T00:00:00Z' });
  await ledger.store.transaction((tx) => tx.updatePackage(projectId, ids.frozen!, { status: 1, updatedAt: ledger.now }));
  await ledger.grant(await ledger.addProject(), { resourceType: 'voice_clone_advance', amount: '1' });
  app = await buildApp(ledger);
  const bound = await signedInject(app, {
    method: 'PATCH', path: `/admin/v1/projects/${projectId}/packages/${ids.modeling}`, credential: admin,
    body: JSON.stringify({ bound_asset: { asset_id: 'asset-1', asset_name: 'Anna' } }),
  });
  expect(bound.statusCode).toBe(200);
});

afterAll(async () => {
  await app.close();
  await ledger.close();
});

describe('GET tenants/resources', () => {
  it('lists ONE_TIME and PERIODIC packages, expired and frozen ones too, never pay-per-use or another project\'s', async () => {
    const res = await list(`${ALL}&limit=100`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    const body = res.json();
    // 8 grants listed, the Flexus bundle as 4 packages; the ON_DEMAND one is not.
    expect(body.count).toBe(11);
    expect(idsOf(body)).toHaveLength(11);
    expect(idsOf(body)).toEqual(expect.arrayContaining([ids.expired, ids.frozen]));
    expect(idsOf(body)).not.toContain(ids.onDemand);
  });

  it('answers every documented field in MetaStudio\'s shape', async () => {
    const body = (await list(`${ALL}&resource_id=${ids.modeling}`)).json();
    expect(body).toEqual({
      count: 1,
      resources: [{
        resource_id: ids.modeling, order_id: 'CS2', bound_asset: { asset_id: 'asset-1', asset_name: 'Anna' },
        resource_expire_time: '2027-11-26T12:00:00Z', resource_type: 'modeling_count_2d_model', business_type: 'MODELING_2D',
        is_sub_resource: false, charging_mode: 'ONE_TIME', resource_source: 'PURCHASED', amount: 10, usage: 3, status: 0, unit: 'NUM',
      }],
    });
    const frozen = (await list(`${ALL}&resource_id=${ids.frozen}`)).json().resources[0];
    expect(frozen.status).toBe(1);
    expect(frozen).not.toHaveProperty('bound_asset');
    expect(frozen).not.toHaveProperty('order_id');
    const part = (await list(`${ALL}&sub_resource=video_time_flexus_2d_model`)).json().resources;
    expect(part).toEqual([expect.objectContaining({ is_sub_resource: true, sub_resource_type: 'video_time_flexus_2d_model', amount: 120, unit: 'MIN' })]);
  });

  it('defaults to 10 rows from offset 0, and count is the total matching', async () => {
    const body = (await list(ALL)).json();
    expect(body.count).toBe(11);
    expect(body.resources).toHaveLength(10);
  });

  it('pages through the whole set in a stable order: walked to the end it equals the unpaginated list', async () => {
    const whole = idsOf((await list(`${ALL}&limit=100`)).json());
    for (const size of [1, 3, 4, 10]) {
      const walked: string[] = [];
      for (let offset = 0; ; offset += size) {
        const page = (await list(`${ALL}&limit=${size}&offset=${offset}`)).json();
        expect(page.count).toBe(11);
        walked.push(...idsOf(page));
        if (page.resources.length < size) break;
      }
      expect(walked).toEqual(whole);
    }
    expect(idsOf((await list(`${ALL}&limit=100&offset=11`)).json())).toEqual([]);
    // A bundle's parent comes before its parts.
    expect(whole.indexOf(ids.flexus!)).toBeLessThan(whole.indexOf(ids['flexus:voice_clone_flexus']!));
  });

  it.each([
    ['resource_source=SP_ALLOCATED', ['sp']],
    ['resource_source=ADMIN_ALLOCATED%2CSP_ALLOCATED', ['videoAdmin', 'sp']],
    [`${ALL}&resource=video_time_2d_model`, ['video', 'videoAdmin']],
    [`${ALL}&resource=voice_clone_basic&resource=voice_clone_middle`, ['expired', 'frozen']],
    [`${ALL}&business=LIVE_2D,MODELING_2D`, ['modeling', 'channel']],
    [`${ALL}&order_id=CS1`, ['video']],
    [`${ALL}&order_id=CS1,CS2`, ['video', 'modeling']],
    [`${ALL}&charging_mode=PERIODIC`, ['channel']],
    [`${ALL}&charging_mode=ON_DEMAND`, []],
    [`${ALL}&status=1`, ['frozen']],
    [`${ALL}&sub_resource=voice_clone_flexus,modeling_count_2d_model_flexus`, ['flexus:modeling_count_2d_model_flexus', 'flexus:voice_clone_flexus']],
    [`${ALL}&resource_expire_start_time=2026-12-01T00:00:00Z&resource_expire_end_time=2026-12-15T00:00:00Z`, ['videoAdmin', 'frozen', 'sp']],
    [`${ALL}&resource_expire_end_time=2026-06-01T00:00:00Z`, ['expired']],
    [`${ALL}&resource_expire_start_time=2027-06-01T00:00:00%2B00:00&resource_expire_end_time=2027-06-01T00:00:00Z`,
      ['flexus', 'flexus:modeling_count_2d_model_flexus', 'flexus:video_time_flexus_2d_model', 'flexus:voice_clone_flexus']],
    ['resource=video_time_2d_model&business=VIDEO_2D&status=0&resource_source=PURCHASED', ['video']],
    // A repeated resource_source adds to the list, like every list parameter.
    ['resource_source=SP_ALLOCATED&resource_source=ADMIN_ALLOCATED', ['videoAdmin', 'sp']],
  ])('filters: %s', async (query, names) => {
    const res = await list(query);
    expect(res.statusCode).toBe(200);
    const expected = names.map((n) => ids[n]!);
    expect(new Set(idsOf(res.json()))).toEqual(new Set(expected));
    expect(res.json().count).toBe(expected.length);
  });

  it('status=0 leaves out the frozen package only', async () => {
    const body = (await list(`${ALL}&status=0&limit=100`)).json();
    expect(body.count).toBe(10);
    expect(idsOf(body)).not.toContain(ids.frozen);
  });

  it.each([
    ['', 'resource_source'],
    ['resource_source=', 'resource_source'],
    ['resource_source=BOUGHT', 'BOUGHT'],
    [`${ALL}&business=NOT_A_BUSINESS`, 'NOT_A_BUSINESS'],
    [`${ALL}&resource=no_such_type`, 'no_such_type'],
    [`${ALL}&charging_mode=WEEKLY`, 'WEEKLY'],
    [`${ALL}&sub_resource=voice_clone_premium`, 'voice_clone_premium'],
    [`${ALL}&status=2`, 'status'],
    [`${ALL}&limit=0`, 'limit'],
    [`${ALL}&limit=101`, 'limit'],
    [`${ALL}&limit=ten`, 'limit'],
    [`${ALL}&limit=1&limit=2`, 'limit'],
    [`${ALL}&offset=-1`, 'offset'],
    [`${ALL}&offset=2147483648`, 'offset'],
    [`${ALL}&resource_expire_start_time=yesterday`, 'resource_expire_start_time'],
    [`${ALL}&resource_expire_start_time=2027-01-01T00:00:00Z&resource_expire_end_time=2026-01-01T00:00:00Z`, 'resource_expire_start_time'],
  ])('refuses %s with 400 MSS.00000003', async (query, mention) => {
    const res = await list(query);
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe('MSS.00000003');
    expect(res.json().error_msg).toContain(mention);
  });

  it('ignores unknown parameters, and keeps other projects out', async () => {
    expect((await list(`${ALL}&colour=blue`)).statusCode).toBe(200);
    const stranger = await ledger.addCredential(await ledger.addProject());
    const res = await list(ALL, stranger);
    expect(res.statusCode).toBe(403);
    expect(res.json().error_code).toBe('APIG.0302');
    expect((await signedInject(app, { path: `/v1/${projectId}/tenants/resources?${ALL}`, credential: tenant })).statusCode).toBe(200);
    const unsigned = await app.inject({ method: 'GET', url: `/v1/${projectId}/tenants/resources?${ALL}` });
    expect(unsigned.statusCode).toBe(401);
    expect((await signedInject(app, { method: 'POST', path: `/v1/${projectId}/tenants/resources`, credential: tenant, body: '{}' })).statusCode).toBe(405);
  });
});

describe('GET tenants/resources-count', () => {
  it('counts, per business type, mode and source, what has not expired yet when no window is given', async () => {
    const res = await count();
    expect(res.statusCode).toBe(200);
    // expired is gone; the Flexus bundle counts once; ON_DEMAND never counts.
    expect(res.json()).toEqual({
      resources_count: [
        { business_type: 'FLEXUS_2D', charging_mode: 'ONE_TIME', resource_source: 'PURCHASED', count: 1 },
        { business_type: 'LIVE_2D', charging_mode: 'PERIODIC', resource_source: 'PURCHASED', count: 1 },
        { business_type: 'MODELING_2D', charging_mode: 'ONE_TIME', resource_source: 'PURCHASED', count: 1 },
        { business_type: 'VIDEO_2D', charging_mode: 'ONE_TIME', resource_source: 'ADMIN_ALLOCATED', count: 1 },
        { business_type: 'VIDEO_2D', charging_mode: 'ONE_TIME', resource_source: 'PURCHASED', count: 1 },
        { business_type: 'VOICE_CLONE', charging_mode: 'ONE_TIME', resource_source: 'PURCHASED', count: 1 },
        { business_type: 'VOICE_CLONE', charging_mode: 'ONE_TIME', resource_source: 'SP_ALLOCATED', count: 1 },
      ],
    });
  });

  it('counts inside a window (both ends inclusive) and by business type', async () => {
    const window = 'resource_expire_start_time=2026-12-01T00:00:00Z&resource_expire_end_time=2026-12-26T12:00:00Z';
    expect((await count(window)).json().resources_count).toEqual([
      { business_type: 'LIVE_2D', charging_mode: 'PERIODIC', resource_source: 'PURCHASED', count: 1 },
      { business_type: 'VIDEO_2D', charging_mode: 'ONE_TIME', resource_source: 'ADMIN_ALLOCATED', count: 1 },
      { business_type: 'VOICE_CLONE', charging_mode: 'ONE_TIME', resource_source: 'PURCHASED', count: 1 },
      { business_type: 'VOICE_CLONE', charging_mode: 'ONE_TIME', resource_source: 'SP_ALLOCATED', count: 1 },
    ]);
    expect((await count(`${window}&business=VOICE_CLONE`)).json().resources_count.map((r: { count: number }) => r.count)).toEqual([1, 1]);
    // An explicit start in the past brings expired packages back in.
    const past = (await count('resource_expire_start_time=2025-01-01T00:00:00Z&business=VOICE_CLONE')).json().resources_count;
    expect(past).toContainEqual({ business_type: 'VOICE_CLONE', charging_mode: 'ONE_TIME', resource_source: 'PURCHASED', count: 2 });
    expect((await count('resource_expire_start_time=2030-01-01T00:00:00Z')).json()).toEqual({ resources_count: [] });
  });

  it.each([
    ['business=NOT_A_BUSINESS', 'NOT_A_BUSINESS'],
    ['resource_expire_end_time=2026-02-30T00:00:00Z', 'resource_expire_end_time'],
    ['resource_expire_start_time=2027-01-01T00:00:00Z&resource_expire_end_time=2026-01-01T00:00:00Z', 'resource_expire_start_time'],
    ['resource_expire_start_time=2027-01-01T00:00:00Z&resource_expire_start_time=2028-01-01T00:00:00Z', 'more than once'],
  ])('refuses %s with 400 MSS.00000003', async (query, mention) => {
    const res = await count(query);
    expect(res.statusCode).toBe(400);
    expect(res.json().error_code).toBe('MSS.00000003');
    expect(res.json().error_msg).toContain(mention);
  });

  it('keeps other projects out', async () => {
    const stranger = await ledger.addCredential(await ledger.addProject());
    expect((await count('', stranger)).statusCode).toBe(403);
  });
});
