// reverseUsage on every backend: gives back exactly what a record took, once, even when processes race.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LedgerError } from '../../src/domain/errors.js';
import { recordUsage } from '../../src/services/record-usage.js';
import { reverseUsage } from '../../src/services/reverse-usage.js';
import type { PackageRow, Store } from '../../src/storage/types.js';
import { createTestLedger, describeBackends, type TestLedger } from '../support/ledger.js';

const VIDEO = 'video_time_2d_model';

describeBackends('reverseUsage', (backend) => {
  let ledger: TestLedger;
  const usageOf = async (p: PackageRow) => (await ledger.store.getPackage(p.projectId, p.resourceId))!.usage;

  beforeAll(async () => {
    ledger = await createTestLedger(new Date(), backend);
  });
  afterAll(() => ledger?.close());

  it('gives back to the same packages, journals it, and a repeat changes nothing', async () => {
    const p = await ledger.addProject();
    const sooner = new Date(ledger.now.getTime() + 86400_000).toISOString();
    const [a] = (await ledger.grant(p, { resourceType: VIDEO, amount: '1', expiresAt: sooner })) as [PackageRow];
    const [b] = (await ledger.grant(p, { resourceType: VIDEO, amount: '5' })) as [PackageRow];
    await recordUsage(ledger.ctx, { projectId: p, recordId: 'r', resourceType: VIDEO, quantity: '3' });
    const first = await reverseUsage(ledger.ctx, { projectId: p, recordId: 'r' });
    expect(first.replayed).toBe(false);
    expect(first.record).toMatchObject({ status: 'reversed', reversedAt: ledger.now });
    expect([await usageOf(a), await usageOf(b)]).toEqual([0n, 0n]);
    const again = await reverseUsage(ledger.ctx, { projectId: p, recordId: 'r' });
    expect(again.replayed).toBe(true);
    expect([await usageOf(a), await usageOf(b)]).toEqual([0n, 0n]);
    const reversed = (await ledger.store.listJournal({ projectId: p, limit: 20 })).filter((e) => e.kind === 'reversed');
    expect(reversed.map((e) => e.usageDelta).sort()).toEqual([-2_000_000n, -1_000_000n].sort());
    expect((await ledger.store.checkJournal()).filter((m) => m.projectId === p)).toEqual([]);
  });

  it('refuses a record that does not exist', async () => {
    const p = await ledger.addProject();
    const err = await reverseUsage(ledger.ctx, { projectId: p, recordId: 'nope' }).catch((e: unknown) => e);
    expect((err as LedgerError).code).toBe('NOT_FOUND');
  });

  it('gives back once when two processes reverse the same record at the same time', async () => {
    const p = await ledger.addProject();
    const [pkg] = (await ledger.grant(p, { resourceType: VIDEO, amount: '10' })) as [PackageRow];
    await recordUsage(ledger.ctx, { projectId: p, recordId: 'r', resourceType: VIDEO, quantity: '4' });
    await recordUsage(ledger.ctx, { projectId: p, recordId: 'other', resourceType: VIDEO, quantity: '1' });
    const stores: Store[] = [ledger.store, await ledger.concurrentStore()];
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      reverseUsage({ ...ledger.ctx, store: stores[i % 2]! }, { projectId: p, recordId: 'r' })));
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    expect(await usageOf(pkg)).toBe(1_000_000n);
    expect((await ledger.store.checkJournal()).filter((m) => m.projectId === p)).toEqual([]);
  });

  it('loses no consumption that commits while a reversal of another record runs', async () => {
    const p = await ledger.addProject();
    const [pkg] = (await ledger.grant(p, { resourceType: VIDEO, amount: '1000' })) as [PackageRow];
    for (let i = 0; i < 10; i++) await recordUsage(ledger.ctx, { projectId: p, recordId: `old-${i}`, resourceType: VIDEO, quantity: '1' });
    const other = await ledger.concurrentStore();
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => reverseUsage(ledger.ctx, { projectId: p, recordId: `old-${i}` })),
      ...Array.from({ length: 30 }, (_, i) =>
        recordUsage({ ...ledger.ctx, store: other }, { projectId: p, recordId: `new-${i}`, resourceType: VIDEO, quantity: '2' })),
    ]);
    expect(await usageOf(pkg)).toBe(60_000_000n);
    expect((await ledger.store.checkJournal()).filter((m) => m.projectId === p)).toEqual([]);
  });
});
