// GET /v1/{project_id}/tenants/usage-daily in-process: UTC days, exact sums, reversed records left out, filters, errors.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedCredential } from '../../src/services/create-credential.js';
import { recordUsage } from '../../src/services/record-usage.js';
import { reverseUsage } from '../../src/services/reverse-usage.js';
import { buildApp, signedInject } from '../support/app.js';
import { createTestLedger, type TestLedger } from '../support/ledger.js';

const FLEXUS = 'hws.resource.type.metastudio.modeling.flexus.avatar.number';

let ledger: TestLedger;
let app: FastifyInstance;
let projectId: string;
let tenant: IssuedCredential;
let stranger: IssuedCredential;

interface Body {
  days: string[];
  from: string;
  to: string;
  complete: boolean;
  series: Array<{ resource_type: string; sub_resource_type?: string; business_type?: string; unit: string; quantities: number[]; overflow_quantities: number[]; total: number }>;
}

const daily = (query = '', credential = tenant, project = projectId) =>
  signedInject(app, { path: `/v1/${project}/tenants/usage-daily${query}`, credential, projectId: project });

beforeAll(async () => {
  ledger = await createTestLedger(new Date('2026-11-26T12:00:00Z'));
  projectId = await ledger.addProject();
  tenant = await ledger.addCredential(projectId);
  stranger = await ledger.addCredential(await ledger.addProject());
  const effectiveAt = '2026-10-01T00:00:00Z';
  await ledger.grant(projectId, { resourceType: 'video_time_2d_model', amount: '1000', effectiveAt });
  await ledger.grant(projectId, { resourceType: 'voice_clone_basic', amount: '5', effectiveAt });
  await ledger.grant(projectId, { resourceType: FLEXUS, amount: '1', effectiveAt });
  const record = (recordId: string, resourceType: string, quantity: string, occurredAt: string, subResourceType?: string) =>
    recordUsage(ledger.ctx, { projectId, recordId, resourceType, quantity, occurredAt, subResourceType });
  await record('a', 'video_time_2d_model', '0.1', '2026-11-26T00:00:00Z');
  await record('b', 'video_time_2d_model', '0.1', '2026-11-26T11:00:00Z');
  await record('c', 'video_time_2d_model', '0.1', '2026-11-26T11:59:59Z');
  await record('d', 'video_time_2d_model', '3', '2026-11-20T23:59:59Z');
  // The day before a 30-day window ending 2026-11-26 starts: left out.
  await record('e', 'video_time_2d_model', '5', '2026-10-27T23:59:59Z');
  await record('f', 'video_time_2d_model', '10', '2026-11-25T08:00:00Z');
  await reverseUsage(ledger.ctx, { projectId, recordId: 'f' });
  await record('g', 'voice_clone_basic', '2', '2026-10-28T00:00:00Z');
  await record('h', FLEXUS, '7', '2026-11-24T10:00:00Z', 'video_time_flexus_2d_model');
  app = await buildApp(ledger);
});

afterAll(async () => {
  await app.close();
  await ledger.close();
});

describe('GET tenants/usage-daily', () => {
  it('sums applied records per UTC day over the last 30 days, exactly, leaving reversed ones out', async () => {
    const res = await daily();
    expect(res.statusCode).toBe(200);
    const body = res.json<Body>();
    expect(body.days).toHaveLength(30);
    expect([body.days[0], body.days[29]]).toEqual(['2026-10-28', '2026-11-26']);
    expect([body.from, body.to, body.complete]).toEqual(['2026-10-28T00:00:00Z', '2026-11-26T12:00:00Z', true]);
    expect(body.series.map((s) => [s.resource_type, s.sub_resource_type ?? null, s.unit, s.total])).toEqual([
      [FLEXUS, 'video_time_flexus_2d_model', 'MIN', 7],
      ['video_time_2d_model', null, 'MIN', 3.3],
      ['voice_clone_basic', null, 'NUM', 2],
    ]);
    const video = body.series[1]!;
    expect(video.quantities[29]).toBe(0.3);
    expect(video.quantities[23]).toBe(3);
    expect(video.quantities[28]).toBe(0);
    expect(video.quantities.filter((q) => q > 0)).toHaveLength(2);
    expect(video.overflow_quantities.every((q) => q === 0)).toBe(true);
    expect(body.series[2]!.quantities[0]).toBe(2);
  });

  it('takes a shorter window and a resource filter', async () => {
    const week = (await daily('?days=7')).json<Body>();
    expect(week.days).toEqual(['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26']);
    expect(week.series.map((s) => [s.resource_type, s.total])).toEqual([[FLEXUS, 7], ['video_time_2d_model', 3.3]]);
    const one = (await daily('?resource=voice_clone_basic')).json<Body>();
    expect(one.series.map((s) => s.resource_type)).toEqual(['voice_clone_basic']);
    const two = (await daily('?resource=voice_clone_basic,video_time_2d_model')).json<Body>();
    expect(two.series.map((s) => s.resource_type)).toEqual(['video_time_2d_model', 'voice_clone_basic']);
  });

  it('refuses bad parameters with MetaStudio\'s 400 and another project\'s credential with 403', async () => {
    for (const query of ['?days=0', '?days=91', '?days=abc', '?days=7&days=8', '?resource=nope']) {
      const res = await daily(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error_code, query).toBe('MSS.00000003');
    }
    const res = await daily('', stranger);
    expect(res.statusCode).toBe(403);
    expect((await signedInject(app, { path: `/v1/${projectId}/tenants/usage-daily`, credential: tenant, projectId: 'other' })).statusCode).toBe(403);
  });
});
