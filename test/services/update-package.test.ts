// updatePackage on every backend: freeze, expiry and amount changes journal what changed and never lose a concurrent consumption.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LedgerError } from '../../src/domain/errors.js';
import { recordUsage } from '../../src/services/record-usage.js';
import { updatePackage } from '../../src/services/update-package.js';
import type { PackageRow } from '../../src/storage/types.js';
import { createTestLedger, describeBackends, type TestLedger } from '../support/ledger.js';

const VIDEO = 'video_time_2d_model';

describeBackends('updatePackage', (backend) => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await createTestLedger(new Date('2026-11-26T12:00:00Z'), backend);
  });
  afterAll(() => ledger?.close());

  it('freezes and unfreezes, journaling each change, and a frozen package is not drawn', async () => {
    const p = await ledger.addProject();
    const [pkg] = (await ledger.grant(p, { resourceType: VIDEO, amount: '5' })) as [PackageRow];
    expect(await updatePackage(ledger.ctx, { projectId: p, resourceId: pkg.resourceId, status: 1 })).toMatchObject({ status: 1 });
    const refused = await recordUsage(ledger.ctx, { projectId: p, recordId: 'r', resourceType: VIDEO, quantity: '1' }).catch((e: unknown) => e);
    expect((refused as LedgerError).code).toBe('QUOTA_INSUFFICIENT');
    await updatePackage(ledger.ctx, { projectId: p, resourceId: pkg.resourceId, status: 0 });
    await recordUsage(ledger.ctx, { projectId: p, recordId: 'r', resourceType: VIDEO, quantity: '1' });
    const kinds = (await ledger.store.listJournal({ projectId: p, limit: 10 })).map((e) => e.kind);
    expect(kinds).toEqual(['consumed', 'unfrozen', 'frozen', 'granted']);
  });

  it('adjusts amount and expiry with a reason, and refuses an amount below what is used', async () => {
    const p = await ledger.addProject();
    const [pkg] = (await ledger.grant(p, { resourceType: VIDEO, amount: '5' })) as [PackageRow];
    await recordUsage(ledger.ctx, { projectId: p, recordId: 'r', resourceType: VIDEO, quantity: '3' });
    const after = await updatePackage(ledger.ctx, {
      projectId: p, resourceId: pkg.resourceId, amount: '4', reason: 'refund', expireTime: '2027-01-01T00:00:00Z',
    });
    expect(after).toMatchObject({ amount: 4_000_000n, usage: 3_000_000n, expiresAt: new Date('2027-01-01T00:00:00Z') });
    expect(await ledger.store.getPackage(p, pkg.resourceId)).toMatchObject({ amount: 4_000_000n, expiresAt: new Date('2027-01-01T00:00:00Z') });
    const err = await updatePackage(ledger.ctx, { projectId: p, resourceId: pkg.resourceId, amount: '2.999999', reason: 'x' }).catch((e: unknown) => e);
    expect((err as LedgerError).code).toBe('CONFLICT');
    await updatePackage(ledger.ctx, { projectId: p, resourceId: pkg.resourceId, expireTime: null });
    expect((await ledger.store.getPackage(p, pkg.resourceId))!.expiresAt).toBeNull();
    expect((await ledger.store.checkJournal()).filter((m) => m.projectId === p)).toEqual([]);
  });

  it('refuses a package that does not exist, and input that changes nothing', async () => {
    const p = await ledger.addProject();
    await expect(updatePackage(ledger.ctx, { projectId: p, resourceId: 'nope', status: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(updatePackage(ledger.ctx, { projectId: p, resourceId: 'nope' })).rejects.toMatchObject({ code: 'INVALID_PARAMETER' });
  });

  it('never lets an amount cut and concurrent consumption leave usage above amount, nor lose either', async () => {
    const p = await ledger.addProject();
    const [pkg] = (await ledger.grant(p, { resourceType: VIDEO, amount: '100' })) as [PackageRow];
    const other = await ledger.concurrentStore();
    const records = Array.from({ length: 40 }, (_, i) =>
      recordUsage({ ...ledger.ctx, store: other }, { projectId: p, recordId: `r${i}`, resourceType: VIDEO, quantity: '1' })
        .then(() => 1, (e: LedgerError) => (e.code === 'QUOTA_INSUFFICIENT' ? 0 : Promise.reject(e))));
    const cuts = [90, 70, 50, 30].map((amount) =>
      updatePackage(ledger.ctx, { projectId: p, resourceId: pkg.resourceId, amount: String(amount), reason: 'cut' })
        .then(() => amount, (e: LedgerError) => (e.code === 'CONFLICT' ? undefined : Promise.reject(e))));
    const applied = (await Promise.all(records)).reduce<number>((a, b) => a + b, 0);
    await Promise.all(cuts);
    const final = (await ledger.store.getPackage(p, pkg.resourceId))!;
    expect(final.usage).toBe(BigInt(applied) * 1_000_000n);
    expect(final.usage <= final.amount).toBe(true);
    expect((await ledger.store.checkJournal()).filter((m) => m.projectId === p)).toEqual([]);
  });
});
