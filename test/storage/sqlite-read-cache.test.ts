// The SQLite read cache: kept answers are dropped by any commit of any connection, bounded by memory, right at any instant.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { revokeCredential } from '../../src/services/revoke-credential.js';
import { ReadCache } from '../../src/storage/sqlite/read-cache.js';
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import type { Store } from '../../src/storage/types.js';
import { createTestLedger, type TestLedger } from '../support/ledger.js';

const VIDEO = 'video_time_2d_model';
const DAY = 86_400_000;

describe('ReadCache', () => {
  let version = 1n;
  const cache = (budget: number) => new ReadCache(() => version, budget);
  const sized = (value: string, bytes = 10) => () => ({ value, bytes });

  it('answers from memory until the data version moves, then loads again', () => {
    const c = cache(1000);
    let loads = 0;
    const load = () => ({ value: `v${++loads}`, bytes: 10 });
    expect(c.get('a', load)).toBe('v1');
    expect(c.get('a', load)).toBe('v1');
    expect(c.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1, bytes: 10 });
    version++;
    expect(c.get('a', load)).toBe('v2');
    expect(c.stats()).toMatchObject({ hits: 1, misses: 2, entries: 1 });
  });

  it('lets the least recently used entries go once the budget is spent', () => {
    const c = cache(30);
    c.get('a', sized('A'));
    c.get('b', sized('B'));
    c.get('c', sized('C'));
    c.get('a', sized('not loaded again'));
    c.get('d', sized('D'));
    // b was the least recently used: a was read again after c.
    expect(c.get('b', sized('B2'))).toBe('B2');
    expect(c.get('a', sized('A2'))).toBe('A');
    expect(c.stats().bytes).toBeLessThanOrEqual(30);
  });

  it('keeps neither an absent value nor one larger than the whole budget', () => {
    const c = cache(30);
    expect(c.get('none', () => undefined)).toBeUndefined();
    expect(c.get('big', sized('BIG', 31))).toBe('BIG');
    expect(c.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });
});

describe('SqliteStore read cache', () => {
  let ledger: TestLedger;
  let store: SqliteStore;
  let other: Store;
  beforeEach(async () => {
    ledger = await createTestLedger(new Date(Date.UTC(2026, 5, 1)));
    store = ledger.store as SqliteStore;
    other = await ledger.openAnother();
  });
  afterEach(() => ledger.close());

  const usageAt = async (projectId: string, at: number) =>
    (await store.sumUsage({ projectId, now: new Date(at), resourceTypes: [], businessTypes: [] }))
      .reduce((sum, row) => sum + row.amount, 0n);

  it('answers a repeated read from memory, and a write of another connection on the very next read', async () => {
    const p = await ledger.addProject();
    await ledger.grant(p, { resourceType: VIDEO, amount: '2' });
    const now = ledger.now.getTime();
    expect(await usageAt(p, now)).toBe(2_000_000n);
    const misses = store.readCacheStats()!.misses;
    expect(await usageAt(p, now)).toBe(2_000_000n);
    expect(store.readCacheStats()!.misses).toBe(misses);
    // Another store is another connection, as the CLI or another server process would be.
    const [pkg] = (await store.listPackages({ projectId: p, limit: 10, offset: 0 })).packages;
    await other.transaction((tx) => tx.updatePackage(p, pkg!.resourceId, { amount: 5_000_000n, updatedAt: new Date() }));
    expect(await usageAt(p, now)).toBe(5_000_000n);
  });

  it("sees this process's own writes at once (its writer is another connection than its reader)", async () => {
    const p = await ledger.addProject();
    await ledger.grant(p, { resourceType: VIDEO, amount: '2' });
    const now = ledger.now.getTime();
    expect(await usageAt(p, now)).toBe(2_000_000n);
    await ledger.grant(p, { resourceType: VIDEO, amount: '3' });
    expect(await usageAt(p, now)).toBe(5_000_000n);
  });

  it('drops a package from the sums the moment it expires and adds one the moment it takes effect, from memory', async () => {
    const p = await ledger.addProject();
    const now = ledger.now.getTime();
    await ledger.grant(p, { resourceType: VIDEO, amount: '1', expiresAt: new Date(now + DAY).toISOString() });
    await ledger.grant(p, { resourceType: VIDEO, amount: '2', effectiveAt: new Date(now + 2 * DAY).toISOString(),
      expiresAt: new Date(now + 30 * DAY).toISOString() });
    expect(await usageAt(p, now)).toBe(1_000_000n);
    const misses = store.readCacheStats()!.misses;
    expect(await usageAt(p, now + DAY - 1)).toBe(1_000_000n);
    expect(await usageAt(p, now + DAY)).toBe(0n);
    expect(await usageAt(p, now + 2 * DAY)).toBe(2_000_000n);
    expect(store.readCacheStats()!.misses).toBe(misses);
  });

  it('asks the database again for an instant before the one it loaded for (a clock set back)', async () => {
    const p = await ledger.addProject();
    const now = ledger.now.getTime();
    await ledger.grant(p, { resourceType: VIDEO, amount: '1', expiresAt: new Date(now + DAY).toISOString() });
    expect(await usageAt(p, now + 2 * DAY)).toBe(0n);
    expect(await usageAt(p, now)).toBe(1_000_000n);
  });

  it('refuses a revoked credential on the very next lookup', async () => {
    const p = await ledger.addProject();
    const { accessKey } = await ledger.addCredential(p);
    expect((await store.findCredential(accessKey))?.status).toBe('active');
    expect((await store.findCredential(accessKey))?.status).toBe('active');
    expect(store.readCacheStats()!.hits).toBeGreaterThan(0);
    await revokeCredential({ ...ledger.ctx, store: other }, accessKey);
    expect((await store.findCredential(accessKey))?.status).toBe('disabled');
  });

  it('is off with LEDGER_READ_CACHE_MB=0 and on a database in memory', async () => {
    const off = SqliteStore.open(`${ledger.dir}/off.db`, { readCacheMb: 0 });
    const memory = SqliteStore.open(':memory:');
    try {
      expect(off.readCacheStats()).toBeUndefined();
      expect(memory.readCacheStats()).toBeUndefined();
    } finally {
      await off.close();
      await memory.close();
    }
  });
});
