// Pure pieces of token authentication and hardening: token signing, password hashing, lock-out, rate limiting.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Lockout } from '../../src/auth/lockout.js';
import { hashPassword, verifyPassword } from '../../src/auth/password-hash.js';
import { parseRateLimit, RateLimiter } from '../../src/auth/rate-limiter.js';
import { signToken, verifyToken, type TokenClaims } from '../../src/auth/tokens.js';

const key = crypto.randomBytes(32);
const now = new Date('2026-06-01T12:00:00Z');
const claims: TokenClaims = { projectId: 'p1', userId: 'u1', generation: 3, issuedAt: now, expiresAt: new Date(now.getTime() + 1000) };

describe('tokens', () => {
  it('round-trips the claims', () => {
    expect(verifyToken(key, signToken(key, claims), now)).toEqual({ ok: true, claims });
  });

  it('refuses a changed payload, another key, garbage and an expired token', () => {
    const token = signToken(key, claims);
    const [prefix, payload, mac] = token.split('.') as [string, string, string];
    const raised = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), p: 'p2' })).toString('base64url');
    expect(verifyToken(key, `${prefix}.${raised}.${mac}`, now)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyToken(crypto.randomBytes(32), token, now)).toEqual({ ok: false, reason: 'bad_signature' });
    for (const junk of ['', 'TL1', 'TL1..', `TL2.${payload}.${mac}`, `${token}.x`, 'x'.repeat(5000)]) {
      expect(verifyToken(key, junk, now)).toEqual({ ok: false, reason: 'malformed' });
    }
    expect(verifyToken(key, token, claims.expiresAt)).toEqual({ ok: false, reason: 'expired' });
  });
});

describe('token spelling', () => {
  it('accepts exactly one spelling of a signature (the last character\'s unused bits cannot be flipped)', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const token = signToken(key, claims);
    const last = alphabet.indexOf(token.at(-1)!);
    for (const spare of [1, 2, 3]) {
      const respelled = token.slice(0, -1) + alphabet[last ^ spare];
      // Same decoded bytes, different text: the old byte comparison accepted it.
      expect(Buffer.from(respelled.split('.')[2]!, 'base64url')).toEqual(Buffer.from(token.split('.')[2]!, 'base64url'));
      expect(verifyToken(key, respelled, now)).toEqual({ ok: false, reason: 'bad_signature' });
    }
  });
});

describe('password hashing', () => {
  it('verifies the right password only, and never a missing or unreadable hash', async () => {
    const stored = await hashPassword('right password');
    expect(await verifyPassword('right password', stored)).toBe(true);
    expect(await verifyPassword('wrong password', stored)).toBe(false);
    expect(await verifyPassword('right password', undefined)).toBe(false);
    expect(await verifyPassword('right password', 'scrypt$30$8$1$AAAA$AAAA')).toBe(false);
    expect(await hashPassword('right password')).not.toBe(stored);
  });
});

describe('lock-out', () => {
  it('locks after 5 consecutive failures for 5 minutes; a success resets the run', () => {
    const lockout = new Lockout(5, 300_000);
    for (let i = 0; i < 4; i++) lockout.recordFailure('k', 0);
    lockout.recordSuccess('k');
    for (let i = 0; i < 4; i++) lockout.recordFailure('k', 0);
    expect(lockout.lockedUntil('k', 0)).toBeUndefined();
    lockout.recordFailure('k', 1000);
    expect(lockout.lockedUntil('k', 1000)).toBe(301_000);
    expect(lockout.lockedUntil('k', 300_999)).toBe(301_000);
    expect(lockout.lockedUntil('k', 301_000)).toBeUndefined();
    expect(lockout.lockedUntil('other', 1000)).toBeUndefined();
  });

  it('forgets the oldest keys past its bound', () => {
    const lockout = new Lockout(1, 1000, 2);
    lockout.recordFailure('a', 0);
    lockout.recordFailure('b', 0);
    lockout.recordFailure('c', 0);
    expect(lockout.lockedUntil('a', 1)).toBeUndefined();
    expect(lockout.lockedUntil('c', 1)).toBe(1000);
  });
});

describe('rate limiting', () => {
  it('allows count requests per window per key, refilling continuously', () => {
    const limiter = new RateLimiter({ count: 2, windowMs: 1000 });
    expect(limiter.take('k', 0)).toEqual({ ok: true });
    expect(limiter.take('k', 0)).toEqual({ ok: true });
    expect(limiter.take('k', 0)).toEqual({ ok: false, retryAfterMs: 500 });
    expect(limiter.take('other', 0)).toEqual({ ok: true });
    expect(limiter.take('k', 500)).toEqual({ ok: true });
    expect(limiter.take('k', 500)).toMatchObject({ ok: false });
  });

  it('parses LEDGER_RATE_LIMIT values', () => {
    expect(parseRateLimit('100')).toEqual({ count: 100, windowMs: 1000 });
    expect(parseRateLimit('100/s')).toEqual({ count: 100, windowMs: 1000 });
    expect(parseRateLimit('6000/m')).toEqual({ count: 6000, windowMs: 60_000 });
    expect(parseRateLimit('50/10s')).toEqual({ count: 50, windowMs: 10_000 });
    for (const bad of ['', 'x', '0', '10/', '10/d', '-1/s', '10/0s']) expect(parseRateLimit(bad)).toBeUndefined();
  });
});
