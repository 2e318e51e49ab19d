// grantPackage: what the catalog allows, what quantities are refused, and the journal it writes.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LedgerError } from '../../src/domain/errors.js';
import { createTestLedger, describeBackends, type TestLedger } from '../support/ledger.js';

describeBackends('grantPackage', (backend) => {
  let ledger: TestLedger;
  let projectId: string;

  beforeAll(async () => {
    ledger = await createTestLedger(new Date('2026-11-26T12:00:00Z'), backend);
    projectId = await ledger.addProject();
  });
  afterAll(() => ledger?.close());

  async function refusal(input: Parameters<TestLedger['grant']>[1], project = projectId): Promise<LedgerError> {
    const err = await ledger.grant(project, input).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(LedgerError);
    return err as LedgerError;
  }

  it('takes business type and unit from the catalog and a year of validity for ONE_TIME', async () => {
    const [p] = await ledger.grant(projectId, { resourceType: 'video_time_2d_model', amount: '12.5' });
    expect(p).toMatchObject({ businessType: 'VIDEO_2D', unit: 'MIN', chargingMode: 'ONE_TIME', resourceSource: 'PURCHASED', amount: 12_500_000n, usage: 0n, status: 0 });
    expect(p!.expiresAt?.toISOString()).toBe('2027-11-26T12:00:00.000Z');
  });

  it('refuses a unit or business type that contradicts the catalog, naming it', async () => {
    expect((await refusal({ resourceType: 'video_time_2d_model', amount: '1', unit: 'NUM' })).message).toContain('NUM');
    expect((await refusal({ resourceType: 'video_time_2d_model', amount: '1', businessType: 'LIVE_2D' })).code).toBe('INVALID_PARAMETER');
    expect((await refusal({ resourceType: 'no_such_type', amount: '1' })).message).toContain('no_such_type');
  });

  it.each([
    ['too many decimals', '0.0000001'], ['negative', '-1'], ['NaN', 'NaN'], ['over a million', '1000000.000001'],
    ['not a number', 'ten'], ['empty', ''],
  ])('refuses an amount that is %s', async (_label, amount) => {
    expect((await refusal({ resourceType: 'video_time_2d_model', amount })).code).toBe('INVALID_PARAMETER');
  });

  it('accepts exactly 1000000 with 6 decimals of precision elsewhere', async () => {
    const [big] = await ledger.grant(projectId, { resourceType: 'video_time_2d_model', amount: '1000000' });
    const [fine] = await ledger.grant(projectId, { resourceType: 'video_time_2d_model', amount: '0.000001' });
    expect(big!.amount).toBe(1_000_000_000_000n);
    expect(fine!.amount).toBe(1n);
  });

  it('refuses usage above amount, bad timestamps and an end before the start', async () => {
    expect((await refusal({ resourceType: 'video_time_2d_model', amount: '1', usage: '1.5' })).message).toContain('usage');
    expect((await refusal({ resourceType: 'video_time_2d_model', amount: '1', expiresAt: 'tomorrow' })).message).toContain('tomorrow');
    expect((await refusal({ resourceType: 'video_time_2d_model', amount: '1', effectiveAt: '2026-02-30T00:00:00Z' })).code).toBe('INVALID_PARAMETER');
    expect((await refusal({ resourceType: 'video_time_2d_model', amount: '1', effectiveAt: '2026-12-01T00:00:00Z', expiresAt: '2026-11-01T00:00:00Z' })).code).toBe('INVALID_PARAMETER');
  });

  it('accepts an expiry in the past when importing (the package simply never counts)', async () => {
    const [p] = await ledger.grant(projectId, {
      resourceType: 'voice_clone_basic', amount: '3', usage: '3', effectiveAt: '2024-01-01T00:00:00Z', expiresAt: '2025-01-01T00:00:00Z',
    });
    expect(p!.expiresAt?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
  });

  it('refuses a project that does not exist and writes nothing', async () => {
    const err = await refusal({ resourceType: 'video_time_2d_model', amount: '1' }, 'missing-project');
    expect(err.code).toBe('NOT_FOUND');
    expect(await ledger.store.getProject('missing-project')).toBeUndefined();
  });

  it('creates a bundle with its sub-resource packages, scaled per unit', async () => {
    const rows = await ledger.grant(projectId, { resourceType: 'hws.resource.type.metastudio.modeling.flexus.avatar.number', amount: '2' });
    expect(rows.map((r) => [r.subResourceType, r.isSubResource, r.unit, r.amount])).toEqual([
      [null, false, 'NUM', 2_000_000n],
      ['video_time_flexus_2d_model', true, 'MIN', 240_000_000n],
      ['modeling_count_2d_model_flexus', true, 'NUM', 2_000_000n],
      ['voice_clone_flexus', true, 'NUM', 2_000_000n],
    ]);
    expect(rows.slice(1).every((r) => r.parentResourceId === rows[0]!.resourceId)).toBe(true);
  });

  it('grants one sub-resource on its own with the sub-resource unit', async () => {
    const [p] = await ledger.grant(projectId, {
      resourceType: 'hws.resource.type.metastudio.modeling.flexus.avatar.number', subResourceType: 'video_time_flexus_2d_model', amount: '30',
    });
    expect(p).toMatchObject({ isSubResource: true, subResourceType: 'video_time_flexus_2d_model', unit: 'MIN', amount: 30_000_000n });
    expect((await refusal({ resourceType: 'video_time_2d_model', subResourceType: 'voice_clone_flexus', amount: '1' })).code).toBe('INVALID_PARAMETER');
  });

  it('journals every grant with the balance after it', async () => {
    const [p] = await ledger.grant(projectId, { resourceType: 'modeling_count_2d_model', amount: '4', usage: '1' });
    const entries = await ledger.store.listJournal({ projectId, resourceId: p!.resourceId, limit: 10 });
    expect(entries).toEqual([expect.objectContaining({
      kind: 'granted', amountDelta: 4_000_000n, usageDelta: 1_000_000n, amountAfter: 4_000_000n, usageAfter: 1_000_000n, actor: 'operator:test',
    })]);
  });
});
