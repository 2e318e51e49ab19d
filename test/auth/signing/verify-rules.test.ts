// The rules around the signature: header presence, dates, duplicates, payload claims, and equal work for unknown AKs.
import crypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyRequest, type VerifyOptions, type WireRequest } from '../../../src/auth/signing/verify.js';
import {
  AK, EMPTY_SHA256, NOW, SK, SDK_DATE, lookupFor, referenceV11Signature, sha256, wireSignedOver, withHeader, withoutHeader,
} from './signing-fixtures.js';

const opts: VerifyOptions = { now: NOW };
const verify = (req: WireRequest, o: Partial<VerifyOptions> = {}) => verifyRequest(req, lookupFor(AK, SK), { ...opts, ...o });
const lines = (...parts: string[]) => parts.join('\n');

/** GET /v1/p/items signing host and x-sdk-date. */
function simpleRequest(): WireRequest {
  const canonical = lines('GET', '/v1/p/items/', '', 'host:api.example.com', 'x-sdk-date:' + SDK_DATE, '', 'host;x-sdk-date', EMPTY_SHA256);
  return wireSignedOver({ method: 'GET', target: '/v1/p/items', canonical, signedHeaders: 'host;x-sdk-date', headers: [['Host', 'api.example.com']] });
}

afterEach(() => vi.restoreAllMocks());

describe('Authorization header', () => {
  it('missing: missing_authorization', async () => {
    expect(await verify(withoutHeader(simpleRequest(), 'Authorization'))).toEqual({ ok: false, reason: 'missing_authorization' });
  });

  it('sent twice: malformed_authorization', async () => {
    const req = simpleRequest();
    const auth = req.headers.find(([n]) => n === 'Authorization')!;
    expect(await verify({ ...req, headers: [...req.headers, auth] })).toMatchObject({ reason: 'malformed_authorization' });
  });

  it('garbled or another scheme: malformed_authorization / unsupported_algorithm', async () => {
    expect(await verify(withHeader(simpleRequest(), 'Authorization', () => 'SDK-HMAC-SHA256 garbage'))).toMatchObject({ reason: 'malformed_authorization' });
    expect(await verify(withHeader(simpleRequest(), 'Authorization', () => 'Bearer abc'))).toMatchObject({ reason: 'unsupported_algorithm' });
  });

  it('x-sdk-date not among the signed headers: signed_header_missing', async () => {
    const canonical = lines('GET', '/v1/p/items/', '', 'host:api.example.com', '', 'host', EMPTY_SHA256);
    const req = wireSignedOver({ method: 'GET', target: '/v1/p/items', canonical, signedHeaders: 'host', headers: [['Host', 'api.example.com']] });
    expect(await verify(req)).toMatchObject({ ok: false, reason: 'signed_header_missing', accessKey: AK });
  });
});

describe('X-Sdk-Date', () => {
  it('missing: missing_date', async () => {
    expect(await verify(withoutHeader(simpleRequest(), 'X-Sdk-Date'))).toMatchObject({ reason: 'missing_date' });
  });

  it.each(['2026-11-26T12:34:51Z', '20261126T123451', '20261126t123451z', '20261332T123451Z', '20261126T246051Z', ' '])(
    '%j: malformed_date',
    async (date) => {
      expect(await verify(withHeader(simpleRequest(), 'X-Sdk-Date', () => date))).toMatchObject({ reason: 'malformed_date' });
    },
  );

  it('honours a custom window', async () => {
    const later = new Date(NOW.getTime() + 2 * 60_000);
    expect(await verify(simpleRequest(), { now: later, windowMs: 60_000 })).toMatchObject({ reason: 'date_out_of_window' });
    expect((await verify(simpleRequest(), { now: later, windowMs: 180_000 })).ok).toBe(true);
  });
});

describe('signed headers', () => {
  it('verifies the untouched request', async () => {
    expect(await verify(simpleRequest())).toMatchObject({ ok: true, accessKey: AK, algorithm: 'SDK-HMAC-SHA256' });
  });

  it('matches header names case-insensitively and trims values', async () => {
    const req = withHeader(simpleRequest(), 'host', (v) => ` \t${v} `);
    expect((await verify({ ...req, headers: req.headers.map(([n, v]) => [n.toUpperCase(), v]) })).ok).toBe(true);
  });

  it('refuses a signed header sent twice (Node would merge or drop the copies)', async () => {
    const req = simpleRequest();
    expect(await verify({ ...req, headers: [...req.headers, ['host', 'api.example.com']] })).toMatchObject({ ok: false });
  });

  it('ignores an unsigned header sent twice', async () => {
    const req = simpleRequest();
    expect((await verify({ ...req, headers: [...req.headers, ['Accept', 'a'], ['Accept', 'b']] })).ok).toBe(true);
  });

  it('keeps a latin-1 value that is not UTF-8 as it is', async () => {
    const canonical = lines('GET', '/x/', '', 'x-name:grüße', 'x-sdk-date:' + SDK_DATE, '', 'x-name;x-sdk-date', EMPTY_SHA256);
    const req = wireSignedOver({ method: 'GET', target: '/x', canonical, signedHeaders: 'x-name;x-sdk-date', headers: [['X-Name', 'grüße']] });
    expect((await verify(req)).ok).toBe(true);
  });
});

describe('X-Sdk-Content-Sha256', () => {
  const signed = 'x-sdk-content-sha256;x-sdk-date';
  const claimRequest = (claim: string, body: Buffer) =>
    wireSignedOver({
      method: 'POST', target: '/x', body, signedHeaders: signed, headers: [['X-Sdk-Content-Sha256', claim]],
      canonical: lines('POST', '/x/', '', `x-sdk-content-sha256:${claim}`, 'x-sdk-date:' + SDK_DATE, '', signed, claim),
    });

  it('uses UNSIGNED-PAYLOAD verbatim, leaving the body unsigned', async () => {
    expect((await verify({ ...claimRequest('UNSIGNED-PAYLOAD', Buffer.from('a')), body: Buffer.from('b') })).ok).toBe(true);
  });

  it('accepts a claimed digest only when it is the body hash', async () => {
    const body = Buffer.from('hello');
    expect((await verify(claimRequest(sha256(body), body))).ok).toBe(true);
    expect(await verify({ ...claimRequest(sha256(body), body), body: Buffer.from('other') })).toMatchObject({ ok: false });
  });

  it('is ignored when present but not signed', async () => {
    const req = simpleRequest();
    const added = { ...req, headers: [...req.headers, ['X-Sdk-Content-Sha256', 'UNSIGNED-PAYLOAD'] as [string, string]] };
    expect((await verify(added)).ok).toBe(true);
    expect(await verify({ ...added, body: Buffer.from('x') })).toMatchObject({ ok: false, reason: 'signature_mismatch' });
  });
});

describe('V11-HMAC-SHA256', () => {
  const scope = { region: 'cn-north-4', service: 'cts' };
  const canonical = lines('GET', '/v3/p/traces/', 'limit=10', 'x-sdk-date:' + SDK_DATE, '', 'x-sdk-date', EMPTY_SHA256);
  const v11Request = (region = scope.region): WireRequest => ({
    method: 'GET', target: '/v3/p/traces?limit=10', body: Buffer.alloc(0),
    headers: [
      ['X-Sdk-Date', SDK_DATE],
      ['Authorization', `V11-HMAC-SHA256 Credential=${AK}/20261126/${region}/cts, SignedHeaders=x-sdk-date, Signature=${referenceV11Signature(canonical, region, 'cts')}`],
    ],
  });

  it('verifies for a configured scope', async () => {
    expect(await verify(v11Request(), { v11Scopes: [{ region: 'x', service: 'y' }, scope] })).toMatchObject({ ok: true, algorithm: 'V11-HMAC-SHA256' });
  });

  it('fails for an unconfigured scope even when the signature is right', async () => {
    expect(await verify(v11Request('ap-southeast-1'), { v11Scopes: [scope] })).toMatchObject({ ok: false, reason: 'scope_mismatch' });
  });

  it('fails when the credential region is edited to a configured one', async () => {
    const req = withHeader(v11Request('ap-southeast-1'), 'Authorization', (a) => a.replace('ap-southeast-1', 'cn-north-4'));
    expect(await verify(req, { v11Scopes: [scope] })).toMatchObject({ ok: false, reason: 'signature_mismatch' });
  });
});

describe('work per request', () => {
  /** HMACs computed so far: each is two one-shot hashes with a Buffer result (hmac-sha256.ts). */
  function countHmacs(): { count: () => number; reset: () => void } {
    const spy = vi.spyOn(crypto, 'hash');
    return { count: () => spy.mock.calls.filter((call) => call[2] === 'buffer').length / 2, reset: () => spy.mockClear() };
  }

  /** Signed over something no candidate produces, with every variant trigger present. */
  function worstCase(): WireRequest {
    const signed = 'x-sdk-content-sha256;x-sdk-date';
    return wireSignedOver({
      method: 'GET', target: '/a%2Fb/c%20d?t=z&t=a&a0=1&a%3Ab=2&a+b=3', signedHeaders: signed,
      headers: [['X-Sdk-Content-Sha256', 'UNSIGNED-PAYLOAD']], canonical: 'nothing like it',
    });
  }

  it('costs one HMAC for a request signed the standard way', async () => {
    const req = simpleRequest();
    const hmacs = countHmacs();
    expect((await verify(req)).ok).toBe(true);
    expect(hmacs.count()).toBe(1);
  });

  it('stops at the first matching candidate even when variants exist', async () => {
    const canonical = lines('GET', '/a%2Fb/', 't=a&t=z', 'x-sdk-date:' + SDK_DATE, '', 'x-sdk-date', EMPTY_SHA256);
    const req = wireSignedOver({ method: 'GET', target: '/a%2Fb?t=z&t=a', canonical, signedHeaders: 'x-sdk-date', headers: [] });
    const hmacs = countHmacs();
    expect(await verify(req)).toMatchObject({ ok: true, canonicalRequest: canonical });
    expect(hmacs.count()).toBe(1);
  });

  it('tries at most a handful of candidates, even with every variant and switch', async () => {
    const req = worstCase();
    const hmacs = countHmacs();
    expect(await verify(req, { nodeLegacyPath: true, javaQueryQuirk: true })).toMatchObject({ reason: 'signature_mismatch' });
    expect(hmacs.count()).toBeGreaterThan(4);
    expect(hmacs.count()).toBeLessThanOrEqual(9);
  });

  it('does the same HMAC work for an unknown AK as for a known one with a bad signature', async () => {
    const req = worstCase();
    const hmacs = countHmacs();
    const known = await verify(req);
    const knownCalls = hmacs.count();
    expect(knownCalls).toBeGreaterThan(1);
    hmacs.reset();
    const unknown = await verifyRequest(req, lookupFor('OTHER', SK), opts);
    expect(known).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    expect(unknown).toMatchObject({ ok: false, reason: 'unknown_access_key', accessKey: AK });
    expect(hmacs.count()).toBe(knownCalls);
    expect(unknown.canonicalRequest).toBe(known.canonicalRequest);
  });

  it('never asks for the secret before the request passes the cheap checks', async () => {
    const lookup = vi.fn(async () => SK);
    await verifyRequest(withHeader(simpleRequest(), 'X-Sdk-Date', () => 'bad'), lookup, opts);
    expect(lookup).not.toHaveBeenCalled();
    await verifyRequest(simpleRequest(), lookup, opts);
    expect(lookup).toHaveBeenCalledWith(AK);
  });
});
