// The SQLite read cache: kept answers are dropped by any commit of any connection, bounded by memory, right at any instant.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { revokeCredential } from '../../src/services/revoke-credential.js';
import { ReadCache } from '../../src/storage/sqlite/read-cache.js';
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import type { Store } from '../../src/storage/types.js';
import { createTestLedger, newProjectId, type TestLedger } from '../support/ledger.js';

const VIDEO = 'video_time_2d_model';

/** A performance.now() instant strictly later than `t`. */
function instantAfter(t: number): number {
  let now = performance.now();
  while (now <= t) now = performance.now();
  return now;
}
const DAY = 86_400_000;

describe('ReadCache', () => {
  let any = 1n;
  let other = 1n;
  const cache = (budget: number) => new ReadCache({ anyCommit: () => any, otherCommit: () => other }, budget);
  const sized = (value: string, bytes = 10) => () => ({ value, bytes });

  it('answers from memory until another process commits, then loads again', () => {
    const c = cache(1000);
    let loads = 0;
    const load = () => ({ value: `v${++loads}`, bytes: 10 });
    expect(c.get('a', load)).toBe('v1');
    expect(c.get('a', load)).toBe('v1');
    expect(c.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1, bytes: 10 });
    any++;
    other++;
    expect(c.get('a', load)).toBe('v2');
    expect(c.stats()).toMatchObject({ hits: 1, misses: 2, entries: 1 });
  });

  it("keeps what this process's writer did not touch when only it committed, and forgets the keys it dropped", () => {
    const c = cache(1000);
    c.get('a', sized('A'));
    c.get('b', sized('B'));
    c.drop(['a', 'not kept']);
    any++;
    expect(c.get('a', sized('A2'))).toBe('A2');
    expect(c.get('b', sized('B2'))).toBe('B');
    expect(c.stats()).toMatchObject({ entries: 2, bytes: 20, clears: 1 });
  });

  it('never takes a commit of another process that lands between its two version reads for one of its own', () => {
    let commitAfterNextRead = false;
    // Another process commits right after the first of the two versions is read, whichever that is.
    const read = (version: () => bigint) => () => {
      const v = version();
      if (commitAfterNextRead) {
        commitAfterNextRead = false;
        any++;
        other++;
      }
      return v;
    };
    const c = new ReadCache({ anyCommit: read(() => any), otherCommit: read(() => other) }, 1000);
    c.get('a', sized('A'));
    any++;
    c.drop(['b']);
    commitAfterNextRead = true;
    c.get('a', sized('A2'));
    expect(c.get('a', sized('A3'))).not.toBe('A');
  });

  it('checks once per request: a check made after the request arrived stands for it, an earlier one never does', () => {
    let versionReads = 0;
    const c = new ReadCache({ anyCommit: () => (versionReads++, any), otherCommit: () => other }, 1000);
    const arrived = instantAfter(-Infinity);
    expect(c.get('a', sized('A'), arrived)).toBe('A');
    expect(versionReads).toBe(1);
    // Another process commits after that check: the same request may still be answered as of its check...
    any++;
    other++;
    expect(c.get('a', sized('A2'), arrived)).toBe('A');
    expect(versionReads).toBe(1);
    // ...but a request that arrived after the last check never is, nor a lookup that gives no arrival.
    expect(c.get('a', sized('A2'), instantAfter(performance.now()))).toBe('A2');
    expect(versionReads).toBe(2);
    any++;
    other++;
    expect(c.get('a', sized('A3'))).toBe('A3');
    expect(versionReads).toBe(3);
    expect(c.stats().checks).toBe(3);
  });

  it('skips both version reads when the cheap signal is sure nothing was committed, and trusts nothing else', () => {
    let quiet = false;
    let versionReads = 0;
    const c = new ReadCache({
      anyCommit: () => { versionReads++; return any; },
      otherCommit: () => other,
      nothingCommitted: () => quiet,
    }, 1000);
    let loads = 0;
    const load = () => ({ value: `v${++loads}`, bytes: 10 });
    expect(c.get('a', load)).toBe('v1');
    quiet = true;
    expect(c.get('a', load)).toBe('v1');
    expect(versionReads).toBe(1);
    // Not sure: the versions decide, and another process's commit drops what is kept.
    quiet = false;
    any++;
    other++;
    expect(c.get('a', load)).toBe('v2');
    expect(versionReads).toBe(2);
  });

  it('lets the least recently used entry go, once the budget is spent, for a value asked for more often', () => {
    const c = cache(30);
    c.get('a', sized('A'));
    c.get('b', sized('B'));
    c.get('c', sized('C'));
    c.get('a', sized('not loaded again'));
    // Asked for once, as often as b (the least recently used: a was read again after c): b stays.
    expect(c.get('d', sized('D'))).toBe('D');
    expect(c.get('b', sized('not loaded again'))).toBe('B');
    // Asked for again, d is now asked for more often than c, the least recently used by then: c goes.
    c.get('d', sized('D'));
    expect(c.get('d', sized('not loaded again'))).toBe('D');
    expect(c.get('c', sized('C2'))).toBe('C2');
    expect(c.get('a', sized('A2'))).toBe('A');
    expect(c.stats().bytes).toBeLessThanOrEqual(30);
  });

  it('answers a stable part of a cycle longer than the budget from memory (least recently used alone answers none)', () => {
    const c = cache(1000);
    const keys = Array.from({ length: 200 }, (_, i) => `tenant-${i}`);
    for (let round = 0; round < 3; round++) for (const key of keys) c.get(key, sized(key));
    const before = c.stats();
    for (let round = 0; round < 5; round++) for (const key of keys) expect(c.get(key, sized(key))).toBe(key);
    const after = c.stats();
    // 100 of the 200 fit: every one of them is answered from memory in every later round.
    expect(after.hits - before.hits).toBe(5 * 100);
    expect(after.entries).toBe(100);
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
    // A request that arrived after that commit, whatever checks were made before it arrived.
    const arrivedAt = instantAfter(performance.now());
    const sums = await store.sumUsage({ projectId: p, now: new Date(now), resourceTypes: [], businessTypes: [], arrivedAt });
    expect(sums.reduce((sum, row) => sum + row.amount, 0n)).toBe(5_000_000n);
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

  it("keeps other tenants' answers when this process writes, and reloads only the tenant it wrote to", async () => {
    const p = await ledger.addProject();
    const q = await ledger.addProject();
    await ledger.grant(p, { resourceType: VIDEO, amount: '2' });
    await ledger.grant(q, { resourceType: VIDEO, amount: '7' });
    const now = ledger.now.getTime();
    await usageAt(p, now);
    await usageAt(q, now);
    const before = store.readCacheStats()!;
    await ledger.grant(p, { resourceType: VIDEO, amount: '3' });
    expect(await usageAt(p, now)).toBe(5_000_000n);
    expect(await usageAt(q, now)).toBe(7_000_000n);
    const after = store.readCacheStats()!;
    expect(after.misses - before.misses).toBe(1);
    expect(after.hits - before.hits).toBe(1);
    expect(after.clears).toBe(before.clears);
  });

  it('answers the state before a transaction while it is open, and its writes the moment it has committed', async () => {
    const p = await ledger.addProject();
    const [pkg] = await ledger.grant(p, { resourceType: VIDEO, amount: '2' });
    const now = ledger.now.getTime();
    await store.transaction(async (tx) => {
      await tx.updatePackage(p, pkg!.resourceId, { amount: 9_000_000n, updatedAt: new Date(now) });
      // The reader sees committed data only: this answer (and what is kept of it) is from before the update.
      expect(await usageAt(p, now)).toBe(2_000_000n);
    });
    expect(await usageAt(p, now)).toBe(9_000_000n);
  });

  it('drops everything when another process has written, whatever the rows', async () => {
    const p = await ledger.addProject();
    await ledger.grant(p, { resourceType: VIDEO, amount: '2' });
    await usageAt(p, ledger.now.getTime());
    const clears = store.readCacheStats()!.clears;
    const q = newProjectId();
    await other.transaction((tx) => tx.insertProject({ projectId: q, name: 'q', parentProjectId: null, status: 'active', createdAt: ledger.now, onDemandOverflow: [] }));
    await usageAt(p, ledger.now.getTime());
    expect(store.readCacheStats()!.clears).toBe(clears + 1);
  });

  it('drops everything after an import into this store', async () => {
    const p = await ledger.addProject();
    await ledger.grant(p, { resourceType: VIDEO, amount: '2' });
    await usageAt(p, ledger.now.getTime());
    const clears = store.readCacheStats()!.clears;
    await store.transfer().write(async () => undefined);
    expect(store.readCacheStats()!.clears).toBe(clears + 1);
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

  it('sums amounts beyond what a double holds exactly from the database, to the last micro-unit', async () => {
    const p = await ledger.addProject();
    const now = ledger.now.getTime();
    // Beyond what a grant accepts, as an import from elsewhere could hold: written straight into the file.
    const raw = new Database(ledger.dbPath);
    const insert = raw.prepare(
      `INSERT INTO packages (project_id, resource_id, resource_type, business_type, is_sub_resource, charging_mode,
         resource_source, unit, amount, usage, status, effective_at, created_at, updated_at)
       VALUES (?, ?, ?, 'VIDEO_2D', 0, 'ONE_TIME', 'PURCHASED', 'MINUTE', ?, 0, 0, ?, ?, ?)`,
    );
    for (const [i, micros] of [2n ** 53n + 1n, 1n].entries()) insert.run(p, `big-${i}`, VIDEO, micros, now - 1, now, now);
    raw.close();
    expect(await usageAt(p, now)).toBe(2n ** 53n + 2n);
    expect(await usageAt(p, now)).toBe(2n ** 53n + 2n);
  });

  it('asks the database again for an instant before the one it loaded for (a clock set back)', async () => {
    const p = await ledger.addProject();
    const now = ledger.now.getTime();
    await ledger.grant(p, { resourceType: VIDEO, amount: '1', expiresAt: new Date(now + DAY).toISOString() });
    expect(await usageAt(p, now + 2 * DAY)).toBe(0n);
    expect(await usageAt(p, now)).toBe(1_000_000n);
  });

  it.each(['this process', 'another process'])('refuses a credential revoked by %s on the very next lookup', async (by) => {
    const p = await ledger.addProject();
    const { accessKey } = await ledger.addCredential(p);
    expect((await store.findCredential(accessKey))?.status).toBe('active');
    expect((await store.findCredential(accessKey))?.status).toBe('active');
    expect(store.readCacheStats()!.hits).toBeGreaterThan(0);
    await revokeCredential({ ...ledger.ctx, store: by === 'this process' ? store : other }, accessKey);
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
