// Shared helpers for the signing tests: the captured SDK vectors and an independent reference signer.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type SigningVector, readVectors } from '../../../src/auth/signing/vectors.js';
import type { WireRequest } from '../../../src/auth/signing/verify.js';

export const AK = 'HPUATESTAK0123456789';
export const SK = 'tEsTsEcReTkEy0123456789abcdefghijKLMNOPQR';
export const SDK_DATE = '20261126T123451Z';
export const NOW = new Date(Date.UTC(2026, 10, 26, 12, 34, 51));
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const fixture = fileURLToPath(new URL('./fixtures/sdk-signing-vectors.json', import.meta.url));
export const vectors: SigningVector[] = readVectors(fs.readFileSync(fixture, 'utf8'));

export function wireFromVector(v: SigningVector): WireRequest {
  return {
    method: v.request.method,
    target: v.request.target,
    headers: v.request.headers.map(([n, val]) => [n, val]),
    body: Buffer.from(v.request.body_base64, 'base64'),
  };
}

export function vectorNow(v: SigningVector): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v.now)!;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

export const lookupFor = (ak: string, sk: string) => async (k: string) => (k === ak ? sk : undefined);

export function sha256(data: string | Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** Reference SDK-HMAC-SHA256 over a canonical request written out by hand in a test. */
export function referenceSignature(canonical: string, sk = SK, date = SDK_DATE): string {
  const sts = `SDK-HMAC-SHA256\n${date}\n${sha256(canonical)}`;
  return crypto.createHmac('sha256', sk).update(sts).digest('hex');
}

/** Reference V11-HMAC-SHA256 (HKDF, hex-string key). */
export function referenceV11Signature(canonical: string, region: string, service: string, sk = SK, ak = AK, date = SDK_DATE): string {
  const info = `${date.slice(0, 8)}/${region}/${service}`;
  const key = Buffer.from(crypto.hkdfSync('sha256', sk, ak, info, 32)).toString('hex');
  return crypto.createHmac('sha256', key).update(`V11-HMAC-SHA256\n${date}\n${info}\n${sha256(canonical)}`).digest('hex');
}

/** Mimics Node's parser: header bytes arrive as latin-1 text. */
export function asLatin1(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1');
}

/**
 * A wire request signed over `canonical` (which the test spells out), with the given headers plus
 * X-Sdk-Date and an Authorization naming `signedHeaders`.
 */
export function wireSignedOver(opts: {
  method: string;
  target: string;
  headers: Array<[string, string]>;
  signedHeaders: string;
  canonical: string;
  body?: Buffer;
  date?: string;
}): WireRequest {
  const date = opts.date ?? SDK_DATE;
  const signature = referenceSignature(opts.canonical, SK, date);
  return {
    method: opts.method,
    target: opts.target,
    headers: [
      ...opts.headers,
      ['X-Sdk-Date', date],
      ['Authorization', `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=${opts.signedHeaders}, Signature=${signature}`],
    ],
    body: opts.body ?? Buffer.alloc(0),
  };
}

export function withHeader(req: WireRequest, name: string, map: (value: string) => string): WireRequest {
  return { ...req, headers: req.headers.map(([n, v]) => [n, n.toLowerCase() === name.toLowerCase() ? map(v) : v]) };
}

export function withoutHeader(req: WireRequest, name: string): WireRequest {
  return { ...req, headers: req.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase()) };
}

export function headerOf(req: WireRequest, name: string): string | undefined {
  return req.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}
