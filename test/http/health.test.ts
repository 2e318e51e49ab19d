// GET /healthz and /readyz: up while the process runs; ready only while the database answers and its schema is current.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import { buildApp } from '../support/app.js';
import { createTestLedger, tempDir, type TestLedger } from '../support/ledger.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function ledgerAndApp(): Promise<{ ledger: TestLedger; app: FastifyInstance }> {
  const ledger = await createTestLedger();
  const app = await buildApp(ledger);
  cleanups.push(() => ledger.close(), () => app.close());
  return { ledger, app };
}

describe('GET /healthz', () => {
  it('answers 200 {status: "ok"} without touching the database', async () => {
    const { ledger, app } = await ledgerAndApp();
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    await ledger.store.close();
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});

describe('GET /readyz', () => {
  it('answers 200 when the database answers and every migration is applied', async () => {
    const { app } = await ledgerAndApp();
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers 503 with the MetaStudio error body once the database is closed', async () => {
    const { ledger, app } = await ledgerAndApp();
    await ledger.store.close();
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ error_code: 'MSS.00000001', error_msg: 'Service temporarily unavailable' });
  });

  it('answers 503 while migrations are pending, and 200 once they are applied', async () => {
    const dir = tempDir();
    const store = SqliteStore.open(path.join(dir, 'ledger.db'));
    cleanups.push(() => store.close());
    const ledger = await createTestLedger();
    cleanups.push(() => ledger.close());
    const app = await createApp({
      store, catalog: ledger.catalog, secretBox: ledger.secretBox, signing: { v11Scopes: [], nodeLegacyPath: false, javaQueryQuirk: false },
    });
    cleanups.push(() => app.close());
    expect((await store.migrationStatus()).pending.length).toBeGreaterThan(0);
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json().error_code).toBe('MSS.00000001');
    await store.migrate();
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});

describe('SqliteStore.ping', () => {
  it('resolves while open and rejects with UNAVAILABLE once closed', async () => {
    const store = SqliteStore.open(path.join(tempDir(), 'ledger.db'));
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
    await expect(store.ping()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
