// Unit tests for the burn-down planner: each draw-order rule, eligibility, all-or-nothing, overflow, apply and reverse.
import { describe, expect, it } from 'vitest';
import {
  applyAllocations,
  compareDrawOrder,
  isDrawable,
  planConsumption,
  reverseAllocations,
  type DrawablePackage,
} from '../../src/domain/burn-down.js';

const U = 1_000_000n;
const AT = new Date('2026-06-01T00:00:00Z');
const day = (offset: number): Date => new Date(AT.getTime() + offset * 86_400_000);

function pkg(resourceId: string, over: Partial<DrawablePackage> = {}): DrawablePackage {
  return {
    resourceId,
    amount: 10n * U,
    usage: 0n,
    status: 0,
    effectiveAt: day(-30),
    expiresAt: day(30),
    resourceSource: 'PURCHASED',
    chargingMode: 'ONE_TIME',
    createdAt: day(-30),
    ...over,
  };
}

const NO_OVERFLOW = { allowOverflow: false };

/** The resource ids in the order planConsumption draws them, asking for everything they hold. */
function drawOrder(packages: DrawablePackage[]): string[] {
  const total = packages.reduce((s, p) => s + p.amount - p.usage, 0n);
  const plan = planConsumption(packages, total, AT, NO_OVERFLOW);
  if (!plan.ok) throw new Error('expected a plan');
  return plan.allocations.map((a) => a.resourceId);
}

describe('compareDrawOrder and the draw order of planConsumption', () => {
  it('draws the soonest expiry first and never-expiring packages last', () => {
    const packages = [
      pkg('never', { expiresAt: null }),
      pkg('late', { expiresAt: day(90) }),
      pkg('soon', { expiresAt: day(1) }),
    ];
    expect(drawOrder(packages)).toEqual(['soon', 'late', 'never']);
    expect(compareDrawOrder(packages[2]!, packages[1]!)).toBeLessThan(0);
    expect(compareDrawOrder(packages[0]!, packages[1]!)).toBeGreaterThan(0);
  });

  it('expiry outranks source, mode and age', () => {
    const early = pkg('z-early', { expiresAt: day(1), resourceSource: 'PURCHASED', chargingMode: 'ON_DEMAND', createdAt: day(0) });
    const late = pkg('a-late', { expiresAt: day(2), resourceSource: 'ADMIN_ALLOCATED', chargingMode: 'ONE_TIME', createdAt: day(-100) });
    expect(compareDrawOrder(early, late)).toBeLessThan(0);
    expect(drawOrder([late, early])).toEqual(['z-early', 'a-late']);
  });

  it('at equal expiry draws ADMIN_ALLOCATED, then SP_ALLOCATED, then PURCHASED', () => {
    const packages = [
      pkg('a-purchased', { resourceSource: 'PURCHASED', createdAt: day(-90) }),
      pkg('b-sp', { resourceSource: 'SP_ALLOCATED', createdAt: day(-60) }),
      pkg('c-admin', { resourceSource: 'ADMIN_ALLOCATED', createdAt: day(-1) }),
    ];
    expect(drawOrder(packages)).toEqual(['c-admin', 'b-sp', 'a-purchased']);
  });

  it('source outranks charging mode', () => {
    const admin = pkg('admin', { resourceSource: 'ADMIN_ALLOCATED', chargingMode: 'ON_DEMAND' });
    const purchased = pkg('purchased', { resourceSource: 'PURCHASED', chargingMode: 'ONE_TIME' });
    expect(compareDrawOrder(admin, purchased)).toBeLessThan(0);
  });

  it('at equal expiry and source draws ONE_TIME, then PERIODIC, then ON_DEMAND', () => {
    const packages = [
      pkg('a-on-demand', { chargingMode: 'ON_DEMAND', createdAt: day(-90) }),
      pkg('b-periodic', { chargingMode: 'PERIODIC', createdAt: day(-60) }),
      pkg('c-one-time', { chargingMode: 'ONE_TIME', createdAt: day(-1) }),
    ];
    expect(drawOrder(packages)).toEqual(['c-one-time', 'b-periodic', 'a-on-demand']);
  });

  it('charging mode outranks age', () => {
    const oneTime = pkg('one-time', { chargingMode: 'ONE_TIME', createdAt: day(-1) });
    const periodic = pkg('periodic', { chargingMode: 'PERIODIC', createdAt: day(-100) });
    expect(compareDrawOrder(oneTime, periodic)).toBeLessThan(0);
  });

  it('with everything else equal draws the oldest createdAt first', () => {
    const packages = [pkg('a-new', { createdAt: day(-1) }), pkg('b-old', { createdAt: day(-9) }), pkg('c-mid', { createdAt: day(-5) })];
    expect(drawOrder(packages)).toEqual(['b-old', 'c-mid', 'a-new']);
  });

  it('breaks a full tie by resourceId, so the order is total and does not depend on input order', () => {
    const b = pkg('b');
    const a = pkg('a');
    expect(compareDrawOrder(a, b)).toBeLessThan(0);
    expect(compareDrawOrder(b, a)).toBeGreaterThan(0);
    expect(compareDrawOrder(a, pkg('a'))).toBe(0);
    expect(drawOrder([b, a])).toEqual(['a', 'b']);
    expect(drawOrder([a, b])).toEqual(['a', 'b']);
  });

  it('places unknown sources and modes after the known ones', () => {
    expect(compareDrawOrder(pkg('x', { resourceSource: 'PURCHASED' }), pkg('a', { resourceSource: 'GIFT' }))).toBeLessThan(0);
    expect(compareDrawOrder(pkg('x', { chargingMode: 'ON_DEMAND' }), pkg('a', { chargingMode: 'TRIAL' }))).toBeLessThan(0);
    // Inherited object keys are not ranks.
    expect(compareDrawOrder(pkg('x', { resourceSource: 'PURCHASED' }), pkg('a', { resourceSource: 'toString' }))).toBeLessThan(0);
  });
});

describe('isDrawable', () => {
  it('accepts a normal package in effect with something left', () => {
    expect(isDrawable(pkg('p'), AT)).toBe(true);
    expect(isDrawable(pkg('p', { usage: 10n * U - 1n }), AT)).toBe(true);
    expect(isDrawable(pkg('p', { expiresAt: null }), AT)).toBe(true);
  });

  it('skips frozen, exhausted, expired and not-yet-effective packages', () => {
    expect(isDrawable(pkg('p', { status: 1 }), AT)).toBe(false);
    expect(isDrawable(pkg('p', { usage: 10n * U }), AT)).toBe(false);
    expect(isDrawable(pkg('p', { expiresAt: day(-1) }), AT)).toBe(false);
    expect(isDrawable(pkg('p', { effectiveAt: day(1) }), AT)).toBe(false);
  });

  it('is in effect from effectiveAt inclusive to expiresAt exclusive', () => {
    expect(isDrawable(pkg('p', { effectiveAt: AT }), AT)).toBe(true);
    expect(isDrawable(pkg('p', { effectiveAt: new Date(AT.getTime() + 1) }), AT)).toBe(false);
    expect(isDrawable(pkg('p', { expiresAt: AT }), AT)).toBe(false);
    expect(isDrawable(pkg('p', { expiresAt: new Date(AT.getTime() + 1) }), AT)).toBe(true);
  });

  it('treats an invalid date as not drawable', () => {
    expect(isDrawable(pkg('p'), new Date(NaN))).toBe(false);
    expect(isDrawable(pkg('p', { effectiveAt: new Date(NaN) }), AT)).toBe(false);
    expect(isDrawable(pkg('p', { expiresAt: new Date(NaN) }), AT)).toBe(false);
    // Even a package in effect since the earliest representable date is not drawable at an invalid time.
    expect(isDrawable(pkg('p', { effectiveAt: new Date(-8.64e15), expiresAt: null }), new Date(NaN))).toBe(false);
  });

  it('planConsumption skips every non-drawable package even when it would come first', () => {
    const packages = [
      pkg('frozen', { status: 1, expiresAt: day(1) }),
      pkg('expired', { expiresAt: day(-1) }),
      pkg('future', { effectiveAt: day(1), expiresAt: day(1) }),
      pkg('exhausted', { usage: 10n * U, expiresAt: day(1) }),
      pkg('good', { expiresAt: day(2) }),
    ];
    expect(planConsumption(packages, 3n * U, AT, NO_OVERFLOW)).toEqual({
      ok: true,
      allocations: [{ resourceId: 'good', quantity: 3n * U }],
      overflow: 0n,
    });
    expect(planConsumption(packages, 11n * U, AT, NO_OVERFLOW)).toEqual({ ok: false, available: 10n * U });
  });
});

describe('planConsumption', () => {
  const packages = [
    pkg('first', { amount: 2n * U, usage: 500_000n, expiresAt: day(1) }),
    pkg('second', { amount: 3n * U, expiresAt: day(2) }),
    pkg('third', { amount: 1n * U, expiresAt: null }),
  ];

  it('takes from one package when it covers the quantity', () => {
    expect(planConsumption(packages, 1n, AT, NO_OVERFLOW)).toEqual({
      ok: true,
      allocations: [{ resourceId: 'first', quantity: 1n }],
      overflow: 0n,
    });
  });

  it('exhausts each package before moving to the next, in draw order', () => {
    expect(planConsumption(packages, 2n * U, AT, NO_OVERFLOW)).toEqual({
      ok: true,
      allocations: [
        { resourceId: 'first', quantity: 1_500_000n },
        { resourceId: 'second', quantity: 500_000n },
      ],
      overflow: 0n,
    });
  });

  it('takes exactly everything when the quantity equals what is available', () => {
    expect(planConsumption(packages, 5_500_000n, AT, NO_OVERFLOW)).toEqual({
      ok: true,
      allocations: [
        { resourceId: 'first', quantity: 1_500_000n },
        { resourceId: 'second', quantity: 3n * U },
        { resourceId: 'third', quantity: 1n * U },
      ],
      overflow: 0n,
    });
  });

  it('refuses all or nothing and states how much was available', () => {
    expect(planConsumption(packages, 5_500_001n, AT, NO_OVERFLOW)).toEqual({ ok: false, available: 5_500_000n });
    expect(planConsumption([], 1n, AT, NO_OVERFLOW)).toEqual({ ok: false, available: 0n });
  });

  it('with overflow allowed, takes everything and bills the rest as overflow', () => {
    expect(planConsumption(packages, 7n * U, AT, { allowOverflow: true })).toEqual({
      ok: true,
      allocations: [
        { resourceId: 'first', quantity: 1_500_000n },
        { resourceId: 'second', quantity: 3n * U },
        { resourceId: 'third', quantity: 1n * U },
      ],
      overflow: 1_500_000n,
    });
    expect(planConsumption([], 2n, AT, { allowOverflow: true })).toEqual({ ok: true, allocations: [], overflow: 2n });
  });

  it('with overflow allowed but not needed, has no overflow', () => {
    expect(planConsumption(packages, 1n * U, AT, { allowOverflow: true })).toEqual({
      ok: true,
      allocations: [{ resourceId: 'first', quantity: 1n * U }],
      overflow: 0n,
    });
  });

  it('refuses a quantity that is not positive', () => {
    expect(() => planConsumption(packages, 0n, AT, NO_OVERFLOW)).toThrow(RangeError);
    expect(() => planConsumption(packages, -1n, AT, { allowOverflow: true })).toThrow(RangeError);
  });

  it('refuses corrupt input: a negative usage or a repeated resourceId', () => {
    expect(() => planConsumption([pkg('p', { usage: -1n })], 1n, AT, NO_OVERFLOW)).toThrow(/negative usage/);
    expect(() => planConsumption([pkg('p'), pkg('p')], 1n, AT, NO_OVERFLOW)).toThrow(/twice/);
  });

  it('does not reorder or change its input', () => {
    const input = packages.map((p) => Object.freeze({ ...p }));
    const ids = input.map((p) => p.resourceId);
    planConsumption(Object.freeze(input), 2n * U, AT, NO_OVERFLOW);
    expect(input.map((p) => p.resourceId)).toEqual(ids);
  });
});

describe('applyAllocations and reverseAllocations', () => {
  type Row = DrawablePackage & { projectId: string };
  const rows: readonly Row[] = Object.freeze([
    Object.freeze({ ...pkg('a', { amount: 2n * U, usage: 1n * U }), projectId: 'p1' }),
    Object.freeze({ ...pkg('b', { amount: 3n * U }), projectId: 'p1' }),
  ]);

  it('adds each allocation to its package and keeps the extra fields', () => {
    const after = applyAllocations(rows, [
      { resourceId: 'b', quantity: 2n },
      { resourceId: 'a', quantity: 1n * U },
    ]);
    expect(after.map((r) => [r.resourceId, r.usage, r.projectId])).toEqual([
      ['a', 2n * U, 'p1'],
      ['b', 2n, 'p1'],
    ]);
    expect(after).not.toBe(rows);
    expect(rows[0]!.usage).toBe(1n * U);
    expect(rows[1]!.usage).toBe(0n);
  });

  it('reversal gives back exactly what was taken', () => {
    const allocations = [
      { resourceId: 'a', quantity: 1n * U },
      { resourceId: 'b', quantity: 123_456n },
    ];
    const back = reverseAllocations(applyAllocations(rows, allocations), allocations);
    expect(back).toEqual(rows);
    expect(reverseAllocations(rows, [{ resourceId: 'a', quantity: 1n }])[0]!.usage).toBe(1n * U - 1n);
  });

  it('throws rather than push usage above amount', () => {
    expect(() => applyAllocations(rows, [{ resourceId: 'a', quantity: 1n * U + 1n }])).toThrow(/outside/);
    expect(applyAllocations(rows, [{ resourceId: 'a', quantity: 1n * U }])[0]!.usage).toBe(2n * U);
    // Two allocations that fit one by one but not together.
    expect(() =>
      applyAllocations(rows, [
        { resourceId: 'b', quantity: 2n * U },
        { resourceId: 'b', quantity: 2n * U },
      ]),
    ).toThrow(/outside/);
  });

  it('throws rather than push usage below 0', () => {
    expect(() => reverseAllocations(rows, [{ resourceId: 'b', quantity: 1n }])).toThrow(/outside/);
    expect(() => reverseAllocations(rows, [{ resourceId: 'a', quantity: 1n * U + 1n }])).toThrow(/outside/);
  });

  it('throws on an unknown package, a non-positive allocation or a repeated resourceId', () => {
    expect(() => applyAllocations(rows, [{ resourceId: 'zzz', quantity: 1n }])).toThrow(/unknown package/);
    expect(() => applyAllocations(rows, [{ resourceId: 'a', quantity: 0n }])).toThrow(/> 0/);
    expect(() => reverseAllocations(rows, [{ resourceId: 'a', quantity: -1n }])).toThrow(/> 0/);
    expect(() => applyAllocations([...rows, rows[0]!], [{ resourceId: 'b', quantity: 1n }])).toThrow(/twice/);
  });

  it('applying a plan made from the same packages lands every package within 0..amount', () => {
    const packages = [pkg('x', { amount: 1n * U, usage: 999_999n }), pkg('y', { amount: 5n * U })];
    const plan = planConsumption(packages, 2n * U, AT, NO_OVERFLOW);
    if (!plan.ok) throw new Error('expected a plan');
    expect(applyAllocations(packages, plan.allocations).map((p) => p.usage)).toEqual([1n * U, 2n * U - 1n]);
  });
});
