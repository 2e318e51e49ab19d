// PostgresStore specifics: Citus-ready keys, concurrent migration, outages, deadlock retries, timeouts, the pool bound, collation.
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerError } from '../../src/domain/errors.js';
import { postgresMigrations } from '../../src/storage/postgres/migrations/index.js';
import { PostgresStore } from '../../src/storage/postgres/pg-store.js';
import type { LedgerTx, PackageRow } from '../../src/storage/types.js';
import { createTestLedger, type TestLedger } from '../support/ledger.js';
import { PG_ADMIN_URL, createTestDatabase, postgresAvailable } from '../support/postgres.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

const VIDEO = 'video_time_2d_model';
const versions = postgresMigrations.map((m) => m.version);

async function rejection(promise: Promise<unknown>): Promise<{ err: unknown; ms: number }> {
  const started = Date.now();
  const err = await promise.then(() => undefined, (e: unknown) => e);
  return { err, ms: Date.now() - started };
}

/** A port where nothing listens. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe.skipIf(!postgresAvailable)('PostgresStore', () => {
  let ledger: TestLedger;
  let projectId: string;
  let x: PackageRow;
  let y: PackageRow;

  beforeAll(async () => {
    ledger = await createTestLedger(new Date(), 'postgres');
    projectId = await ledger.addProject();
    [x] = (await ledger.grant(projectId, { resourceType: VIDEO, amount: '10' })) as [PackageRow];
    [y] = (await ledger.grant(projectId, { resourceType: VIDEO, amount: '10' })) as [PackageRow];
  });
  afterAll(() => ledger?.close());

  it('leads every primary key and unique index with project_id (what Citus distribution needs), except the access-key lookup', async () => {
    const client = new pg.Client(ledger.databaseUrl);
    await client.connect();
    try {
      const { rows } = await client.query<{ table_name: string; index_name: string; first_column: string }>(`
        SELECT t.relname AS table_name, i.relname AS index_name, a.attname AS first_column
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
        WHERE n.nspname = 'public' AND (x.indisunique OR x.indisprimary) AND t.relname <> 'schema_migrations'`);
      const offenders = rows.filter((r) => r.first_column !== 'project_id' && r.index_name !== 'credentials_by_access_key');
      expect(rows.length).toBeGreaterThanOrEqual(6);
      expect(offenders).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it('keeps the journal\'s package index, which its filtered listing reads (SQLite drops it: migration 5)', async () => {
    const client = new pg.Client(ledger.databaseUrl);
    await client.connect();
    try {
      const { rows } = await client.query<{ indexname: string }>(
        "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'journal' ORDER BY indexname");
      expect(rows.map((r) => r.indexname)).toEqual(['journal_by_package', 'journal_pkey']);
    } finally {
      await client.end();
    }
  });

  it('applies each migration once when several processes start together on a new database', async () => {
    const db = await createTestDatabase();
    const stores = Array.from({ length: 4 }, () => PostgresStore.open(db.url));
    try {
      const results = await Promise.all(stores.map((s) => s.migrate()));
      for (const r of results) expect(r).toEqual({ applied: versions, pending: [] });
      const client = new pg.Client(db.url);
      await client.connect();
      const { rows } = await client.query('SELECT version FROM schema_migrations ORDER BY version');
      await client.end();
      expect(rows.map((r) => r.version)).toEqual(versions);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await db.drop();
    }
  });

  it('reports an unreachable database as UNAVAILABLE at once, never a hang', async () => {
    const store = PostgresStore.open(`postgres://postgres@127.0.0.1:${await closedPort()}/postgres`, { connectTimeoutMs: 1000 });
    try {
      for (const attempt of [store.ping(), store.getProject('p'), store.transaction((tx) => tx.getProject('p')), store.migrate()]) {
        const { err, ms } = await rejection(attempt);
        expect(err).toBeInstanceOf(LedgerError);
        expect((err as LedgerError).code).toBe('UNAVAILABLE');
        expect(ms).toBeLessThan(1500);
      }
    } finally {
      await store.close();
    }
  });

  it('gives up on a database that accepts connections but never answers, after the connect timeout', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const store = PostgresStore.open(`postgres://postgres@127.0.0.1:${port}/postgres`, { connectTimeoutMs: 500 });
    try {
      const { err, ms } = await rejection(store.ping());
      expect((err as LedgerError).code).toBe('UNAVAILABLE');
      expect(ms).toBeGreaterThanOrEqual(400);
      expect(ms).toBeLessThan(3000);
    } finally {
      await store.close();
      silent.close();
    }
  });

  it('hides the password in its location', async () => {
    const store = PostgresStore.open('postgres://ledger:s3cret@127.0.0.1:5432/ledger');
    expect(store.location).not.toContain('s3cret');
    expect(store.location).toContain('127.0.0.1:5432/ledger');
    await store.close();
  });

  it('runs a transaction again after a deadlock, and both deadlocked transactions land', async () => {
    const other = await ledger.openAnother();
    const bothLockedFirst = [deferred(), deferred()];
    const calls = [0, 0];
    const lockInOrder = (i: number, first: PackageRow, second: PackageRow) => async (tx: LedgerTx) => {
      calls[i]!++;
      const a = await tx.getPackage(projectId, first.resourceId);
      if (calls[i] === 1) {
        bothLockedFirst[i]!.resolve();
        await bothLockedFirst[1 - i]!.promise;
      }
      const b = await tx.getPackage(projectId, second.resourceId);
      await tx.updatePackage(projectId, first.resourceId, { usage: a!.usage + 1n, updatedAt: new Date() });
      await tx.updatePackage(projectId, second.resourceId, { usage: b!.usage + 1n, updatedAt: new Date() });
    };
    await Promise.all([ledger.store.transaction(lockInOrder(0, x, y)), other.transaction(lockInOrder(1, y, x))]);
    // One of them was chosen as the deadlock victim and ran a second time.
    expect(calls[0]! + calls[1]!).toBe(3);
    expect((await ledger.store.getPackage(projectId, x.resourceId))!.usage).toBe(2n);
    expect((await ledger.store.getPackage(projectId, y.resourceId))!.usage).toBe(2n);
    await ledger.store.transaction(async (tx) => {
      for (const p of [x, y]) await tx.updatePackage(projectId, p.resourceId, { usage: 0n, updatedAt: new Date() });
    });
  });

  it('retries a serialization failure a bounded number of times, then answers UNAVAILABLE', async () => {
    let calls = 0;
    const { err } = await rejection(ledger.store.transaction(async () => {
      calls++;
      throw Object.assign(new Error('could not serialize access'), { code: '40001' });
    }));
    expect(calls).toBe(8);
    expect((err as LedgerError).code).toBe('UNAVAILABLE');
    // An ordinary failure is not retried.
    calls = 0;
    await expect(ledger.store.transaction(async () => {
      calls++;
      throw new LedgerError('CONFLICT', 'no');
    })).rejects.toThrow('no');
    expect(calls).toBe(1);
  });

  it('ends a statement stuck behind a lock after the statement timeout, with UNAVAILABLE', async () => {
    const impatient = PostgresStore.open(ledger.databaseUrl, { statementTimeoutMs: 300 });
    const holding = deferred();
    const release = deferred();
    const holder = ledger.store.transaction(async (tx) => {
      await tx.getPackage(projectId, x.resourceId);
      holding.resolve();
      await release.promise;
    });
    try {
      await holding.promise;
      const { err, ms } = await rejection(impatient.transaction((tx) => tx.getPackage(projectId, x.resourceId)));
      expect((err as LedgerError).code).toBe('UNAVAILABLE');
      expect(ms).toBeLessThan(2000);
    } finally {
      release.resolve();
      await holder;
      await impatient.close();
    }
  });

  it('never opens more connections than its pool allows', async () => {
    const small = PostgresStore.open(ledger.databaseUrl, { poolMax: 3 });
    let peak = 0;
    try {
      await Promise.all(Array.from({ length: 30 }, () => small.transaction(async (tx) => {
        peak = Math.max(peak, small.poolStats().size);
        await tx.getPackage(projectId, y.resourceId);
        await new Promise((resolve) => setTimeout(resolve, 5));
      })));
      expect(peak).toBeGreaterThan(0);
      expect(peak).toBeLessThanOrEqual(3);
    } finally {
      await small.close();
    }
  });

  it('survives the connection dying in the middle of a transaction, then works again', async () => {
    const admin = new URL(PG_ADMIN_URL);
    const proxy = await startTcpProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
    const url = new URL(ledger.databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const store = PostgresStore.open(url.toString(), { connectTimeoutMs: 1000 });
    try {
      const { err } = await rejection(store.transaction(async (tx) => {
        await tx.getPackage(projectId, x.resourceId);
        proxy.set('down');
        // Let the socket's end reach the client while it is checked out of the pool, between two statements.
        await new Promise((resolve) => setTimeout(resolve, 100));
        await tx.getPackage(projectId, y.resourceId);
      }));
      expect((err as LedgerError).code).toBe('UNAVAILABLE');
      proxy.set('up');
      expect((await store.getPackage(projectId, x.resourceId))?.resourceId).toBe(x.resourceId);
      // The lock the dead transaction held was released with its connection.
      await ledger.store.transaction((tx) => tx.getPackage(projectId, x.resourceId));
    } finally {
      await store.close();
      await proxy.close();
    }
  });

  it('answers UNAVAILABLE once closed', async () => {
    const store = PostgresStore.open(ledger.databaseUrl);
    await store.close();
    await store.close();
    await expect(store.transaction((tx) => tx.getProject('p'))).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

describe.skipIf(!postgresAvailable)('PostgresStore on a database whose default collation is en-US', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresStore;

  beforeAll(async () => {
    db = await createTestDatabase({ icuLocale: 'en-US' });
    store = PostgresStore.open(db.url);
    await store.migrate();
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('still orders ids and resources-usage rows byte by byte, as SQLite does', async () => {
    const now = new Date();
    const ids = ['b', 'B', '_a', 'a', 'A-1', 'a-1'];
    const byBytes = (list: string[]) => [...list].sort((p, q) => Buffer.compare(Buffer.from(p), Buffer.from(q)));
    await store.transaction(async (tx) => {
      for (const id of ids) {
        await tx.insertProject({ projectId: id, name: id, parentProjectId: null, status: 'active', onDemandOverflow: [], createdAt: now });
      }
      for (const [i, type] of ['b_type', 'B_type', 'a_type', 'A_type'].entries()) {
        await tx.insertPackage({
          projectId: 'a', resourceId: `r${i}`, orderId: null, resourceType: type, businessType: 'VIDEO_2D', subResourceType: null,
          isSubResource: false, parentResourceId: null, chargingMode: 'ONE_TIME', resourceSource: 'PURCHASED', unit: 'MIN',
          amount: 1n, usage: 0n, status: 0, effectiveAt: new Date(now.getTime() - 1000), expiresAt: null, boundAssetId: null,
          boundAssetName: null, createdAt: now, updatedAt: now,
        });
      }
    });
    expect((await store.listProjects(100)).map((p) => p.projectId)).toEqual(byBytes(ids));
    const rows = await store.sumUsage({ projectId: 'a', now, resourceTypes: [], businessTypes: [] });
    expect(rows.map((r) => r.resourceType)).toEqual(byBytes(['b_type', 'B_type', 'a_type', 'A_type']));
  });
});
