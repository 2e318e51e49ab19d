// The Store contract of the tenant resource list, expiring counts and allocations, run on every backend.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LedgerError } from '../../src/domain/errors.js';
import { allocatePackage } from '../../src/services/allocate-package.js';
import { reclaimAllocation } from '../../src/services/reclaim-allocation.js';
import { updateProject } from '../../src/services/update-project.js';
import type { PackageRow, PackageSearchQuery } from '../../src/storage/types.js';
import { createTestLedger, describeBackends, type TestLedger } from '../support/ledger.js';

const VIDEO = 'video_time_2d_model';
const FLEXUS = 'hws.resource.type.metastudio.modeling.flexus.avatar.number';

describeBackends('tenant Store contract', (backend) => {
  let ledger: TestLedger;
  let projectId: string;
  const rows: Record<string, PackageRow> = {};
  const search = (q: Partial<PackageSearchQuery>) => ledger.store.searchPackages({
    projectId, resourceSources: [], resourceTypes: [], businessTypes: [], resourceIds: [], orderIds: [], chargingModes: [],
    subResourceTypes: [], limit: 100, offset: 0, ...q,
  });
  const ids = (r: { packages: PackageRow[] }) => r.packages.map((p) => p.resourceId);

  beforeAll(async () => {
    ledger = await createTestLedger(new Date('2026-11-26T12:00:00Z'), backend);
    projectId = await ledger.addProject();
    const grant = async (name: string, input: Parameters<TestLedger['grant']>[1]) => {
      const granted = await ledger.grant(projectId, input);
      granted.forEach((p, i) => (rows[i === 0 ? name : `${name}:${p.subResourceType}`] = p));
    };
    await grant('video', { resourceType: VIDEO, amount: '10', orderId: 'O1', expiresAt: '2027-01-01T00:00:00Z' });
    await grant('admin', { resourceType: VIDEO, amount: '5', source: 'ADMIN_ALLOCATED', expiresAt: '2026-12-01T00:00:00Z' });
    await grant('old', { resourceType: 'voice_clone_basic', amount: '1', effectiveAt: '2025-01-01T00:00:00Z', expiresAt: '2026-01-01T00:00:00Z' });
    await grant('flexus', { resourceType: FLEXUS, amount: '1', expiresAt: '2027-03-01T00:00:00Z' });
    await grant('periodic', { resourceType: 'hws.resource.type.metastudio.modeling.avatarlive.channel', amount: '2', chargingMode: 'PERIODIC' });
    await grant('onDemand', { resourceType: VIDEO, amount: '3', chargingMode: 'ON_DEMAND' });
    await ledger.store.transaction((tx) => tx.updatePackage(projectId, rows.old!.resourceId, { status: 1, updatedAt: ledger.now }));
  });
  afterAll(() => ledger?.close());

  it('searches packages with every filter, ON_DEMAND never included, in one stable order', async () => {
    const all = await search({});
    expect(all.total).toBe(8);
    expect(ids(all)).not.toContain(rows.onDemand!.resourceId);
    expect(ids(all).indexOf(rows.flexus!.resourceId)).toBeLessThan(ids(all).indexOf(rows['flexus:voice_clone_flexus']!.resourceId));
    const walked: string[] = [];
    for (let offset = 0; offset < 10; offset += 3) walked.push(...ids(await search({ limit: 3, offset })));
    expect(walked).toEqual(ids(all));
    expect(ids(await search({ resourceSources: ['ADMIN_ALLOCATED'] }))).toEqual([rows.admin!.resourceId]);
    expect(ids(await search({ orderIds: ['O1', 'nope'] }))).toEqual([rows.video!.resourceId]);
    expect(ids(await search({ resourceIds: [rows.admin!.resourceId, rows.old!.resourceId] })).sort())
      .toEqual([rows.admin!.resourceId, rows.old!.resourceId].sort());
    expect(ids(await search({ status: 1 }))).toEqual([rows.old!.resourceId]);
    expect((await search({ status: 0 })).total).toBe(7);
    expect(ids(await search({ chargingModes: ['PERIODIC'] }))).toEqual([rows.periodic!.resourceId]);
    expect((await search({ chargingModes: ['ON_DEMAND'] })).total).toBe(0);
    expect(ids(await search({ subResourceTypes: ['voice_clone_flexus'] }))).toEqual([rows['flexus:voice_clone_flexus']!.resourceId]);
    expect((await search({ businessTypes: ['VIDEO_2D'], resourceTypes: [VIDEO] })).total).toBe(2);
    const window = await search({ expiresFrom: new Date('2026-12-01T00:00:00Z'), expiresTo: new Date('2027-01-01T00:00:00Z') });
    expect(ids(window).sort()).toEqual([rows.admin!.resourceId, rows.video!.resourceId, rows.periodic!.resourceId].sort());
    const total = (await search({ limit: 1, offset: 100 })).total;
    expect(total).toBe(8);
  });

  it('counts expiring packages per business type, mode and source, a bundle once', async () => {
    const counts = await ledger.store.countExpiring({ projectId, businessTypes: [], expiresFrom: ledger.now });
    expect(counts).toEqual([
      { businessType: 'FLEXUS_2D', chargingMode: 'ONE_TIME', resourceSource: 'PURCHASED', count: 1 },
      { businessType: 'LIVE_2D', chargingMode: 'PERIODIC', resourceSource: 'PURCHASED', count: 1 },
      { businessType: 'VIDEO_2D', chargingMode: 'ONE_TIME', resourceSource: 'ADMIN_ALLOCATED', count: 1 },
      { businessType: 'VIDEO_2D', chargingMode: 'ONE_TIME', resourceSource: 'PURCHASED', count: 1 },
    ]);
    const narrowed = await ledger.store.countExpiring({
      projectId, businessTypes: ['VIDEO_2D', 'VOICE_CLONE'], expiresTo: new Date('2026-12-01T00:00:00Z'),
    });
    expect(narrowed.map((c) => [c.businessType, c.resourceSource, c.count])).toEqual([
      ['VIDEO_2D', 'ADMIN_ALLOCATED', 1], ['VOICE_CLONE', 'PURCHASED', 1],
    ]);
  });

  it('stores, lists and updates allocations with the customer\'s package, and bound assets', async () => {
    const customer = await ledger.addProject();
    await updateProject(ledger.ctx, { projectId: customer, parentProjectId: projectId });
    const a = await allocatePackage(ledger.ctx, { projectId, customerProjectId: customer, resourceId: rows.video!.resourceId, amount: '2.5' });
    const b = await allocatePackage(ledger.ctx, { projectId, customerProjectId: customer, resourceId: rows.video!.resourceId, amount: 1 });
    expect(await ledger.store.getAllocation(projectId, a.allocationId)).toEqual({
      projectId, allocationId: a.allocationId, sourceResourceId: rows.video!.resourceId, customerProjectId: customer,
      customerResourceId: a.customerResourceId, allocatedAmount: 2_500_000n, reclaimedAmount: 0n, status: 'active',
      createdAt: ledger.now, reclaimedAt: null, actor: 'operator:test', requestId: null,
    });
    const bySp = await ledger.store.listAllocations({ projectId, limit: 10, offset: 0 });
    const byCustomer = await ledger.store.listAllocations({ customerProjectId: customer, limit: 1, offset: 1 });
    expect(bySp.total).toBe(2);
    expect(bySp.allocations.map((x) => x.allocationId)).toEqual([a.allocationId, b.allocationId]);
    expect(bySp.allocations[0]!.customerPackage).toEqual(a.customerPackage);
    expect(byCustomer).toMatchObject({ total: 2, allocations: [{ allocationId: b.allocationId }] });
    await reclaimAllocation(ledger.ctx, { projectId, allocationId: a.allocationId });
    expect(await ledger.store.getAllocation(projectId, a.allocationId)).toMatchObject({
      status: 'reclaimed', reclaimedAmount: 2_500_000n, reclaimedAt: ledger.now,
    });
    expect((await ledger.store.getPackage(projectId, rows.video!.resourceId))!.amount).toBe(9_000_000n);
    await ledger.store.transaction((tx) => tx.updatePackage(customer, b.customerResourceId, {
      boundAsset: { assetId: 'a1', assetName: 'Ann' }, updatedAt: ledger.now,
    }));
    expect(await ledger.store.getPackage(customer, b.customerResourceId)).toMatchObject({ boundAssetId: 'a1', boundAssetName: 'Ann', amount: 1_000_000n });
    await ledger.store.transaction((tx) => tx.updatePackage(customer, b.customerResourceId, { boundAsset: null, updatedAt: ledger.now }));
    expect(await ledger.store.getPackage(customer, b.customerResourceId)).toMatchObject({ boundAssetId: null, boundAssetName: null });
    expect(await ledger.store.checkJournal()).toEqual([]);
  });

  it('lets concurrent allocations of one package never take more than it has left', async () => {
    const [source] = await ledger.grant(projectId, { resourceType: VIDEO, amount: '10' });
    const customer = await ledger.addProject();
    await updateProject(ledger.ctx, { projectId: customer, parentProjectId: projectId });
    const stores = await Promise.all(Array.from({ length: 8 }, () => ledger.concurrentStore()));
    const results = await Promise.allSettled(stores.map((store) => allocatePackage({ ...ledger.ctx, store }, {
      projectId, customerProjectId: customer, resourceId: source!.resourceId, amount: 3,
    })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as LedgerError).code).toBe('QUOTA_INSUFFICIENT');
    expect((await ledger.store.getPackage(projectId, source!.resourceId))!.amount).toBe(1_000_000n);
    expect(await ledger.store.countOverdrawn()).toBe(0);
  });
});
