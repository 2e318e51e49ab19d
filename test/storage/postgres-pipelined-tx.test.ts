// PostgreSQL transactions send writes without waiting for each answer: a failed write still fails (and undoes) its
// transaction, is reported as itself, and a COMMIT already on its way never commits a transaction that must not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerError } from '../../src/domain/errors.js';
import type { PackageRow, UsageRecordRow } from '../../src/storage/types.js';
import { createTestLedger, type TestLedger } from '../support/ledger.js';
import { postgresAvailable } from '../support/postgres.js';

const VIDEO = 'video_time_2d_model';

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => undefined, (e: unknown) => e);
}

describe.skipIf(!postgresAvailable)('PostgreSQL pipelined transactions', () => {
  let ledger: TestLedger;
  let projectId: string;
  let pkg: PackageRow;
  const fresh = (resourceId: string): PackageRow => ({ ...pkg, resourceId, usage: 0n });

  beforeAll(async () => {
    ledger = await createTestLedger(new Date(), 'postgres');
    projectId = await ledger.addProject();
    [pkg] = (await ledger.grant(projectId, { resourceType: VIDEO, amount: '10' })) as [PackageRow];
  });
  afterAll(() => ledger?.close());

  it('undoes every write of a transaction whose later write fails, and reports that failure', async () => {
    const err = await failure(ledger.store.transaction(async (tx) => {
      await tx.insertPackage(fresh('pipelined-a'));
      await tx.updatePackage(projectId, pkg.resourceId, { usage: pkg.usage + 1n, updatedAt: new Date() });
      await tx.insertPackage(fresh(pkg.resourceId)); // a duplicate key: fails on the server
      await tx.appendAudit({
        projectId, action: 'test', targetId: 'x', actor: 'test', requestId: null, sourceAddress: null, detail: {}, createdAt: new Date(),
      });
    }));
    expect(err).toBeInstanceOf(LedgerError);
    expect((err as LedgerError).code).toBe('CONFLICT');
    expect(await ledger.store.getPackage(projectId, 'pipelined-a')).toBeUndefined();
    expect((await ledger.store.getPackage(projectId, pkg.resourceId))!.usage).toBe(pkg.usage);
  });

  it('reports a failed write to the read that follows it, as itself rather than as an aborted transaction', async () => {
    const err = await failure(ledger.store.transaction(async (tx) => {
      await tx.updatePackage(projectId, pkg.resourceId, { usage: 11_000_000n, updatedAt: new Date() }); // usage > amount
      await tx.getPackage(projectId, pkg.resourceId);
    }));
    expect(err).toMatchObject({ code: '23514' });
    expect((await ledger.store.getPackage(projectId, pkg.resourceId))!.usage).toBe(pkg.usage);
  });

  it('undoes only the savepoint whose write failed', async () => {
    const results = await ledger.store.transaction(async (tx) => [
      await failure(tx.savepoint(() => tx.insertPackage(fresh(pkg.resourceId)))),
      await tx.savepoint(() => tx.insertPackage(fresh('pipelined-b'))),
    ]);
    expect(results[0]).toMatchObject({ code: 'CONFLICT' });
    expect(await ledger.store.getPackage(projectId, 'pipelined-b')).toBeDefined();
  });

  it('runs again, without committing the first attempt, when a usage record key was taken by a writer that skipped its lock', async () => {
    const other = await ledger.openAnother();
    const record = (recordId: string): UsageRecordRow => ({
      projectId, recordId, resourceType: VIDEO, businessType: 'VIDEO_2D', subResourceType: null, quantity: 1_000_000n,
      overflowQuantity: 0n, allocations: [{ resourceId: pkg.resourceId, quantity: 1_000_000n }], fingerprint: 'f', status: 'applied',
      occurredAt: new Date(), createdAt: new Date(), reversedAt: null, actor: 'test', requestId: null,
    });
    const before = (await ledger.store.getPackage(projectId, pkg.resourceId))!.usage;
    let attempts = 0;
    await ledger.store.transaction(async (tx) => {
      attempts++;
      if (await tx.getUsageRecord(projectId, 'raced')) return;
      const [p] = (await tx.listDrawablePackages({
        projectId, resourceType: VIDEO, businessType: 'VIDEO_2D', subResourceType: null, at: new Date(),
      })) as [PackageRow];
      await tx.updatePackage(projectId, p.resourceId, { usage: p.usage + 1_000_000n, updatedAt: new Date() });
      // The race the key lock prevents: another process inserts the same key (without the lock) and commits first.
      if (attempts === 1) await other.transaction((o) => o.insertUsageRecord(record('raced')));
      await tx.insertUsageRecord(record('raced'));
    });
    expect(attempts).toBe(2);
    expect((await ledger.store.getPackage(projectId, pkg.resourceId))!.usage).toBe(before);
  });
});
