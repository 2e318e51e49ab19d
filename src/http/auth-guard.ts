// Lock-out after repeated signature or sign-in failures, and the per-credential rate limit, kept per app.
import { Lockout } from '../auth/lockout.js';
import { RateLimiter } from '../auth/rate-limiter.js';
import { LedgerError } from '../domain/errors.js';
import type { AppDeps } from './deps.js';

/** As Huawei's gateway: 5 consecutive failures lock the key for 5 minutes. */
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_MS = 5 * 60 * 1000;

interface Guard {
  lockout: Lockout;
  limiter: RateLimiter | undefined;
}

// One guard per deps object, i.e. per app: state is process memory, so each instance counts on its own
// (documented: with N instances an attacker gets up to 5 x N tries per 5 minutes).
const guards = new WeakMap<AppDeps, Guard>();

function guardOf(deps: AppDeps): Guard {
  let guard = guards.get(deps);
  if (!guard) {
    guard = { lockout: new Lockout(LOCKOUT_FAILURES, LOCKOUT_MS), limiter: deps.rateLimit ? new RateLimiter(deps.rateLimit) : undefined };
    guards.set(deps, guard);
  }
  return guard;
}

const nowMs = (deps: AppDeps) => (deps.clock ? deps.clock() : new Date()).getTime();

/** Refuses a locked key before any verification work (unknown keys lock too, so this reveals nothing). */
export function refuseIfLocked(deps: AppDeps, key: string, message: string): void {
  if (guardOf(deps).lockout.lockedUntil(key, nowMs(deps)) !== undefined) throw new LedgerError('UNAUTHENTICATED', message);
}

export function recordFailure(deps: AppDeps, key: string): void {
  guardOf(deps).lockout.recordFailure(key, nowMs(deps));
}

export function recordSuccess(deps: AppDeps, key: string): void {
  guardOf(deps).lockout.recordSuccess(key);
}

/** Counts one request against the credential's rate limit; 429 APIG.0308 with Retry-After when over it. */
export function throttle(deps: AppDeps, key: string): void {
  const limiter = guardOf(deps).limiter;
  if (!limiter) return;
  const result = limiter.take(key, nowMs(deps));
  if (!result.ok) {
    throw new LedgerError('RATE_LIMITED', 'too many requests for this credential', {
      headers: { 'Retry-After': String(Math.max(1, Math.ceil(result.retryAfterMs / 1000))) },
    });
  }
}
