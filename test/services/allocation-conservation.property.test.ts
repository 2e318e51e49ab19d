// Property: whatever allocations, usage, reversals and reclaims happen, the provider's package plus what its customers
// hold from it adds up to what it bought, on a real SQLite ledger; every refused step changes nothing.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { LedgerError } from '../../src/domain/errors.js';
import { formatQuantity } from '../../src/domain/quantity.js';
import { allocatePackage } from '../../src/services/allocate-package.js';
import { reclaimAllocation } from '../../src/services/reclaim-allocation.js';
import { recordUsage } from '../../src/services/record-usage.js';
import { reverseUsage } from '../../src/services/reverse-usage.js';
import { updateProject } from '../../src/services/update-project.js';
import { createTestLedger, describeBackends, type TestLedger } from '../support/ledger.js';

const VIDEO = 'video_time_2d_model';
const dec = (micros: number | bigint) => formatQuantity(BigInt(micros));

type Step =
  | { kind: 'allocate'; to: number; micros: number }
  /** Around exactly what the provider's package has left, where an off-by-one would show. */
  | { kind: 'allocateEdge'; to: number; delta: number }
  | { kind: 'use'; by: number; micros: number }
  | { kind: 'reverse'; pick: number }
  | { kind: 'reclaim'; pick: number };

// Customers 0 and 1 belong to the provider; 2 is a stranger, so allocations to it must be refused.
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('allocate' as const), to: fc.integer({ min: 0, max: 2 }), micros: fc.integer({ min: 1, max: 130_000_000 }) }),
  fc.record({ kind: fc.constant('allocateEdge' as const), to: fc.integer({ min: 0, max: 1 }), delta: fc.integer({ min: -2, max: 2 }) }),
  fc.record({ kind: fc.constant('use' as const), by: fc.integer({ min: 0, max: 2 }), micros: fc.integer({ min: 1, max: 60_000_000 }) }),
  fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('reclaim' as const), pick: fc.nat() }),
);

let ledger: TestLedger;

async function snapshot(projects: string[]) {
  return {
    packages: await Promise.all(projects.map((p) => ledger.store.listPackages({ projectId: p, limit: 1000, offset: 0 }))),
    journal: await Promise.all(projects.map((p) => ledger.store.listJournal({ projectId: p, limit: 1000 }))),
    allocations: await ledger.store.listAllocations({ projectId: projects[0], limit: 1000, offset: 0 }),
    records: await Promise.all(projects.map((p) => ledger.store.listUsageRecords({ projectId: p, limit: 1000 }))),
  };
}

/** Runs the steps on a fresh provider, two customers and a stranger, checking the promises after each one. */
async function runSteps(boughtMicros: number, steps: Step[]): Promise<void> {
  const ctx = ledger.ctx;
  const sp = await ledger.addProject('sp');
  const customers = [await ledger.addProject('c0'), await ledger.addProject('c1'), await ledger.addProject('stranger')];
  for (const c of customers.slice(0, 2)) await updateProject(ctx, { projectId: c, parentProjectId: sp });
  const bought = BigInt(boughtMicros);
  const [source] = await ledger.grant(sp, { resourceType: VIDEO, amount: dec(bought) });
  const users = [...customers.slice(0, 2), sp];
  const records: Array<{ projectId: string; recordId: string }> = [];
  const allocationIds: string[] = [];
  let n = 0;
  for (const s of steps) {
    const before = await snapshot([sp, ...customers]);
    try {
      if (s.kind === 'allocate') {
        const a = await allocatePackage(ctx, {
          projectId: sp, customerProjectId: customers[s.to], resourceId: source!.resourceId, amount: dec(s.micros),
        });
        expect(s.to).toBeLessThan(2);
        allocationIds.push(a.allocationId);
      } else if (s.kind === 'allocateEdge') {
        const now = (await ledger.store.getPackage(sp, source!.resourceId))!;
        const micros = now.amount - now.usage + BigInt(s.delta);
        if (micros <= 0n) continue;
        const a = await allocatePackage(ctx, { projectId: sp, customerProjectId: customers[s.to], resourceId: source!.resourceId, amount: dec(micros) });
        expect(s.delta).toBeLessThanOrEqual(0);
        allocationIds.push(a.allocationId);
      } else if (s.kind === 'use') {
        const projectId = users[s.by]!;
        const recordId = `r${++n}`;
        await recordUsage(ctx, { projectId, recordId, resourceType: VIDEO, quantity: dec(s.micros) });
        records.push({ projectId, recordId });
      } else if (s.kind === 'reverse') {
        if (records.length === 0) continue;
        await reverseUsage(ctx, records[s.pick % records.length]!);
      } else {
        if (allocationIds.length === 0) continue;
        await reclaimAllocation(ctx, { projectId: sp, allocationId: allocationIds[s.pick % allocationIds.length]! });
      }
    } catch (err) {
      if (!(err instanceof LedgerError)) throw err;
      // A refused step leaves every row as it was.
      expect(await snapshot([sp, ...customers])).toEqual(before);
    }
    const spPackage = (await ledger.store.getPackage(sp, source!.resourceId))!;
    const { allocations } = await ledger.store.listAllocations({ projectId: sp, limit: 1000, offset: 0 });
    const heldByCustomers = allocations.reduce((sum, a) => sum + a.customerPackage.amount, 0n);
    expect(spPackage.amount + heldByCustomers).toBe(bought);
    for (const a of allocations) {
      expect(a.customerPackage.amount).toBe(a.allocatedAmount - a.reclaimedAmount);
      expect(a.customerPackage.usage).toBeLessThanOrEqual(a.customerPackage.amount);
      expect(customers.slice(0, 2)).toContain(a.customerProjectId);
    }
    expect(spPackage.usage).toBeLessThanOrEqual(spPackage.amount);
    // The stranger never receives anything.
    expect((await ledger.store.listPackages({ projectId: customers[2]!, limit: 10, offset: 0 })).total).toBe(0);
  }
  expect(await ledger.store.checkJournal()).toEqual([]);
  expect(await ledger.store.countOverdrawn()).toBe(0);
}

// Every run gets a database of its own; PostgreSQL ones cost more to create, so it gets fewer runs.
describeBackends('allocation conservation', (backend) => {
  it('provider remaining + customers\' allocated = what the provider bought, after every step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 100_000_000 }), fc.array(step, { minLength: 1, maxLength: 14 }), async (bought, steps) => {
        // A fresh ledger per run, so a counterexample is about its own steps only (the ledger checks are global).
        ledger = await createTestLedger(new Date('2026-11-26T12:00:00Z'), backend);
        try {
          await runSteps(bought, steps);
        } finally {
          await ledger.close();
        }
      }),
      { numRuns: backend === 'sqlite' ? 60 : 12 },
    );
  }, 120_000);
});
