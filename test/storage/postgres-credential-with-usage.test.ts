// PostgreSQL's one-statement credential + usage read answers exactly what its two reads answer, for any key and filters, alone or with others.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable } from '../support/postgres.js';
import { createTestLedger, newProjectId, type TestLedger } from '../support/ledger.js';

const FLEXUS = 'hws.resource.type.metastudio.modeling.flexus.avatar.number';
const TYPES = ['video_time_2d_model', 'modeling_count_2d_model', 'voice_clone_basic', FLEXUS, 'no_such_type'];
const BUSINESSES = ['VIDEO_2D', 'MODELING_2D', 'VOICE_CLONE', 'FLEXUS_2D', 'NOT_A_BUSINESS'];

describe.skipIf(!postgresAvailable)('PostgreSQL findCredentialWithUsage', () => {
  let ledger: TestLedger;
  const projects: string[] = [];
  const keys: string[] = [];

  beforeAll(async () => {
    ledger = await createTestLedger(new Date('2026-11-26T12:00:00Z'), 'postgres');
    for (let p = 0; p < 3; p++) {
      const projectId = await ledger.addProject();
      projects.push(projectId);
      keys.push((await ledger.addCredential(projectId, p === 2 ? 'admin' : 'tenant')).accessKey);
    }
    const [a, b] = projects as [string, string];
    await ledger.grant(a, { resourceType: 'video_time_2d_model', amount: '10', usage: '2.5' });
    await ledger.grant(a, { resourceType: 'video_time_2d_model', amount: '3', source: 'ADMIN_ALLOCATED' });
    await ledger.grant(a, { resourceType: FLEXUS, amount: '1' });
    await ledger.grant(a, { resourceType: 'voice_clone_basic', amount: '7', effectiveAt: '2026-12-01T00:00:00Z' });
    await ledger.grant(a, { resourceType: 'modeling_count_2d_model', amount: '4', expiresAt: '2026-11-30T00:00:00Z' });
    await ledger.grant(b, { resourceType: 'modeling_count_2d_model', amount: '5', usage: '1', chargingMode: 'PERIODIC' });
    // projects[2] holds nothing: its sums are empty.
  }, 60_000);
  afterAll(() => ledger?.close());

  it('answers the credential and the sums that findCredential and sumUsage answer', async () => {
    const store = ledger.store;
    const instants = ['2026-11-26T12:00:00Z', '2026-12-02T00:00:00Z', '2025-01-01T00:00:00Z'].map((t) => new Date(t));
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...keys, 'UNKNOWNACCESSKEY0000'),
      fc.constantFrom(...projects, newProjectId()),
      fc.array(fc.constantFrom(...TYPES), { maxLength: 3 }),
      fc.array(fc.constantFrom(...BUSINESSES), { maxLength: 3 }),
      fc.constantFrom(...instants),
      async (accessKey, projectId, resourceTypes, businessTypes, now) => {
        const query = { projectId, now, resourceTypes, businessTypes };
        const both = await store.findCredentialWithUsage!(accessKey, query);
        const credential = await store.findCredential(accessKey);
        expect(both.credential).toEqual(credential);
        expect(both.usage).toEqual(credential ? await store.sumUsage(query) : []);
      },
    ), { numRuns: 150 });
  });

  it('answers reads asked for together (one statement for all) each as it answers them one by one', async () => {
    const store = ledger.store;
    const instants = ['2026-11-26T12:00:00Z', '2026-12-02T00:00:00Z'].map((t) => new Date(t));
    const read = fc.record({
      accessKey: fc.constantFrom(...keys, 'UNKNOWNACCESSKEY0000'),
      projectId: fc.constantFrom(...projects, newProjectId()),
      resourceTypes: fc.array(fc.constantFrom(...TYPES), { maxLength: 3 }),
      businessTypes: fc.array(fc.constantFrom(...BUSINESSES), { maxLength: 3 }),
      now: fc.constantFrom(...instants),
    });
    await fc.assert(fc.asyncProperty(fc.array(read, { minLength: 2, maxLength: 12 }), async (reads) => {
      // Asked for in the same callback: they are sent together (CredentialReadBatch).
      const together = await Promise.all(reads.map(({ accessKey, ...query }) => store.findCredentialWithUsage!(accessKey, query)));
      for (const [i, { accessKey, ...query }] of reads.entries()) {
        const credential = await store.findCredential(accessKey);
        expect(together[i]!.credential).toEqual(credential);
        expect(together[i]!.usage).toEqual(credential ? await store.sumUsage(query) : []);
      }
    }), { numRuns: 60 });
  });

  it('has sums to compare: some keys read rows, whoever the project belongs to', async () => {
    const query = { projectId: projects[0]!, now: ledger.now, resourceTypes: [], businessTypes: [] };
    // The key of another project still reads them (the caller authorises): this is why they are never shown unchecked.
    const read = await ledger.store.findCredentialWithUsage!(keys[1]!, query);
    expect(read.credential?.projectId).toBe(projects[1]);
    expect(read.usage.map((r) => r.resourceType)).toContain('video_time_2d_model');
    expect(read.usage).toEqual(await ledger.store.sumUsage(query));
  });
});
