// PostgreSQL read lanes: pipelined reads stay as fresh and as isolated as pooled ones, and survive their connection.
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerError } from '../../src/domain/errors.js';
import { translate } from '../../src/storage/postgres/pg-errors.js';
import { clientConfig, defaultPostgresOptions } from '../../src/storage/postgres/pg-options.js';
import { ReadLanes } from '../../src/storage/postgres/pg-read-lanes.js';
import { PostgresStore } from '../../src/storage/postgres/pg-store.js';
import type { PackageRow } from '../../src/storage/types.js';
import { createTestLedger, type TestLedger } from '../support/ledger.js';
import { createTestDatabase, postgresAvailable } from '../support/postgres.js';

const VIDEO = 'video_time_2d_model';

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => undefined, (e: unknown) => e);
}

describe.skipIf(!postgresAvailable)('PostgreSQL read lanes', () => {
  let ledger: TestLedger;
  let projectId: string;
  let admin: pg.Client;

  beforeAll(async () => {
    ledger = await createTestLedger(new Date(), 'postgres');
    projectId = await ledger.addProject();
    await ledger.grant(projectId, { resourceType: VIDEO, amount: '10' });
    admin = new pg.Client(ledger.databaseUrl);
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await ledger?.close();
  });

  // One lane, so every statement of a test is pipelined on the same connection.
  const lanes = (statementTimeoutMs = 5000) =>
    new ReadLanes(clientConfig(ledger.databaseUrl, { ...defaultPostgresOptions, statementTimeoutMs }), 1, 30_000);
  const pidOf = async (l: ReadLanes) => (await l.query({ text: 'SELECT pg_backend_pid() AS pid' })).rows[0].pid as number;

  it('shows a write committed by another server to the very next read, even queued behind a burst of others', async () => {
    const writer = await ledger.openAnother();
    const video = async () => (await ledger.store.sumUsage({ projectId, now: new Date(), resourceTypes: [VIDEO], businessTypes: [] }))[0]!;
    const base = (await video()).usage;
    for (let i = 1n; i <= 10n; i++) {
      const [pkg] = (await writer.transaction((tx) => tx.listDrawablePackages({
        projectId, resourceType: VIDEO, businessType: 'VIDEO_2D', subResourceType: null, at: new Date(),
      }))) as [PackageRow];
      await writer.transaction((tx) => tx.updatePackage(projectId, pkg.resourceId, { usage: pkg.usage + 1n, updatedAt: new Date() }));
      const burst = Array.from({ length: 30 }, () => ledger.store.findCredential('nobody'));
      expect((await video()).usage).toBe(base + i);
      await Promise.all(burst);
    }
  });

  it('keeps a failing or timed-out statement to itself: the reads pipelined around it on its connection succeed', async () => {
    const l = lanes(300);
    try {
      const pid = await pidOf(l);
      const results = await Promise.all([
        l.query({ text: 'SELECT 1 AS v' }),
        failure(l.query({ text: 'SELECT 1 / 0 AS v' })),
        l.query({ text: 'SELECT 2 AS v' }),
        failure(l.query({ text: 'SELECT pg_sleep(2)' })),
        l.query({ text: 'SELECT 3 AS v' }),
      ]);
      expect((results[0] as pg.QueryResult).rows[0].v).toBe(1);
      expect(results[1]).toMatchObject({ code: '22012' });
      expect((results[2] as pg.QueryResult).rows[0].v).toBe(2);
      expect(results[3]).toMatchObject({ code: '57014' });
      expect((results[4] as pg.QueryResult).rows[0].v).toBe(3);
      expect(await pidOf(l)).toBe(pid);
    } finally {
      await l.close();
    }
  });

  it('fails the reads in flight on a connection that dies as UNAVAILABLE, and opens a new one for the next', async () => {
    const l = lanes();
    try {
      const pid = await pidOf(l);
      const inFlight = [l.query({ text: 'SELECT pg_sleep(1)' }), l.query({ text: 'SELECT 1' })].map(failure);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      for (const err of await Promise.all(inFlight)) {
        expect(translate(err)).toBeInstanceOf(LedgerError);
        expect((translate(err) as LedgerError).code).toBe('UNAVAILABLE');
      }
      expect(await pidOf(l)).not.toBe(pid);
    } finally {
      await l.close();
    }
  });

  it('lets the reads in flight finish when closed, then refuses new ones', async () => {
    const l = lanes();
    const slow = l.query({ text: 'SELECT pg_sleep(0.2) AS slept' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await l.close();
    expect((await slow).rows).toHaveLength(1);
    expect(await failure(l.query({ text: 'SELECT 1' }))).toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('uses no more connections than poolMax, lanes and pool together, under concurrent reads and transactions', async () => {
    const db = await createTestDatabase();
    const small = PostgresStore.open(db.url, { poolMax: 3 });
    let peak = 0;
    let sampling = false;
    const watch = setInterval(() => {
      if (sampling) return;
      sampling = true;
      void admin.query('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1', [db.name])
        .then((r) => (peak = Math.max(peak, Number(r.rows[0].n))), () => {})
        .finally(() => (sampling = false));
    }, 5);
    try {
      await small.migrate();
      await Promise.all(Array.from({ length: 200 }, async (_, i) => {
        if (i % 2) await small.sumUsage({ projectId: 'p', now: new Date(), resourceTypes: [], businessTypes: [] });
        else await small.transaction(async (tx) => {
          await tx.getProject('p');
          await new Promise((resolve) => setTimeout(resolve, 2));
        });
      }));
      expect(peak).toBeGreaterThan(1);
      expect(peak).toBeLessThanOrEqual(3);
    } finally {
      clearInterval(watch);
      await small.close();
      await db.drop();
    }
  });

  it('reports a database that accepts connections but never answers as UNAVAILABLE after the connect timeout', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const store = PostgresStore.open(`postgres://postgres@127.0.0.1:${port}/postgres`, { connectTimeoutMs: 500 });
    try {
      const started = Date.now();
      expect(await failure(store.getProject('p'))).toMatchObject({ code: 'UNAVAILABLE' });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await store.close();
      silent.close();
    }
  });
});
