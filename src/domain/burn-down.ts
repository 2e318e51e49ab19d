// The consumption planner ("burn-down"): splits a quantity across a project's packages, and applies or reverses that split.
import { compareDrawOrder, isDrawable, type DrawablePackage } from './burn-down-order.js';

export { compareDrawOrder, isDrawable, type DrawablePackage } from './burn-down-order.js';

/** What one package gives to one usage record, in micro-units (always > 0). */
export interface Allocation {
  resourceId: string;
  quantity: bigint;
}

export type ConsumptionPlan =
  | { ok: true; allocations: Allocation[]; overflow: bigint }
  | { ok: false; available: bigint };

/**
 * All or nothing: draws `quantity` (> 0) from the packages drawable at `at`, in draw order, each
 * giving at most amount - usage. What they cannot cover becomes billable `overflow` when
 * `allowOverflow` is set; otherwise the plan is refused with the total they could have given.
 */
export function planConsumption(
  packages: readonly DrawablePackage[],
  quantity: bigint,
  at: Date,
  opts: { allowOverflow: boolean },
): ConsumptionPlan {
  if (quantity <= 0n) throw new RangeError(`burn-down: quantity must be > 0, got ${quantity}`);
  const drawable = packages.filter((p) => isDrawable(p, at));
  assertSound(drawable);
  drawable.sort(compareDrawOrder);

  const allocations: Allocation[] = [];
  let left = quantity;
  for (const p of drawable) {
    if (left === 0n) break;
    const remaining = p.amount - p.usage;
    const take = remaining < left ? remaining : left;
    allocations.push({ resourceId: p.resourceId, quantity: take });
    left -= take;
  }
  if (left === 0n || opts.allowOverflow) return { ok: true, allocations, overflow: left };
  // The loop ran through every drawable package, so what it took is everything they hold.
  return { ok: false, available: quantity - left };
}

// A negative usage would let a package give more than its amount, and a repeated id would be drawn
// twice; both mean corrupt input, so refuse loudly instead of planning on it.
function assertSound(drawable: readonly DrawablePackage[]): void {
  const seen = new Set<string>();
  for (const p of drawable) {
    if (p.usage < 0n) throw new Error(`burn-down: package ${p.resourceId} has negative usage ${p.usage}`);
    if (seen.has(p.resourceId)) throw new Error(`burn-down: package ${p.resourceId} appears twice`);
    seen.add(p.resourceId);
  }
}

/** Returns the packages with each allocation added to its package's usage; never mutates the input. */
export function applyAllocations<T extends DrawablePackage>(
  packages: readonly T[],
  allocations: readonly Allocation[],
): T[] {
  return shiftUsage(packages, allocations, 1n);
}

/** Gives back exactly what a record's allocations took, from the same packages; never mutates the input. */
export function reverseAllocations<T extends DrawablePackage>(
  packages: readonly T[],
  allocations: readonly Allocation[],
): T[] {
  return shiftUsage(packages, allocations, -1n);
}

// The throws below are bug guards: a correct plan applied to the state it was made from never trips them,
// and tripping one must stop the write rather than store a usage outside 0..amount.
function shiftUsage<T extends DrawablePackage>(
  packages: readonly T[],
  allocations: readonly Allocation[],
  sign: 1n | -1n,
): T[] {
  const result = packages.slice();
  const indexById = new Map<string, number>();
  result.forEach((p, i) => {
    if (indexById.has(p.resourceId)) throw new Error(`burn-down: package ${p.resourceId} appears twice`);
    indexById.set(p.resourceId, i);
  });

  for (const { resourceId, quantity } of allocations) {
    if (quantity <= 0n) throw new Error(`burn-down: allocation to ${resourceId} must be > 0, got ${quantity}`);
    const index = indexById.get(resourceId);
    const current = index === undefined ? undefined : result[index];
    if (index === undefined || current === undefined) {
      throw new Error(`burn-down: allocation names unknown package ${resourceId}`);
    }
    const usage = current.usage + sign * quantity;
    if (usage < 0n || usage > current.amount) {
      throw new Error(
        `burn-down: package ${resourceId} usage would become ${usage}, outside 0..${current.amount}`,
      );
    }
    result[index] = { ...current, usage };
  }
  return result;
}
