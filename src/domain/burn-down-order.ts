// Which packages a consumption may draw from at a given time, and the published order it draws them in.
import { RESOURCE_STATUS_NORMAL, type ChargingMode, type ResourceSource } from './enums.js';

/** The fields of a resource package that the burn-down planner reads. */
export interface DrawablePackage {
  resourceId: string;
  /** Micro-units. */
  amount: bigint;
  /** Micro-units, 0 <= usage <= amount. */
  usage: bigint;
  /** 1 = frozen. */
  status: 0 | 1;
  effectiveAt: Date;
  /** null = never expires. */
  expiresAt: Date | null;
  /** PURCHASED | SP_ALLOCATED | ADMIN_ALLOCATED */
  resourceSource: string;
  /** ONE_TIME | PERIODIC | ON_DEMAND */
  chargingMode: string;
  createdAt: Date;
}

// Allocated grants are drawn first: they are usually free to the tenant and purchased ones keep their value.
const SOURCE_RANK: Readonly<Record<ResourceSource, number>> = {
  ADMIN_ALLOCATED: 0,
  SP_ALLOCATED: 1,
  PURCHASED: 2,
};

// One-off before periodic (which renews anyway) before pay-per-use (which costs per unit).
const MODE_RANK: Readonly<Record<ChargingMode, number>> = {
  ONE_TIME: 0,
  PERIODIC: 1,
  ON_DEMAND: 2,
};

// Values outside the enumeration (an operator extension or a bad row) still get a fixed place: last.
const UNKNOWN_RANK = 3;

function rankOf(ranks: Readonly<Record<string, number>>, value: string): number {
  return Object.hasOwn(ranks, value) ? (ranks[value] ?? UNKNOWN_RANK) : UNKNOWN_RANK;
}

/** In effect at `at` (effectiveAt <= at < expiresAt), not frozen, something left. */
export function isDrawable(p: DrawablePackage, at: Date): boolean {
  const now = at.getTime();
  // Written as positive comparisons so an invalid Date (NaN) makes a package not drawable, never drawable.
  const started = p.effectiveAt.getTime() <= now;
  const notExpired = p.expiresAt === null || now < p.expiresAt.getTime();
  // Only an explicitly normal status draws, so an unexpected status value fails closed.
  return started && notExpired && p.status === RESOURCE_STATUS_NORMAL && p.usage < p.amount;
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function expiryKey(p: DrawablePackage): number {
  return p.expiresAt === null ? Number.POSITIVE_INFINITY : p.expiresAt.getTime();
}

/**
 * The published draw order: soonest expiry first (never-expiring last); then allocated before
 * purchased (ADMIN_ALLOCATED, SP_ALLOCATED, PURCHASED); then ONE_TIME before PERIODIC before
 * ON_DEMAND; then oldest createdAt first; then resourceId (total order, deterministic).
 */
export function compareDrawOrder(a: DrawablePackage, b: DrawablePackage): number {
  return (
    compareNumbers(expiryKey(a), expiryKey(b)) ||
    compareNumbers(rankOf(SOURCE_RANK, a.resourceSource), rankOf(SOURCE_RANK, b.resourceSource)) ||
    compareNumbers(rankOf(MODE_RANK, a.chargingMode), rankOf(MODE_RANK, b.chargingMode)) ||
    compareNumbers(a.createdAt.getTime(), b.createdAt.getTime()) ||
    // Code-unit order, not localeCompare: the order must not depend on the server's locale.
    (a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : 0)
  );
}
