// seedDemo: one demo tenant on an empty ledger, however many servers start with --demo at once; none on a used ledger.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ServiceContext } from '../../src/services/context.js';
import { DEMO_PROJECT_ID, demoGrants, seedDemo } from '../../src/services/seed-demo.js';
import type { Store } from '../../src/storage/types.js';
import { createTestLedger, describeBackends, type TestLedger } from '../support/ledger.js';

/** What the audit trail says was created: the demo tenant is made of these verbs only. */
async function created(store: Store): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const e of await store.listAudit({ limit: 1000 })) counts[e.action] = (counts[e.action] ?? 0) + 1;
  return counts;
}

describeBackends('seedDemo', (backend) => {
  let ledger: TestLedger;

  beforeEach(async () => {
    ledger = await createTestLedger(new Date(), backend);
  });
  afterEach(() => ledger?.close());

  it('creates exactly one demo tenant when eight servers seed one empty ledger at once', async () => {
    // Each "server" has a store of its own (its own pool on PostgreSQL), as separate processes would.
    const stores = await Promise.all(Array.from({ length: 8 }, () => ledger.concurrentStore()));
    const contexts: ServiceContext[] = stores.map((store) => ({ ...ledger.ctx, store }));
    const results = await Promise.all(contexts.map((ctx) => seedDemo(ctx)));
    const seeded = results.filter((r) => r !== undefined);
    expect(seeded).toHaveLength(1);
    expect(seeded[0]!.projectId).toBe(DEMO_PROJECT_ID);
    expect((await ledger.store.listProjects(100)).map((p) => p.projectId)).toEqual([DEMO_PROJECT_ID]);
    expect(await created(ledger.store)).toEqual({
      'project.create': 1, 'package.grant': demoGrants(ledger.now).length, 'credential.create': 1,
    });
    expect((await ledger.store.findCredential(seeded[0]!.credential.accessKey))?.projectId).toBe(DEMO_PROJECT_ID);
  });

  it('leaves a ledger that already holds a project alone', async () => {
    const projectId = await ledger.addProject();
    expect(await seedDemo(ledger.ctx)).toBeUndefined();
    expect((await ledger.store.listProjects(100)).map((p) => p.projectId)).toEqual([projectId]);
  });
});
