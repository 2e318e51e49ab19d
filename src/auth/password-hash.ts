// Password hashing with scrypt (memory-hard); a check costs the same whether or not the user exists.
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

// N = 2^15, r = 8: 32 MiB and roughly 0.1-0.2 s per check on a small server; stored with each hash so it can grow later.
const LOG2_N = 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

interface Parsed {
  log2N: number;
  r: number;
  p: number;
  salt: Buffer;
  digest: Buffer;
}

// Compared against when the user does not exist or the stored hash is unreadable: same work, never a match.
const DUMMY: Parsed = { log2N: LOG2_N, r: R, p: P, salt: crypto.randomBytes(SALT_BYTES), digest: crypto.randomBytes(KEY_BYTES) };

function derive(password: string, h: Parsed): Promise<Buffer> {
  const N = 2 ** h.log2N;
  return scrypt(password, h.salt, h.digest.length, { N, r: h.r, p: h.p, maxmem: 256 * N * h.r + 1024 * 1024 });
}

/** "scrypt$15$8$1$<salt b64>$<digest b64>" */
export async function hashPassword(password: string): Promise<string> {
  const h: Parsed = { log2N: LOG2_N, r: R, p: P, salt: crypto.randomBytes(SALT_BYTES), digest: Buffer.alloc(KEY_BYTES) };
  const digest = await derive(password, h);
  return ['scrypt', LOG2_N, R, P, h.salt.toString('base64'), digest.toString('base64')].join('$');
}

function parse(stored: string): Parsed | undefined {
  const m = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!m) return undefined;
  const [log2N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Refuse parameters that would make one check a denial of service.
  if (log2N < 10 || log2N > 20 || r < 1 || r > 32 || p < 1 || p > 16) return undefined;
  const digest = Buffer.from(m[5]!, 'base64');
  if (digest.length < 16 || digest.length > 64) return undefined;
  return { log2N, r, p, salt: Buffer.from(m[4]!, 'base64'), digest };
}

/**
 * True when the password matches. With no stored hash (unknown user) it still runs scrypt once at the
 * default cost and answers false, so the time taken says nothing about whether the user exists.
 */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const parsed = stored === undefined ? undefined : parse(stored);
  const h = parsed ?? DUMMY;
  const digest = await derive(password, h);
  return parsed !== undefined && crypto.timingSafeEqual(digest, h.digest);
}
