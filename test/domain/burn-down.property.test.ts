// Property tests: a simulated ledger of random records and reversals keeps every burn-down promise.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyAllocations,
  compareDrawOrder,
  planConsumption,
  reverseAllocations,
  type Allocation,
  type DrawablePackage,
} from '../../src/domain/burn-down.js';

const U = 1_000_000n;
const DAY = 86_400_000;
const BASE = Date.parse('2026-06-01T00:00:00Z');
const day = (offset: number): Date => new Date(BASE + offset * DAY);

// An independent model of the published rules, so the properties do not check the code against itself.
const SOURCES = ['ADMIN_ALLOCATED', 'SP_ALLOCATED', 'PURCHASED'];
const MODES = ['ONE_TIME', 'PERIODIC', 'ON_DEMAND'];

function modelDrawable(p: DrawablePackage, at: Date): boolean {
  const t = at.getTime();
  const inEffect = p.effectiveAt.getTime() <= t && (p.expiresAt === null || t < p.expiresAt.getTime());
  return inEffect && p.status === 0 && p.usage < p.amount;
}

function modelCompare(a: DrawablePackage, b: DrawablePackage): number {
  const key = (p: DrawablePackage): (number | string)[] => [
    p.expiresAt === null ? Infinity : p.expiresAt.getTime(),
    SOURCES.indexOf(p.resourceSource),
    MODES.indexOf(p.chargingMode),
    p.createdAt.getTime(),
    p.resourceId,
  ];
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i++) {
    if (ka[i]! < kb[i]!) return -1;
    if (ka[i]! > kb[i]!) return 1;
  }
  return 0;
}

/** Amounts in micros with up to 6 decimals: whole units, tenths, and arbitrary micros. */
const amountArb = fc.oneof(
  fc.bigInt({ min: 1n, max: 50n }).map((n) => n * U),
  fc.bigInt({ min: 1n, max: 500n }).map((n) => n * (U / 10n)),
  fc.bigInt({ min: 1n, max: 50n * U }),
);

const packageArb = fc.record({
  tag: fc.constantFrom('a', 'b', 'c'),
  amount: amountArb,
  usedPermille: fc.oneof(
    { weight: 2, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.constant(1000) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 1000 }) },
  ),
  // About a quarter frozen: enough to matter, few enough to leave something drawable.
  frozen: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  effective: fc.constantFrom(-60, -10, 0, 5),
  expires: fc.option(fc.constantFrom(-5, 0, 3, 10, 10, 40), { nil: null, freq: 3 }),
  source: fc.constantFrom(...SOURCES),
  mode: fc.constantFrom(...MODES),
  created: fc.constantFrom(-90, -60, -60, -30),
});

const packagesArb = fc.array(packageArb, { minLength: 0, maxLength: 12, size: 'medium' }).map((rows) =>
  rows.map(
    (r, i): DrawablePackage =>
      Object.freeze({
        // The tag, not the index, leads the id so the id tie-break is not just input order.
        resourceId: `${r.tag}-${i}`,
        amount: r.amount,
        usage: (r.amount * BigInt(r.usedPermille)) / 1000n,
        status: r.frozen ? 1 : 0,
        effectiveAt: day(r.effective),
        expiresAt: r.expires === null ? null : day(r.expires),
        resourceSource: r.source,
        chargingMode: r.mode,
        createdAt: day(r.created),
      }),
  ),
);

type Op =
  | { kind: 'record'; quantity: bigint; allowOverflow: boolean; atOffset: number }
  | { kind: 'reverse'; latest: boolean; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('record' as const),
      quantity: fc.oneof(
        fc.bigInt({ min: 1n, max: 5n * U }),
        fc.bigInt({ min: 1n, max: 60n * U }),
        fc.bigInt({ min: 1n, max: 30n }).map((n) => n * U),
      ),
      allowOverflow: fc.boolean(),
      atOffset: fc.constantFrom(-1, 0, 0, 0, 2, 7),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('reverse' as const), latest: fc.boolean(), pick: fc.nat() }),
  },
);

interface Applied {
  allocations: Allocation[];
  taken: bigint;
  before: readonly DrawablePackage[];
}

const sum = (xs: Iterable<bigint>): bigint => [...xs].reduce((s, x) => s + x, 0n);
const remaining = (p: DrawablePackage): bigint => p.amount - p.usage;

/** Checks one plan against the model and returns it applied, or the unchanged state when refused. */
function record(state: readonly DrawablePackage[], op: Extract<Op, { kind: 'record' }>): Applied | null {
  const at = new Date(BASE + op.atOffset * DAY);
  const drawable = state.filter((p) => modelDrawable(p, at)).sort(modelCompare);
  const available = sum(drawable.map(remaining));
  const snapshot = structuredClone(state);
  const plan = planConsumption(state, op.quantity, at, { allowOverflow: op.allowOverflow });
  expect(state).toEqual(snapshot);

  if (!plan.ok) {
    expect(op.allowOverflow).toBe(false);
    expect(plan.available).toBe(available);
    expect(available).toBeLessThan(op.quantity);
    return null;
  }
  const { allocations, overflow } = plan;
  expect(sum(allocations.map((a) => a.quantity))).toBe(op.quantity - overflow);
  expect(overflow).toBe(available >= op.quantity ? 0n : op.quantity - available);
  if (overflow > 0n) expect(op.allowOverflow).toBe(true);
  // The published order: allocations are a prefix of the drawable packages in draw order, and
  // every one but the last exhausts its package.
  expect(allocations.map((a) => a.resourceId)).toEqual(drawable.slice(0, allocations.length).map((p) => p.resourceId));
  allocations.forEach((a, i) => {
    const p = drawable[i]!;
    expect(a.quantity).toBeGreaterThan(0n);
    expect(a.quantity).toBeLessThanOrEqual(remaining(p));
    if (i < allocations.length - 1) expect(a.quantity).toBe(remaining(p));
  });

  const after = applyAllocations(state, allocations);
  expect(state).toEqual(snapshot);
  const given = new Map(allocations.map((a) => [a.resourceId, a.quantity]));
  after.forEach((p, i) => expect(p.usage - state[i]!.usage).toBe(given.get(p.resourceId) ?? 0n));
  allocations.slice(0, -1).forEach((a) => expect(remaining(after.find((p) => p.resourceId === a.resourceId)!)).toBe(0n));
  return { allocations, taken: op.quantity - overflow, before: state };
}

/** What the ledger must look like: the start, plus exactly what the live records took. */
function expectLedger(start: readonly DrawablePackage[], state: readonly DrawablePackage[], live: readonly Applied[]): void {
  const taken = new Map<string, bigint>();
  for (const r of live) for (const a of r.allocations) taken.set(a.resourceId, (taken.get(a.resourceId) ?? 0n) + a.quantity);
  expect(state.length).toBe(start.length);
  state.forEach((p, i) => {
    expect(p.usage).toBeGreaterThanOrEqual(0n);
    expect(p.usage).toBeLessThanOrEqual(p.amount);
    expect(p).toEqual({ ...start[i]!, usage: start[i]!.usage + (taken.get(p.resourceId) ?? 0n) });
  });
  const deltas = sum(state.map((p, i) => p.usage - start[i]!.usage));
  expect(deltas).toBe(sum(live.map((r) => r.taken)));
}

function simulate(start: readonly DrawablePackage[], ops: readonly Op[], finalPicks: readonly number[]): void {
  let state: readonly DrawablePackage[] = Object.freeze(start.slice());
  const live: Applied[] = [];
  let lastApplied: Applied | null = null;

  for (const op of ops) {
    if (op.kind === 'record') {
      const applied = record(state, op);
      if (applied) {
        state = Object.freeze(applyAllocations(state, applied.allocations).map((p) => Object.freeze(p)));
        live.push(applied);
        lastApplied = applied;
      }
    } else if (live.length > 0) {
      const index = op.latest ? live.length - 1 : op.pick % live.length;
      const [target] = live.splice(index, 1);
      const before = state;
      state = Object.freeze(reverseAllocations(state, target!.allocations).map((p) => Object.freeze(p)));
      expect(before).toEqual(structuredClone(before));
      // Reversing the record that made the most recent change restores that exact earlier state.
      if (target === lastApplied) expect(state).toEqual(target.before);
      lastApplied = null;
    }
    expectLedger(start, state, live);
  }

  for (const pick of [...finalPicks, ...live.map(() => 0)]) {
    if (live.length === 0) break;
    const [target] = live.splice(pick % live.length, 1);
    state = reverseAllocations(state, target!.allocations);
    expectLedger(start, state, live);
  }
  expect(state).toEqual(start);
}

describe('burn-down properties', () => {
  it('a simulated ledger of records and reversals keeps every promise', () => {
    fc.assert(
      fc.property(
        packagesArb,
        fc.array(opArb, { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (start, ops, finalPicks) => simulate(start, ops, finalPicks),
      ),
      { numRuns: 200 },
    );
  });

  it('compareDrawOrder is the published total order', () => {
    fc.assert(
      fc.property(packagesArb, (packages) => {
        for (const a of packages) {
          for (const b of packages) {
            expect(Math.sign(compareDrawOrder(a, b))).toBe(modelCompare(a, b));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
