// End to end: the real server process, called through Huawei's official Node.js SDK core.
import path from 'node:path';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliJson, startServerProcess, type RunningServer } from '../support/cli.js';
import { newProjectId, tempDir } from '../support/ledger.js';
import { parsePrometheus, sampleValue } from '../support/prometheus.js';

interface Credential { access_key: string; secret_key: string }

let server: RunningServer;
let env: Record<string, string>;
let projectId: string;
let tenant: Credential;

function sdkClient(cred: Credential, project = projectId, endpoint = server.base): HcClient {
  const credentials = new BasicCredentials().withAk(cred.access_key).withSk(cred.secret_key).withProjectId(project);
  return new ClientBuilder<HcClient>((hc) => hc).withCredential(credentials).withEndpoint(endpoint).build();
}

/** The request a generated MetaStudio client (ShowTenantResourceUsage) would send. */
function showResourceUsage(client: HcClient, query: Record<string, string> = {}) {
  return client.sendRequest<Record<string, any>>({
    method: 'GET', url: '/v1/{project_id}/tenants/resources-usage', contentType: 'application/json',
    queryParams: query, pathParams: {}, headers: {}, responseHeaders: ['X-Request-Id'],
  } as Parameters<HcClient['sendRequest']>[0]);
}

async function sdkError(promise: Promise<unknown>): Promise<Record<string, any>> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeDefined();
  return err as Record<string, any>;
}

beforeAll(async () => {
  env = { LEDGER_DB: path.join(tempDir(), 'ledger.db') };
  projectId = newProjectId();
  await cliJson(['project', 'create', projectId], env);
  tenant = await cliJson<Credential>(['credential', 'create', projectId], env);
  await cliJson(['package', 'grant', projectId, '--resource-type', 'video_time_2d_model', '--amount', '6000', '--usage', '100.5'], env);
  await cliJson(['package', 'grant', projectId, '--resource-type', 'modeling_count_2d_model', '--amount', '10', '--usage', '3'], env);
  server = await startServerProcess([], env);
});

afterAll(async () => {
  await server?.stop();
});

describe('official SDK against the running server', () => {
  it('reads the rows, with the request id', async () => {
    const res = await showResourceUsage(sdkClient(tenant));
    expect(res.httpStatusCode).toBe(200);
    expect(res['X-Request-Id']).toMatch(/^[0-9a-f]{32}$/);
    expect(res.resources).toEqual([
      { resource_type: 'modeling_count_2d_model', business_type: 'MODELING_2D', is_sub_resource: false, charging_mode: 'ONE_TIME', resource_source: 'PURCHASED', amount: 10, usage: 3, unit: 'NUM' },
      { resource_type: 'video_time_2d_model', business_type: 'VIDEO_2D', is_sub_resource: false, charging_mode: 'ONE_TIME', resource_source: 'PURCHASED', amount: 6000, usage: 100.5, unit: 'MIN' },
    ]);
  });

  it('is answered by the fast path, unless LEDGER_FAST_READ=0, with the same rows either way', async () => {
    const fastReads = async (base: string) =>
      sampleValue(parsePrometheus(await (await fetch(`${base}/metrics`)).text()), 'ledger_http_fast_reads_total') ?? 0;
    const before = await fastReads(server.base);
    const fast = await showResourceUsage(sdkClient(tenant));
    expect(await fastReads(server.base)).toBe(before + 1);
    const slowServer = await startServerProcess([], { ...env, LEDGER_FAST_READ: '0' });
    try {
      const slow = await showResourceUsage(sdkClient(tenant, projectId, slowServer.base));
      expect(slow.resources).toEqual(fast.resources);
      expect(await fastReads(slowServer.base)).toBe(0);
    } finally {
      await slowServer.stop();
    }
  });

  it('sends comma filters percent-encoded, and they verify and filter', async () => {
    const res = await showResourceUsage(sdkClient(tenant), { resource: 'video_time_2d_model, voice_clone_basic', business: 'VIDEO_2D' });
    expect(res.resources.map((r: { resource_type: string }) => r.resource_type)).toEqual(['video_time_2d_model']);
  });

  it('shows a package granted through the CLI while the server runs in the very next response', async () => {
    await cliJson(['package', 'grant', projectId, '--resource-type', 'voice_clone_basic', '--amount', '0.1'], env);
    await cliJson(['package', 'grant', projectId, '--resource-type', 'voice_clone_basic', '--amount', '0.2'], env);
    const res = await showResourceUsage(sdkClient(tenant), { resource: 'voice_clone_basic' });
    expect(res.resources).toEqual([expect.objectContaining({ resource_type: 'voice_clone_basic', amount: 0.3, usage: 0, unit: 'NUM' })]);
  });

  it('surfaces a 400 as ClientRequestException with MSS.00000003 and the request id', async () => {
    const err = await sdkError(showResourceUsage(sdkClient(tenant), { business: 'NOT_A_BUSINESS' }));
    expect(err.constructor.name).toBe('ClientRequestException');
    expect(err.httpStatusCode).toBe(400);
    expect(err.errorCode).toBe('MSS.00000003');
    expect(err.errorMsg).toContain('NOT_A_BUSINESS');
    expect(err.requestId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('answers 401 APIG.0301 to a wrong secret key', async () => {
    const err = await sdkError(showResourceUsage(sdkClient({ ...tenant, secret_key: 'wrong'.repeat(8) })));
    expect(err.constructor.name).toBe('ClientRequestException');
    expect(err.httpStatusCode).toBe(401);
    expect(err.errorCode).toBe('APIG.0301');
  });

  it('answers 403 to a valid credential of another project', async () => {
    const other = newProjectId();
    await cliJson(['project', 'create', other], env);
    const otherCred = await cliJson<Credential>(['credential', 'create', other], env);
    const err = await sdkError(showResourceUsage(sdkClient(otherCred, projectId)));
    expect(err.httpStatusCode).toBe(403);
    expect(err.errorCode).toBe('APIG.0302');
  });

  it('shuts down gracefully on SIGTERM', async () => {
    const second = await startServerProcess([], env);
    expect(await second.stop('SIGTERM')).toBe(0);
  });
});
