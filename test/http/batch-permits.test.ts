// Batch bodies are parsed a few at a time: the permit is taken after authentication and always given back.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/auth/signing/sign.js';
import { Permits } from '../../src/http/batch-permits.js';
import type { IssuedCredential } from '../../src/services/create-credential.js';
import { buildApp } from '../support/app.js';
import { createTestLedger, type TestLedger } from '../support/ledger.js';

describe('Permits', () => {
  it('gives out as many permits as it has, then hands them on in request order; a second release is ignored', async () => {
    const permits = new Permits(2);
    const first = await permits.acquire();
    const second = await permits.acquire();
    const order: string[] = [];
    const third = permits.acquire().then((release) => (order.push('third'), release));
    const fourth = permits.acquire().then((release) => (order.push('fourth'), release));
    await new Promise((resolve) => setImmediate(resolve));
    expect([permits.inUse, permits.queued, order]).toEqual([2, 2, []]);
    first();
    first();
    await third;
    expect([permits.inUse, permits.queued, order]).toEqual([2, 1, ['third']]);
    second();
    (await third)();
    (await fourth)();
    expect([permits.inUse, permits.queued, order, permits.maxHeld]).toEqual([0, 0, ['third', 'fourth'], 2]);
    // All back: the next one is granted at once.
    (await permits.acquire())();
  });
});

describe('POST /admin/v1/usage-records:batch over real connections', () => {
  let ledger: TestLedger;
  let app: FastifyInstance;
  let base: URL;
  let projectId: string;
  let service: IssuedCredential;
  const permits = new Permits(2);

  beforeAll(async () => {
    ledger = await createTestLedger();
    projectId = await ledger.addProject();
    service = await ledger.addCredential(await ledger.addProject(), 'service');
    await ledger.grant(projectId, { resourceType: 'video_time_2d_model', amount: '100000' });
    // Signed at the real time: requests leave over sockets, not through inject.
    app = await buildApp(ledger, () => new Date(), { batchPermits: permits });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = new URL(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await app.close();
    await ledger.close();
  });

  let batches = 0;
  /** Sends a signed batch of `size` records; resolves with its status, or with 'closed' for a request it destroys. */
  function sendBatch(size: number, credential = service): { done: Promise<number | 'closed'>; destroy: () => void } {
    const prefix = `b${batches++}`;
    const body = JSON.stringify({ records: Array.from({ length: size }, (_, i) => ({
      project_id: projectId, record_id: `${prefix}-${i}`, resource_type: 'video_time_2d_model', quantity: 1,
    })) });
    const path = '/admin/v1/usage-records:batch';
    const headers = signRequest({ method: 'POST', url: `${base.origin}${path}`, body, accessKey: credential.accessKey, secretKey: credential.secretKey });
    // A connection of its own, so destroying one request touches no other.
    const request = http.request(new URL(path, base), { method: 'POST', headers, agent: false });
    const done = new Promise<number | 'closed'>((resolve) => {
      request.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      request.on('error', () => resolve('closed'));
    });
    request.end(body);
    return { done, destroy: () => request.destroy() };
  }

  async function until(condition: () => boolean): Promise<void> {
    for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(condition()).toBe(true);
  }

  it('answers every one of many concurrent batches, parsing no more than two at once', async () => {
    const statuses = await Promise.all(Array.from({ length: 6 }, () => sendBatch(200).done));
    expect(statuses).toEqual(Array(6).fill(200));
    // Taken by each (when two are parsed at once depends on how the bodies arrive), never more than two.
    expect(permits.maxHeld).toBeGreaterThanOrEqual(1);
    expect(permits.maxHeld).toBeLessThanOrEqual(2);
    await until(() => permits.inUse === 0);
  });

  it('gives the permit of a client that left while waiting back, so later batches still go through', async () => {
    // Both permits held by the test: the next batch must wait for one.
    const held = [await permits.acquire(), await permits.acquire()];
    const leaving = sendBatch(10);
    await until(() => permits.queued === 1);
    leaving.destroy();
    expect(await leaving.done).toBe('closed');
    // Give the server time to see the connection close before the permit comes to that request.
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const release of held) release();
    await until(() => permits.inUse === 0 && permits.queued === 0);
    expect(await sendBatch(10).done).toBe(200);
  });

  it('takes no permit for a caller it refuses: an unknown key is answered 401 while every permit is held', async () => {
    const held = [await permits.acquire(), await permits.acquire()];
    try {
      expect(await sendBatch(1, { ...service, secretKey: 'not-the-secret' }).done).toBe(401);
      expect(permits.queued).toBe(0);
    } finally {
      for (const release of held) release();
    }
  });
});
