// String-to-sign, signing keys and HMACs of both algorithms (signing.md §2, §6).
import crypto from 'node:crypto';
import { hmacKey, hmacSha256, type HmacKey } from './hmac-sha256.js';
import type { SigningAlgorithm } from './types.js';

export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

// One-shot crypto.hash (Node >= 20.12) is several times faster than a Hash object on this hot path.
const oneShotHash = typeof crypto.hash === 'function';

export function sha256Hex(data: string | Uint8Array): string {
  return oneShotHash ? crypto.hash('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
}

/** A ready signing key plus the fixed start of the string-to-sign, shared by every candidate of one request. */
export interface SigningContext {
  key: HmacKey;
  prefix: string;
}

/** "YYYYMMDD/region/service", the V11 HKDF info and credential scope. */
export function v11Info(sdkDate: string, region: string, service: string): string {
  return `${sdkDate.slice(0, 8)}/${region}/${service}`;
}

/** V11 signs with the hex text of the HKDF output, not its raw bytes. */
export function deriveV11Key(accessKey: string, secretKey: string, info: string): string {
  return Buffer.from(crypto.hkdfSync('sha256', secretKey, accessKey, info, 32)).toString('hex');
}

export function createSigningContext(
  algorithm: SigningAlgorithm,
  accessKey: string,
  secretKey: string,
  sdkDate: string,
  scope?: { region: string; service: string },
): SigningContext {
  if (algorithm === 'SDK-HMAC-SHA256') {
    return { key: hmacKey(Buffer.from(secretKey, 'utf8')), prefix: `${algorithm}\n${sdkDate}\n` };
  }
  if (!scope) throw new Error('V11-HMAC-SHA256 needs a region and service');
  const info = v11Info(sdkDate, scope.region, scope.service);
  const key = deriveV11Key(accessKey, secretKey, info);
  return { key: hmacKey(Buffer.from(key, 'utf8')), prefix: `${algorithm}\n${sdkDate}\n${info}\n` };
}

/** HMAC-SHA256 over the string-to-sign of one canonical request. */
export function signCanonicalRequest(ctx: SigningContext, canonicalRequest: string): Buffer {
  return hmacSha256(ctx.key, ctx.prefix + sha256Hex(canonicalRequest));
}
