// Signed user tokens: any server instance holding the master key verifies them without shared memory.
import crypto from 'node:crypto';

export const TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
const PREFIX = 'TL1';
/** Far above a real token (about 250 characters): anything longer is refused before any work. */
export const MAX_TOKEN_LENGTH = 2048;

/** What a token asserts; the user's row is still checked on every use (status, token generation). */
export interface TokenClaims {
  projectId: string;
  userId: string;
  generation: number;
  issuedAt: Date;
  expiresAt: Date;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

function mac(key: Buffer, signed: string): Buffer {
  return crypto.createHmac('sha256', key).update(signed).digest();
}

export function signToken(key: Buffer, claims: TokenClaims): string {
  // A nonce makes two tokens issued in the same second differ (and so distinguishable in logs by their hash).
  const payload = Buffer.from(JSON.stringify({
    p: claims.projectId, u: claims.userId, g: claims.generation,
    i: claims.issuedAt.getTime(), e: claims.expiresAt.getTime(), n: crypto.randomBytes(8).toString('hex'),
  })).toString('base64url');
  const signed = `${PREFIX}.${payload}`;
  return `${signed}.${mac(key, signed).toString('base64url')}`;
}

/** Checks the signature first (constant time), then the expiry; the claims are trusted only after both. */
export function verifyToken(key: Buffer, token: string, now: Date): TokenCheck {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX || !/^[A-Za-z0-9_-]+$/.test(parts[1]!) || !/^[A-Za-z0-9_-]{43}$/.test(parts[2]!)) {
    return { ok: false, reason: 'malformed' };
  }
  // Compared as text, not as decoded bytes: the last base64url character carries two unused bits, so decoding
  // would accept up to four spellings of one signature; exactly one token string is valid.
  const expected = Buffer.from(mac(key, `${parts[0]}.${parts[1]}`).toString('base64url'));
  const presented = Buffer.from(parts[2]!);
  if (presented.length !== expected.length || !crypto.timingSafeEqual(presented, expected)) return { ok: false, reason: 'bad_signature' };
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const { p, u, g, i, e } = raw;
  if (typeof p !== 'string' || typeof u !== 'string' || !Number.isSafeInteger(g) || !Number.isSafeInteger(i) || !Number.isSafeInteger(e)) {
    return { ok: false, reason: 'malformed' };
  }
  if ((e as number) <= now.getTime()) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    claims: { projectId: p, userId: u, generation: g as number, issuedAt: new Date(i as number), expiresAt: new Date(e as number) },
  };
}
