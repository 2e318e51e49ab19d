// End to end: resources, resources-count, assignrecourd and allocations through Huawei's official SDK core against the
// real server process, on a ledger set up with the CLI, whose twins (package list/expiring, allocation ...) must agree.
import crypto from 'node:crypto';
import path from 'node:path';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, runCli, startServerProcess, type RunningServer } from '../support/cli.js';
import { newProjectId, tempDir } from '../support/ledger.js';

interface Credential { access_key: string; secret_key: string }
type Body = Record<string, any>;

const VIDEO = 'video_time_2d_model';
const ALL_SOURCES = 'PURCHASED,SP_ALLOCATED,ADMIN_ALLOCATED';

let server: RunningServer;
let env: Record<string, string>;
let sp: string;
let customer: string;
let spTenant: Credential;
let customerTenant: Credential;
let spVideo: string;
let modeling: string;

function sdkClient(cred: Credential, project: string): HcClient {
  const credentials = new BasicCredentials().withAk(cred.access_key).withSk(cred.secret_key).withProjectId(project);
  return new ClientBuilder<HcClient>((hc) => hc).withCredential(credentials).withEndpoint(server.base).build();
}

/** What a generated MetaStudio client sends: the path template, query parameters as given, X-Request-Id read back. */
function send(client: HcClient, method: string, url: string, queryParams: Record<string, unknown> = {}, data?: unknown) {
  return client.sendRequest<Body>({
    method, url, contentType: 'application/json', queryParams, pathParams: {}, headers: {}, data,
    responseHeaders: ['X-Request-Id'],
  } as Parameters<HcClient['sendRequest']>[0]);
}

async function sdkError(promise: Promise<unknown>): Promise<Body> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeDefined();
  return err as Body;
}

const grant = (project: string, ...args: string[]) => cliJson<Body>(['package', 'grant', project, ...args], env);

beforeAll(async () => {
  env = { LEDGER_DB: path.join(tempDir(), 'ledger.db'), LEDGER_MASTER_KEY: crypto.randomBytes(32).toString('hex'), LEDGER_QUIET: '1' };
  sp = newProjectId();
  customer = newProjectId();
  await cliJson(['project', 'create', sp, '--name', 'Reseller'], env);
  await cliJson(['project', 'create', customer, '--name', 'Shop', '--parent', sp], env);
  spTenant = await cliJson<Credential>(['credential', 'create', sp], env);
  customerTenant = await cliJson<Credential>(['credential', 'create', customer], env);
  spVideo = (await grant(sp, '--resource-type', VIDEO, '--amount', '500', '--order-id', 'SP-ORDER')).resource_id;
  modeling = (await grant(customer, '--resource-type', 'modeling_count_2d_model', '--amount', '3', '--order-id', 'C-1')).resource_id;
  await grant(customer, '--resource-type', VIDEO, '--amount', '60', '--source', 'ADMIN_ALLOCATED');
  await grant(customer, '--resource-type', 'voice_clone_basic', '--amount', '2', '--effective', '2025-01-01T00:00:00Z', '--expires', '2025-06-01T00:00:00Z');
  await grant(customer, '--resource-type', 'hws.resource.type.metastudio.modeling.avatarlive.channel', '--amount', '2', '--charging-mode', 'PERIODIC');
  await grant(customer, '--resource-type', 'hws.resource.type.metastudio.modeling.flexus.avatar.number', '--amount', '1');
  await cliJson(['package', 'adjust', customer, modeling, '--asset-id', 'asset-7', '--asset-name', 'Mia'], env);
  await cliJson(['allocation', 'create', sp, '--customer', customer, '--resource-id', spVideo, '--amount', '120.5'], env);
  server = await startServerProcess([], env);
});

afterAll(async () => {
  await server?.stop();
});

describe('GET tenants/resources through the SDK', () => {
  it('lists every package with count, walking the pages to the end gives the unpaginated set', async () => {
    const client = sdkClient(customerTenant, customer);
    const whole = await send(client, 'GET', '/v1/{project_id}/tenants/resources', { resource_source: ALL_SOURCES, limit: 100 });
    expect(whole.httpStatusCode).toBe(200);
    expect(whole['X-Request-Id']).toMatch(/^[0-9a-f]{32}$/);
    // 5 grants (the Flexus bundle as 4 packages) plus the allocated one.
    expect(whole.count).toBe(9);
    const walked: string[] = [];
    for (let offset = 0; ; offset += 2) {
      const page = await send(client, 'GET', '/v1/{project_id}/tenants/resources', { resource_source: ALL_SOURCES, limit: 2, offset });
      expect(page.count).toBe(9);
      walked.push(...page.resources.map((r: Body) => r.resource_id));
      if (page.resources.length < 2) break;
    }
    expect(walked).toEqual(whole.resources.map((r: Body) => r.resource_id));
    const first = await send(client, 'GET', '/v1/{project_id}/tenants/resources', { resource_source: ALL_SOURCES });
    expect(first.resources).toHaveLength(9); // the default limit (10) covers all nine
  });

  it('filters, and shows the bound asset and RFC 3339 expiry', async () => {
    const client = sdkClient(customerTenant, customer);
    const res = await send(client, 'GET', '/v1/{project_id}/tenants/resources', { resource_source: 'PURCHASED', business: 'MODELING_2D', status: 0 });
    expect(res.resources).toEqual([expect.objectContaining({
      resource_id: modeling, order_id: 'C-1', bound_asset: { asset_id: 'asset-7', asset_name: 'Mia' }, status: 0, amount: 3, usage: 0,
      resource_expire_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    })]);
    const allocated = await send(client, 'GET', '/v1/{project_id}/tenants/resources', { resource_source: 'SP_ALLOCATED' });
    expect(allocated.resources).toEqual([expect.objectContaining({ resource_type: VIDEO, resource_source: 'SP_ALLOCATED', amount: 120.5 })]);
    expect(allocated.resources[0]).not.toHaveProperty('order_id');
  });

  it('answers a missing resource_source with ClientRequestException 400 MSS.00000003', async () => {
    const err = await sdkError(send(sdkClient(customerTenant, customer), 'GET', '/v1/{project_id}/tenants/resources', { limit: 5 }));
    expect(err.constructor.name).toBe('ClientRequestException');
    expect(err.httpStatusCode).toBe(400);
    expect(err.errorCode).toBe('MSS.00000003');
    expect(err.errorMsg).toContain('resource_source');
    expect(err.requestId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('agrees with `package list` on the same ledger', async () => {
    const api = await send(sdkClient(customerTenant, customer), 'GET', '/v1/{project_id}/tenants/resources', { resource_source: ALL_SOURCES, limit: 3, offset: 2 });
    const cli = await cliJson<Body>(['package', 'list', customer, '--limit', '3', '--offset', '2'], env);
    expect(cli).toEqual({ count: api.count, resources: api.resources });
    const bad = await runCli(['package', 'list', customer, '--status', '7'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('status');
  });
});

describe('GET tenants/resources-count through the SDK', () => {
  it('counts what expires in the window, and agrees with `package expiring`', async () => {
    const client = sdkClient(customerTenant, customer);
    const res = await send(client, 'GET', '/v1/{project_id}/tenants/resources-count');
    expect(res.httpStatusCode).toBe(200);
    const counts = res.resources_count as Body[];
    expect(counts).toContainEqual({ business_type: 'VIDEO_2D', charging_mode: 'ONE_TIME', resource_source: 'SP_ALLOCATED', count: 1 });
    expect(counts).toContainEqual({ business_type: 'FLEXUS_2D', charging_mode: 'ONE_TIME', resource_source: 'PURCHASED', count: 1 });
    // The voice package expired in 2025: not "expiring" any more.
    expect(counts.find((c) => c.business_type === 'VOICE_CLONE')).toBeUndefined();
    const inMonth = new Date(Date.now() + 40 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const soon = await send(client, 'GET', '/v1/{project_id}/tenants/resources-count', { resource_expire_end_time: inMonth, business: 'LIVE_2D,VIDEO_2D' });
    expect(soon.resources_count).toEqual([{ business_type: 'LIVE_2D', charging_mode: 'PERIODIC', resource_source: 'PURCHASED', count: 1 }]);
    const cli = await cliJson<Body>(['package', 'expiring', customer, '--to', inMonth, '--business', 'LIVE_2D,VIDEO_2D'], env);
    expect(cli).toEqual({ resources_count: soon.resources_count });
  });
});

describe('allocations and assignrecourd through the SDK', () => {
  it('lets the provider allocate with its own credential, shows it to the customer, and reclaims the rest', async () => {
    const spClient = sdkClient(spTenant, sp);
    const created = await send(spClient, 'POST', `/admin/v1/projects/${sp}/allocations`, {}, {
      customer_project_id: customer, resource_id: spVideo, amount: 10,
    });
    expect(created.httpStatusCode).toBe(201);
    expect(created).toMatchObject({ customer_project_id: customer, allocated_amount: 10, status: 'active' });

    const record = await send(sdkClient(customerTenant, customer), 'GET', '/v1/{project_id}/tenants/resource/assignrecourd', { limit: 10 });
    expect(record).toMatchObject({ customer_project_id: customer, customer_name: 'Shop', resource_count: 2 });
    const now = Math.floor(Date.now() / 1000);
    for (const r of record.resources as Body[]) {
      expect(r.resource_spec_code).toBe(VIDEO);
      expect(Math.abs(r.resource_allocate_time - now)).toBeLessThan(600);
      expect(r.resource_expire_time).toBeGreaterThan(now);
    }
    expect(record.resources_overview).toEqual([
      { resource_spec_code: VIDEO, resource_num: 130.5, resource_used_num: 0, resource_remind_quota: 369.5 },
    ]);

    // The provider reads its customer's tenant API with its own key.
    const asProvider = await send(sdkClient(spTenant, customer), 'GET', '/v1/{project_id}/tenants/resource/assignrecourd', { limit: 1, offset: 1 });
    expect(asProvider.resources.map((r: Body) => r.assignment_record_id)).toEqual([created.allocation_id]);
    // ...but the customer cannot allocate the provider's packages.
    const refused = await sdkError(send(sdkClient(customerTenant, sp), 'POST', `/admin/v1/projects/${sp}/allocations`, {}, {
      customer_project_id: customer, resource_id: spVideo, amount: 1,
    }));
    expect(refused.httpStatusCode).toBe(403);

    const reclaimed = await send(spClient, 'POST', `/admin/v1/projects/${sp}/allocations/${created.allocation_id}/reclaim`, {}, {});
    expect(reclaimed).toMatchObject({ status: 'reclaimed', reclaimed_quantity: 10, amount: 0 });
    const cli = await cliJson<Body>(['allocation', 'list', sp, '--customer', customer], env);
    expect(cli.count).toBe(2);
    expect(cli.allocations.map((a: Body) => a.status)).toEqual(['active', 'reclaimed']);
    const again = await cliJson<Body>(['allocation', 'reclaim', sp, created.allocation_id], env);
    expect(again.reclaimed_quantity).toBe(0);
    const over = await runCli(['allocation', 'create', sp, '--customer', customer, '--resource-id', spVideo, '--amount', '1000'], env);
    expect(over.code).toBe(6);
    const check = await runCli(['ledger', 'check'], env);
    expect(check.code).toBe(0);
  });
});
