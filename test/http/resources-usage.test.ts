// GET /v1/{project_id}/tenants/resources-usage in-process, on both backends: rows, sums, exclusions, filters, errors.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IssuedCredential } from '../../src/services/create-credential.js';
import { buildApp, signedInject } from '../support/app.js';
import { createTestLedger, describeBackends, type TestLedger } from '../support/ledger.js';
import { parsePrometheus, sampleValue } from '../support/prometheus.js';

const FLEXUS = 'hws.resource.type.metastudio.modeling.flexus.avatar.number';
const CHANNEL = 'hws.resource.type.metastudio.modeling.avatarlive.channel';

describeBackends('resources-usage', (backend) => {
  let ledger: TestLedger;
  let app: FastifyInstance;
  let projectId: string;
  let tenant: IssuedCredential;

  const usagePath = (query = '') => `/v1/${projectId}/tenants/resources-usage${query}`;
  const get = (query = '') => signedInject(app, { path: usagePath(query), credential: tenant, projectId });

  beforeAll(async () => {
    ledger = await createTestLedger(new Date('2026-11-26T12:00:00Z'), backend);
    projectId = await ledger.addProject();
    tenant = await ledger.addCredential(projectId);
    for (let i = 0; i < 3; i++) await ledger.grant(projectId, { resourceType: 'video_time_2d_model', amount: '0.1', usage: '0.05' });
    await ledger.grant(projectId, { resourceType: 'video_time_2d_model', amount: '6000', usage: '100.5', source: 'ADMIN_ALLOCATED' });
    await ledger.grant(projectId, { resourceType: 'modeling_count_2d_model', amount: '10', usage: '3' });
    await ledger.grant(projectId, { resourceType: FLEXUS, amount: '1' });
    await ledger.grant(projectId, { resourceType: CHANNEL, amount: '5', usage: '2', chargingMode: 'PERIODIC' });
    // None of these may count: expired, not yet effective, pay-per-use, and (below) frozen.
    await ledger.grant(projectId, { resourceType: 'voice_clone_basic', amount: '7', effectiveAt: '2025-01-01T00:00:00Z', expiresAt: '2026-01-01T00:00:00Z' });
    await ledger.grant(projectId, { resourceType: 'voice_clone_basic', amount: '8', effectiveAt: '2027-01-01T00:00:00Z' });
    await ledger.grant(projectId, { resourceType: 'voice_clone_basic', amount: '9', chargingMode: 'ON_DEMAND' });
    const [frozen] = await ledger.grant(projectId, { resourceType: 'voice_clone_middle', amount: '4' });
    await ledger.store.transaction(async (tx) => {
      await tx.updatePackage(projectId, frozen!.resourceId, { status: 1, updatedAt: ledger.now });
    });
    const other = await ledger.addProject();
    await ledger.grant(other, { resourceType: 'voice_clone_advance', amount: '1' });
    app = await buildApp(ledger);
  });

  afterAll(async () => {
    await app.close();
    await ledger.close();
  });

  describe('rows', () => {
    it('sums exactly per row, in a stable order, and leaves out what is not in effect', async () => {
      const res = await get();
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
      const { resources } = res.json();
      expect(resources).toEqual([
        { resource_type: CHANNEL, business_type: 'LIVE_2D', is_sub_resource: false, charging_mode: 'PERIODIC', resource_source: 'PURCHASED', amount: 5, usage: 2, unit: 'CHANNEL' },
        { resource_type: FLEXUS, business_type: 'FLEXUS_2D', is_sub_resource: false, charging_mode: 'ONE_TIME', resource_source: 'PURCHASED', amount: 1, usage: 0, unit: 'NUM' },
        { resource_type: FLEXUS, business_type: 'FLEXUS_2D', sub_resource_type: 'modeling_count_2d_model_flexus', is_sub_resource: true, charging_mode: 'ONE_TIME', resource_source: 'PURCHASED', amount: 1, usage: 0, unit: 'NUM' },
        { resource_type: FLEXUS, business_type: 'FLEXUS_2D', sub_resource_type: 'video_time_flexus_2d_model', is_sub_resource: true, charging_mode: 'ONE_TIME', resource_source: 'PURCHASED', amount: 120, usage: 0, unit: 'MIN' },
        { resource_type: FLEXUS, business_type: 'FLEXUS_2D', sub_resource_type: 'voice_clone_flexus', is_sub_resource: true, charging_mode: 'ONE_TIME', resource_source: 'PURCHASED', amount: 1, usage: 0, unit: 'NUM' },
        { resource_type: 'modeling_count_2d_model', business_type: 'MODELING_2D', is_sub_resource: false, charging_mode: 'ONE_TIME', resource_source: 'PURCHASED', amount: 10, usage: 3, unit: 'NUM' },
        { resource_type: 'video_time_2d_model', business_type: 'VIDEO_2D', is_sub_resource: false, charging_mode: 'ONE_TIME', resource_source: 'ADMIN_ALLOCATED', amount: 6000, usage: 100.5, unit: 'MIN' },
        { resource_type: 'video_time_2d_model', business_type: 'VIDEO_2D', is_sub_resource: false, charging_mode: 'ONE_TIME', resource_source: 'PURCHASED', amount: 0.3, usage: 0.15, unit: 'MIN' },
      ]);
    });

    it('sends exact decimals as JSON numbers, never 0.30000000000000004', async () => {
      const res = await get('?resource=video_time_2d_model');
      expect(res.body).toContain('"amount":0.3,');
      expect(res.body).toContain('"usage":0.15,');
    });

    it('answers the same rows twice (stable order)', async () => {
      expect((await get()).json()).toEqual((await get()).json());
    });

    it('answers an empty list for a project with nothing in effect, as an object', async () => {
      const empty = await ledger.addProject();
      const cred = await ledger.addCredential(empty);
      const res = await signedInject(app, { path: `/v1/${empty}/tenants/resources-usage`, credential: cred, projectId: empty });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ resources: [] });
    });
  });

  describe('filters', () => {
    const types = async (query: string) =>
      ((await get(query)).json().resources as Array<{ resource_type: string; business_type: string }>).map((r) => r.resource_type);

    it('filters by resource types, comma-separated, with whitespace ignored', async () => {
      expect(new Set(await types('?resource=modeling_count_2d_model,%20video_time_2d_model%20'))).toEqual(
        new Set(['modeling_count_2d_model', 'video_time_2d_model']));
    });

    it('merges repeated parameters', async () => {
      expect(new Set(await types('?resource=modeling_count_2d_model&resource=video_time_2d_model'))).toEqual(
        new Set(['modeling_count_2d_model', 'video_time_2d_model']));
    });

    it('filters by business type, and combines both filters', async () => {
      expect(await types('?business=LIVE_2D')).toEqual([CHANNEL]);
      expect(await types('?business=VIDEO_2D,MODELING_2D&resource=modeling_count_2d_model')).toEqual(['modeling_count_2d_model']);
    });

    it('treats an empty value as no filter and ignores unknown parameters', async () => {
      const all = (await get()).json();
      expect((await get('?resource=&business=%20,')).json()).toEqual(all);
      expect((await get('?limit=3&foo=bar')).json()).toEqual(all);
    });

    it('refuses an unknown business type with MSS.00000003 naming the value', async () => {
      const res = await get('?business=VIDEO_2D,NOT_A_BUSINESS');
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error_code: 'MSS.00000003', error_msg: expect.stringContaining('NOT_A_BUSINESS') });
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    });

    it('refuses an unknown resource type naming the value', async () => {
      const res = await get('?resource=no_such_type');
      expect(res.statusCode).toBe(400);
      expect(res.json().error_code).toBe('MSS.00000003');
      expect(res.json().error_msg).toContain('no_such_type');
    });
  });

  describe('authentication and authorisation', () => {
    it('401s without credentials, with the gateway body and request id', async () => {
      const res = await app.inject({ method: 'GET', url: usagePath() });
      expect(res.statusCode).toBe(401);
      const body = res.json();
      expect(body.error_code).toBe('APIG.0301');
      expect(body.request_id).toBe(res.headers['x-request-id']);
    });

    it('401s a wrong secret key and an unknown access key', async () => {
      const wrongSk = await signedInject(app, { path: usagePath(), credential: { ...tenant, secretKey: 'x'.repeat(40) }, projectId });
      expect(wrongSk.statusCode).toBe(401);
      const unknownAk = await signedInject(app, { path: usagePath(), credential: { ...tenant, accessKey: 'UNKNOWNAK00000000000' }, projectId });
      expect(unknownAk.statusCode).toBe(401);
      expect(unknownAk.json().error_code).toBe('APIG.0301');
    });

    it('401s a signature dated outside the 15-minute window', async () => {
      const date = new Date(ledger.now.getTime() - 16 * 60 * 1000);
      const res = await signedInject(app, { path: usagePath(), credential: tenant, projectId, date });
      expect(res.statusCode).toBe(401);
    });

    it('403s a valid credential of another project, and shows nothing of the sums read with its credential', async () => {
      const other = await ledger.addProject();
      const otherCred = await ledger.addCredential(other);
      const res = await signedInject(app, { path: usagePath(), credential: otherCred, projectId: other });
      expect(res.statusCode).toBe(403);
      expect(res.json().error_code).toBe('APIG.0302');
      // Without X-Project-Id the refusal comes from the authorisation itself, after the sums were read.
      const bare = await signedInject(app, { path: usagePath(), credential: otherCred });
      expect(bare.statusCode).toBe(403);
      expect(bare.json().error_code).toBe('APIG.0302');
      expect(bare.body).not.toContain('resource_type');
    });

    it('reads the sums with the credential in one statement where the store can (PostgreSQL), and only there', async () => {
      // Counted by the store calls the app's metrics time, by operation.
      const calls = async (operation: string) => {
        const samples = parsePrometheus((await app.inject({ method: 'GET', url: '/metrics' })).body);
        return sampleValue(samples, 'ledger_db_operation_duration_seconds_count', { operation }) ?? 0;
      };
      const before = { sums: await calls('sumUsage'), combined: await calls('findCredentialWithUsage') };
      const res = await get('?resource=video_time_2d_model');
      expect(res.statusCode).toBe(200);
      expect(res.json().resources).toHaveLength(2);
      expect(await calls('sumUsage') - before.sums).toBe(backend === 'postgres' ? 0 : 1);
      expect(await calls('findCredentialWithUsage') - before.combined).toBe(backend === 'postgres' ? 1 : 0);
      // Filters the hook read one way and validation another are not taken from it: the handler reads them itself.
      const odd = await get('?resource=video_time_2d_model&resource[x]=1');
      expect(odd.statusCode).toBeLessThan(500);
    });

    it('403s an X-Project-Id that differs from the path', async () => {
      const other = await ledger.addProject();
      const res = await signedInject(app, { path: usagePath(), credential: tenant, projectId: other });
      expect(res.statusCode).toBe(403);
    });

    it('lets an admin credential read any project', async () => {
      const adminProject = await ledger.addProject();
      const admin = await ledger.addCredential(adminProject, 'admin');
      const res = await signedInject(app, { path: usagePath(), credential: admin });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual((await get()).json());
    });
  });

  describe('routing', () => {
    it('404s an unknown path with APIGW.0101 and a request id', async () => {
      const res = await app.inject({ method: 'GET', url: `/v1/${projectId}/tenants/nothing-here` });
      expect(res.statusCode).toBe(404);
      expect(res.json().error_code).toBe('APIGW.0101');
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    });

    it('405s a wrong method on a known path', async () => {
      const res = await app.inject({ method: 'DELETE', url: usagePath() });
      expect(res.statusCode).toBe(405);
      expect(res.headers.allow).toContain('GET');
      expect(res.json().error_code).toBeDefined();
    });

    it('accepts a trailing slash, which signs the same', async () => {
      const res = await signedInject(app, { path: `${usagePath()}/`, credential: tenant, projectId });
      expect(res.statusCode).toBe(200);
    });

    it('never answers 500 to malformed input', async () => {
      for (const url of [`/v1/${projectId}/tenants/resources-usage?resource=%zz`, '/v1/%zz/tenants/resources-usage', `/v1/${'a'.repeat(300)}/tenants/resources-usage`]) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, url).toBeLessThan(500);
        expect(res.json().error_code, url).toBeDefined();
      }
    });
  });
});
