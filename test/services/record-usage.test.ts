// recordUsage on every backend: exactly once, all or nothing, never beyond what is held, also with two processes racing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LedgerError } from '../../src/domain/errors.js';
import type { ServiceContext } from '../../src/services/context.js';
import { recordUsage } from '../../src/services/record-usage.js';
import { updateProject } from '../../src/services/update-project.js';
import type { Store } from '../../src/storage/types.js';
import { createTestLedger, describeBackends, type TestLedger } from '../support/ledger.js';

const VIDEO = 'video_time_2d_model';

async function refusal(promise: Promise<unknown>): Promise<LedgerError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(LedgerError);
  return err as LedgerError;
}

describeBackends('recordUsage', (backend) => {
  let ledger: TestLedger;
  const record = (projectId: string, recordId: string, quantity: unknown, ctx?: ServiceContext) =>
    recordUsage(ctx ?? ledger.ctx, { projectId, recordId, resourceType: VIDEO, quantity });
  const usageOf = async (projectId: string) =>
    (await ledger.store.sumUsage({ projectId, now: ledger.now, resourceTypes: [VIDEO], businessTypes: [] }))
      .reduce((sum, r) => sum + r.usage, 0n);

  beforeAll(async () => {
    ledger = await createTestLedger(new Date(), backend);
  });
  afterAll(() => ledger?.close());

  it('draws soonest-expiring first, journals each draw and stores the record', async () => {
    const p = await ledger.addProject();
    const later = new Date(ledger.now.getTime() + 30 * 86400_000).toISOString();
    const sooner = new Date(ledger.now.getTime() + 86400_000).toISOString();
    const [a] = await ledger.grant(p, { resourceType: VIDEO, amount: '2', expiresAt: later });
    const [b] = await ledger.grant(p, { resourceType: VIDEO, amount: '1.5', expiresAt: sooner });
    const { record: r, replayed } = await record(p, 'first', '2.5');
    expect(replayed).toBe(false);
    expect(r.allocations).toEqual([{ resourceId: b!.resourceId, quantity: 1_500_000n }, { resourceId: a!.resourceId, quantity: 1_000_000n }]);
    expect(await ledger.store.getUsageRecord(p, 'first')).toMatchObject({ quantity: 2_500_000n, status: 'applied', allocations: r.allocations });
    const journal = await ledger.store.listJournal({ projectId: p, limit: 10 });
    expect(journal.filter((e) => e.kind === 'consumed').map((e) => [e.resourceId, e.usageDelta, e.usageAfter])).toEqual(
      expect.arrayContaining([[b!.resourceId, 1_500_000n, 1_500_000n], [a!.resourceId, 1_000_000n, 1_000_000n]]),
    );
    expect((await ledger.store.checkJournal()).filter((m) => m.projectId === p)).toEqual([]);
  });

  it('replays the same record and refuses the same key with other content', async () => {
    const p = await ledger.addProject();
    await ledger.grant(p, { resourceType: VIDEO, amount: '5' });
    const first = await record(p, 'key', '1');
    const again = await record(p, 'key', '1');
    expect(again.replayed).toBe(true);
    expect(again.record).toMatchObject({ recordId: 'key', quantity: 1_000_000n, allocations: first.record.allocations });
    expect((await refusal(record(p, 'key', '2'))).code).toBe('CONFLICT');
    expect(await usageOf(p)).toBe(1_000_000n);
  });

  it('takes nothing when the packages cannot cover the quantity, and leaves the key free', async () => {
    const p = await ledger.addProject();
    await ledger.grant(p, { resourceType: VIDEO, amount: '1' });
    const err = await refusal(record(p, 'too-much', '1.000001'));
    expect(err.code).toBe('QUOTA_INSUFFICIENT');
    expect(err.details).toEqual({ body: { available_quantity: 1 } });
    expect(await usageOf(p)).toBe(0n);
    expect(await ledger.store.getUsageRecord(p, 'too-much')).toBeUndefined();
    expect((await record(p, 'too-much', '1')).replayed).toBe(false);
  });

  it('records the uncovered rest as overflow when the project allows it', async () => {
    const p = await ledger.addProject();
    await ledger.grant(p, { resourceType: VIDEO, amount: '1' });
    await updateProject(ledger.ctx, { projectId: p, onDemandOverflow: [VIDEO] });
    const { record: r } = await record(p, 'over', '3');
    expect(r.overflowQuantity).toBe(2_000_000n);
    expect(await usageOf(p)).toBe(1_000_000n);
  });

  it('refuses an unknown project', async () => {
    expect((await refusal(record('no-such-project', 'r', '1'))).code).toBe('NOT_FOUND');
  });

  it('never overdraws when two processes race 60 records of 1 for 20 units', async () => {
    const p = await ledger.addProject();
    await ledger.grant(p, { resourceType: VIDEO, amount: '12' });
    await ledger.grant(p, { resourceType: VIDEO, amount: '8' });
    const stores: Store[] = [ledger.store, await ledger.concurrentStore()];
    const results = await Promise.allSettled(Array.from({ length: 60 }, (_, i) =>
      record(p, `race-${i}`, '1', { ...ledger.ctx, store: stores[i % 2]! })));
    const applied = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(applied).toHaveLength(20);
    expect(refused.map((r) => (r.reason as LedgerError).code)).toEqual(Array(40).fill('QUOTA_INSUFFICIENT'));
    expect(await usageOf(p)).toBe(20_000_000n);
    expect((await ledger.store.listUsageRecords({ projectId: p, limit: 100 })).length).toBe(20);
    expect((await ledger.store.checkJournal()).filter((m) => m.projectId === p)).toEqual([]);
    expect(await ledger.store.countOverdrawn()).toBe(0);
  });

  it('applies one of 20 simultaneous copies of a record from two processes and replays it to the rest', async () => {
    const p = await ledger.addProject();
    await ledger.grant(p, { resourceType: VIDEO, amount: '100' });
    const stores: Store[] = [ledger.store, await ledger.concurrentStore()];
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      record(p, 'same-key', '2.5', { ...ledger.ctx, store: stores[i % 2]! })));
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    for (const o of outcomes) expect(o.record.allocations).toEqual(outcomes[0]!.record.allocations);
    expect(await usageOf(p)).toBe(2_500_000n);
  });
});
