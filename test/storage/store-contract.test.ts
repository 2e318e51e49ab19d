// The Store contract, run on every backend: migrations, transactions, savepoints, constraints, visibility and order.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postgresMigrations } from '../../src/storage/postgres/migrations/index.js';
import { sqliteMigrations } from '../../src/storage/sqlite/migrations/index.js';
import type { PackageRow } from '../../src/storage/types.js';
import { createTestLedger, describeBackends, type TestLedger } from '../support/ledger.js';

const VIDEO = 'video_time_2d_model';
const FLEXUS = 'hws.resource.type.metastudio.modeling.flexus.avatar.number';

it('numbers the PostgreSQL migrations exactly like the SQLite ones', () => {
  expect(postgresMigrations.map((m) => [m.version, m.name])).toEqual(sqliteMigrations.map((m) => [m.version, m.name]));
});

describeBackends('Store contract', (backend) => {
  let ledger: TestLedger;
  let projectId: string;
  let pkg: PackageRow;

  beforeAll(async () => {
    ledger = await createTestLedger(new Date('2026-11-26T12:00:00Z'), backend);
    projectId = await ledger.addProject();
    [pkg] = (await ledger.grant(projectId, { resourceType: VIDEO, amount: '1' })) as [PackageRow];
  });
  afterAll(() => ledger?.close());

  it('has applied every migration once, and applying again changes nothing', async () => {
    const versions = (backend === 'sqlite' ? sqliteMigrations : postgresMigrations).map((m) => m.version).sort((a, b) => a - b);
    expect(await ledger.store.migrationStatus()).toEqual({ applied: versions, pending: [] });
    expect(await ledger.store.migrate()).toEqual({ applied: versions, pending: [] });
  });

  it('answers a ping', async () => {
    await expect(ledger.store.ping()).resolves.toBeUndefined();
  });

  it('rolls back everything a failed transaction wrote', async () => {
    await expect(ledger.store.transaction(async (tx) => {
      await tx.insertPackage({ ...pkg, resourceId: 'will-vanish' });
      await tx.updatePackage(projectId, pkg.resourceId, { usage: 500_000n, updatedAt: ledger.now });
      throw new Error('injected fault');
    })).rejects.toThrow('injected fault');
    expect(await ledger.store.getPackage(projectId, 'will-vanish')).toBeUndefined();
    expect((await ledger.store.getPackage(projectId, pkg.resourceId))!.usage).toBe(0n);
  });

  it('refuses usage above amount at the database level too', async () => {
    await expect(ledger.store.transaction((tx) => tx.insertPackage({ ...pkg, resourceId: 'over', usage: 2_000_000n })))
      .rejects.toThrow(/CHECK constraint|violates check constraint/);
    expect(await ledger.store.getPackage(projectId, 'over')).toBeUndefined();
  });

  it('undoes only the writes of a savepoint that throws', async () => {
    await ledger.store.transaction(async (tx) => {
      await tx.insertPackage({ ...pkg, resourceId: 'kept-1' });
      await expect(tx.savepoint(async () => {
        await tx.insertPackage({ ...pkg, resourceId: 'undone' });
        throw new Error('one record fails');
      })).rejects.toThrow('one record fails');
      // The transaction stays usable after the failed savepoint.
      await tx.savepoint(() => tx.insertPackage({ ...pkg, resourceId: 'kept-2' }));
    });
    expect(await ledger.store.getPackage(projectId, 'kept-1')).toBeDefined();
    expect(await ledger.store.getPackage(projectId, 'kept-2')).toBeDefined();
    expect(await ledger.store.getPackage(projectId, 'undone')).toBeUndefined();
  });

  it('shows a write made through another store (another process) on the very next read', async () => {
    const other = await ledger.openAnother();
    const query = { projectId, now: ledger.now, resourceTypes: [VIDEO], businessTypes: [] };
    const before = (await ledger.store.sumUsage(query))[0]!.amount;
    await other.transaction((tx) => tx.insertPackage({ ...pkg, resourceId: 'from-other-process' }));
    expect((await ledger.store.sumUsage(query))[0]!.amount).toBe(before + 1_000_000n);
  });

  it('lists projects in byte order of their ids, with an exclusive marker', async () => {
    const ids = ['b-lower', 'B-upper', '_under', 'a_b', 'a-b', 'Zz', 'zz', '9-digit'];
    for (const id of ids) await ledger.addProject(id);
    const listed = (await ledger.store.listProjects(1000)).map((p) => p.projectId).filter((id) => ids.includes(id));
    expect(listed).toEqual([...ids].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    const after = (await ledger.store.listProjects(2, 'a_b')).map((p) => p.projectId);
    expect(after).toHaveLength(2);
    for (const id of after) expect(Buffer.compare(Buffer.from(id), Buffer.from('a_b'))).toBeGreaterThan(0);
  });

  it('sums resources-usage rows in the published order: type, business, parent before parts, mode, source, unit', async () => {
    const p = await ledger.addProject();
    await ledger.grant(p, { resourceType: FLEXUS, amount: '1' });
    await ledger.grant(p, { resourceType: VIDEO, amount: '2', chargingMode: 'PERIODIC' });
    await ledger.grant(p, { resourceType: VIDEO, amount: '3', source: 'ADMIN_ALLOCATED' });
    await ledger.grant(p, { resourceType: VIDEO, amount: '0.1' });
    await ledger.grant(p, { resourceType: VIDEO, amount: '0.2' });
    await ledger.grant(p, { resourceType: 'voice_clone_basic', amount: '4' });
    await ledger.grant(p, { resourceType: VIDEO, amount: '9', chargingMode: 'ON_DEMAND' });
    const rows = await ledger.store.sumUsage({ projectId: p, now: ledger.now, resourceTypes: [], businessTypes: [] });
    expect(rows.map((r) => [r.resourceType, r.subResourceType, r.chargingMode, r.resourceSource, r.amount])).toEqual([
      [FLEXUS, null, 'ONE_TIME', 'PURCHASED', 1_000_000n],
      [FLEXUS, 'modeling_count_2d_model_flexus', 'ONE_TIME', 'PURCHASED', 1_000_000n],
      [FLEXUS, 'video_time_flexus_2d_model', 'ONE_TIME', 'PURCHASED', 120_000_000n],
      [FLEXUS, 'voice_clone_flexus', 'ONE_TIME', 'PURCHASED', 1_000_000n],
      [VIDEO, null, 'ONE_TIME', 'ADMIN_ALLOCATED', 3_000_000n],
      [VIDEO, null, 'ONE_TIME', 'PURCHASED', 300_000n],
      [VIDEO, null, 'PERIODIC', 'PURCHASED', 2_000_000n],
      ['voice_clone_basic', null, 'ONE_TIME', 'PURCHASED', 4_000_000n],
    ]);
    const filtered = await ledger.store.sumUsage({ projectId: p, now: ledger.now, resourceTypes: [VIDEO, 'voice_clone_basic'], businessTypes: ['VIDEO_2D'] });
    expect(filtered.map((r) => r.resourceType)).toEqual([VIDEO, VIDEO, VIDEO]);
  });

  it('pages the journal and usage records newest first', async () => {
    const p = await ledger.addProject();
    const [video] = (await ledger.grant(p, { resourceType: VIDEO, amount: '10' })) as [PackageRow];
    for (let i = 0; i < 5; i++) {
      await ledger.store.transaction(async (tx) => {
        await tx.updatePackage(p, video.resourceId, { usage: BigInt(i + 1), updatedAt: ledger.now });
        await tx.appendJournal({
          projectId: p, resourceId: video.resourceId, kind: 'consumed', amountDelta: 0n, usageDelta: 1n, amountAfter: video.amount,
          usageAfter: BigInt(i + 1), recordId: `r${i}`, actor: 'test', requestId: null, createdAt: ledger.now,
        });
        await tx.insertUsageRecord({
          projectId: p, recordId: `r${i}`, resourceType: VIDEO, businessType: 'VIDEO_2D', subResourceType: null, quantity: 1n,
          overflowQuantity: 0n, allocations: [{ resourceId: video.resourceId, quantity: 1n }], fingerprint: 'f', status: 'applied',
          occurredAt: new Date(ledger.now.getTime() + i * 1000), createdAt: ledger.now, reversedAt: null, actor: 'test', requestId: null,
        });
      });
    }
    const page1 = await ledger.store.listJournal({ projectId: p, limit: 3 });
    expect(page1.map((e) => e.recordId)).toEqual(['r4', 'r3', 'r2']);
    const page2 = await ledger.store.listJournal({ projectId: p, limit: 3, beforeEntryId: page1[2]!.entryId });
    expect(page2.map((e) => [e.kind, e.recordId])).toEqual([['consumed', 'r1'], ['consumed', 'r0'], ['granted', null]]);
    expect(await ledger.store.listJournal({ projectId: p, resourceId: 'nope', limit: 3 })).toEqual([]);

    const records = await ledger.store.listUsageRecords({ projectId: p, limit: 2 });
    expect(records.map((r) => r.recordId)).toEqual(['r4', 'r3']);
    const older = await ledger.store.listUsageRecords({ projectId: p, limit: 10, beforeSeq: records[1]!.seq });
    expect(older.map((r) => r.recordId)).toEqual(['r2', 'r1', 'r0']);
    const window = await ledger.store.listUsageRecords({
      projectId: p, limit: 10, resourceType: VIDEO, from: new Date(ledger.now.getTime() + 1000), to: new Date(ledger.now.getTime() + 3000),
    });
    expect(window.map((r) => r.recordId)).toEqual(['r2', 'r1']);
    expect(await ledger.store.getUsageRecord(p, 'r0')).toMatchObject({
      quantity: 1n, allocations: [{ resourceId: video.resourceId, quantity: 1n }], status: 'applied', reversedAt: null,
    });
    expect((await ledger.store.checkJournal()).filter((m) => m.projectId === p)).toEqual([]);
  });

  it('finds a mismatch between a package and its journal, and reports no overdraw', async () => {
    const p = await ledger.addProject();
    const [video] = (await ledger.grant(p, { resourceType: VIDEO, amount: '2' })) as [PackageRow];
    await ledger.store.transaction((tx) => tx.updatePackage(p, video.resourceId, { usage: 7n, updatedAt: ledger.now }));
    expect((await ledger.store.checkJournal()).filter((m) => m.projectId === p)).toEqual([{
      projectId: p, resourceId: video.resourceId, amount: 2_000_000n, usage: 7n, journalAmount: 2_000_000n, journalUsage: 0n,
    }]);
    expect(await ledger.store.countOverdrawn()).toBe(0);
    await ledger.store.transaction((tx) => tx.updatePackage(p, video.resourceId, { usage: 0n, updatedAt: ledger.now }));
  });

  it('reports a package without any journal entry, mismatches in package order', async () => {
    const p = await ledger.addProject();
    const [video] = (await ledger.grant(p, { resourceType: VIDEO, amount: '2' })) as [PackageRow];
    // Written around the journal: a package row no grant accounts for, and a usage no record accounts for.
    await ledger.store.transaction(async (tx) => {
      await tx.insertPackage({ ...video, resourceId: '0-unjournalled', amount: 3_000_000n, usage: 1n });
      await tx.updatePackage(p, video.resourceId, { usage: 5n, updatedAt: ledger.now });
    });
    expect((await ledger.store.checkJournal()).filter((m) => m.projectId === p)).toEqual([
      { projectId: p, resourceId: '0-unjournalled', amount: 3_000_000n, usage: 1n, journalAmount: 0n, journalUsage: 0n },
      { projectId: p, resourceId: video.resourceId, amount: 2_000_000n, usage: 5n, journalAmount: 2_000_000n, journalUsage: 0n },
    ]);
  });

  it('keeps every field of a project, credential and package as written', async () => {
    const p = await ledger.addProject();
    await ledger.store.transaction((tx) => tx.updateProject(p, { name: 'Renamed', onDemandOverflow: [VIDEO], parentProjectId: projectId }));
    expect(await ledger.store.getProject(p)).toMatchObject({ name: 'Renamed', onDemandOverflow: [VIDEO], parentProjectId: projectId, status: 'active' });
    await ledger.store.transaction((tx) => tx.updateProject(p, { parentProjectId: null, status: 'disabled' }));
    expect(await ledger.store.getProject(p)).toMatchObject({ name: 'Renamed', onDemandOverflow: [VIDEO], parentProjectId: null, status: 'disabled' });

    const cred = await ledger.addCredential(p, 'service');
    const row = await ledger.store.findCredential(cred.accessKey);
    expect(row).toMatchObject({ projectId: p, role: 'service', status: 'active' });
    expect(ledger.secretBox.open(row!.secretCiphertext, cred.accessKey)).toBe(cred.secretKey);
    expect(await ledger.store.transaction((tx) => tx.setCredentialStatus(cred.accessKey, 'disabled'))).toBe(true);
    expect(await ledger.store.transaction((tx) => tx.setCredentialStatus('NO-SUCH-KEY', 'disabled'))).toBe(false);

    const expires = new Date('2027-01-01T00:00:00.123Z');
    const full: PackageRow = {
      ...pkg, projectId: p, resourceId: 'full', orderId: 'order-1', subResourceType: 'sub', isSubResource: true, parentResourceId: 'parent',
      amount: 123_456_789_012n, usage: 1n, status: 1, effectiveAt: new Date('2026-01-01T00:00:00.001Z'), expiresAt: expires,
      boundAssetId: 'asset', boundAssetName: 'Asset name',
    };
    await ledger.store.transaction((tx) => tx.insertPackage(full));
    expect(await ledger.store.getPackage(p, 'full')).toEqual(full);
    await ledger.store.transaction((tx) => tx.updatePackage(p, 'full', { status: 0, expiresAt: null, amount: 5n, updatedAt: expires }));
    expect(await ledger.store.getPackage(p, 'full')).toEqual({ ...full, status: 0, expiresAt: null, amount: 5n, updatedAt: expires });
    const listed = await ledger.store.listPackages({ projectId: p, limit: 10, offset: 0 });
    expect(listed.total).toBe(1);
  });
});
