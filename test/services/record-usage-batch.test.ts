// recordUsageBatch on every backend: each record stands or falls alone, results in order, and concurrent batches never overdraw.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LedgerError } from '../../src/domain/errors.js';
import { recordUsageBatch } from '../../src/services/record-usage-batch.js';
import type { PackageRow, Store } from '../../src/storage/types.js';
import { createTestLedger, describeBackends, type TestLedger } from '../support/ledger.js';

const VIDEO = 'video_time_2d_model';
const VOICE = 'voice_clone_basic';

describeBackends('recordUsageBatch', (backend) => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await createTestLedger(new Date(), backend);
  });
  afterAll(() => ledger?.close());

  it('applies what it can, refuses the rest one by one, and keeps request order', async () => {
    const p = await ledger.addProject();
    const [video] = (await ledger.grant(p, { resourceType: VIDEO, amount: '3' })) as [PackageRow];
    const results = await recordUsageBatch(ledger.ctx, [
      { projectId: p, recordId: 'a', resourceType: VIDEO, quantity: '2' },
      { projectId: p, recordId: 'b', resourceType: VIDEO, quantity: '2' },
      { projectId: p, recordId: 'c', resourceType: 'no_such_type', quantity: '1' },
      { projectId: 'missing', recordId: 'd', resourceType: VIDEO, quantity: '1' },
      { projectId: p, recordId: 'e', resourceType: VIDEO, quantity: '1' },
      { projectId: p, recordId: 'a', resourceType: VIDEO, quantity: '2' },
      { projectId: p, recordId: 'a', resourceType: VIDEO, quantity: '1' },
    ]);
    expect(results.map((r) => (r.ok ? (r.outcome.replayed ? 'replayed' : 'applied') : r.error.code))).toEqual([
      'applied', 'QUOTA_INSUFFICIENT', 'INVALID_PARAMETER', 'NOT_FOUND', 'applied', 'replayed', 'CONFLICT',
    ]);
    expect((await ledger.store.getPackage(p, video.resourceId))!.usage).toBe(3_000_000n);
    expect((await ledger.store.listUsageRecords({ projectId: p, limit: 10 })).map((r) => r.recordId)).toEqual(['e', 'a']);
    expect((await ledger.store.checkJournal()).filter((m) => m.projectId === p)).toEqual([]);
  });

  it('refuses an empty or oversized batch as a whole', async () => {
    await expect(recordUsageBatch(ledger.ctx, [])).rejects.toBeInstanceOf(LedgerError);
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ projectId: 'p', recordId: `r${i}`, resourceType: VIDEO, quantity: '1' }));
    await expect(recordUsageBatch(ledger.ctx, tooMany)).rejects.toMatchObject({ code: 'INVALID_PARAMETER' });
  });

  it('lands concurrent batches that draw two resource types in opposite orders, without overdrawing', async () => {
    const p = await ledger.addProject();
    await ledger.grant(p, { resourceType: VIDEO, amount: '50' });
    await ledger.grant(p, { resourceType: VOICE, amount: '50' });
    const stores: Store[] = [ledger.store, await ledger.concurrentStore()];
    // Each batch locks VIDEO then VOICE or VOICE then VIDEO: on PostgreSQL that deadlocks, and the loser runs again.
    const batches = Array.from({ length: 8 }, (_, b) => {
      const order = b % 2 === 0 ? [VIDEO, VOICE] : [VOICE, VIDEO];
      const records = Array.from({ length: 10 }, (_, i) => ({
        projectId: p, recordId: `b${b}-${i}`, resourceType: order[i % 2]!, quantity: '1',
      }));
      return recordUsageBatch({ ...ledger.ctx, store: stores[b % 2]! }, records);
    });
    const results = (await Promise.all(batches)).flat();
    const applied = results.filter((r) => r.ok).length;
    const refused = results.filter((r) => !r.ok);
    expect(applied).toBe(80);
    expect(refused).toEqual([]);
    const sums = await ledger.store.sumUsage({ projectId: p, now: ledger.now, resourceTypes: [], businessTypes: [] });
    expect(sums.map((r) => [r.resourceType, r.usage])).toEqual([[VIDEO, 40_000_000n], [VOICE, 40_000_000n]]);
    expect((await ledger.store.checkJournal()).filter((m) => m.projectId === p)).toEqual([]);
  });
});
