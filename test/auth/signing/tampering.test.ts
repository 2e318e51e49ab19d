// Tampered variants of every valid vector must fail; an added unsigned header must not matter.
import { describe, expect, it } from 'vitest';
import { parseAuthorization } from '../../../src/auth/signing/authorization-header.js';
import type { SigningVector } from '../../../src/auth/signing/vectors.js';
import { type VerifyOptions, type VerifyResult, type WireRequest, verifyRequest } from '../../../src/auth/signing/verify.js';
import { headerOf, lookupFor, vectorNow, vectors, wireFromVector, withHeader, withoutHeader } from './signing-fixtures.js';

const MINUTE = 60_000;
const verifiable = vectors.filter((v) => v.expect === 'valid' || v.expect === 'valid-only-with-node-legacy-path');

function optionsFor(v: SigningVector, now = vectorNow(v)): VerifyOptions {
  return { now, v11Scopes: v.v11_scope ? [v.v11_scope] : [], nodeLegacyPath: v.expect === 'valid-only-with-node-legacy-path' };
}

function verify(v: SigningVector, req: WireRequest, opts = optionsFor(v), sk = v.secret_key): Promise<VerifyResult> {
  return verifyRequest(req, lookupFor(v.access_key, sk), opts);
}

function withTarget(req: WireRequest, target: string): WireRequest {
  return { ...req, target };
}

/** Replaces the last letter or digit of the path with a different one. */
function changePathByte(target: string): string {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const i = path.search(/[A-Za-z0-9][^A-Za-z0-9]*$/);
  const swapped = path[i] === 'x' ? 'y' : 'x';
  return path.slice(0, i) + swapped + path.slice(i + 1) + (q < 0 ? '' : target.slice(q));
}

/** Appends to the first query value, or adds a parameter when there is no query. */
function changeQueryValue(target: string): string {
  if (!target.includes('?')) return `${target}?limit=1`;
  return target.replace(/=([^&]*)/, (_m, value: string) => `=${value}0`);
}

function sdkDateShifted(date: string, ms: number): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date)!;
  const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) + ms;
  return new Date(t).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function flipSignatureChar(auth: string, position: 'first' | 'last'): string {
  const sig = /Signature=([0-9a-f]{64})/.exec(auth)![1]!;
  const i = position === 'first' ? 0 : 63;
  const flipped = sig.slice(0, i) + (sig[i] === '0' ? '1' : '0') + sig.slice(i + 1);
  return auth.replace(sig, flipped);
}

describe.each(verifiable.map((v) => [v.id, v] as const))('tampering with %s', (_id, v) => {
  const req = wireFromVector(v);
  const auth = parseAuthorization(headerOf(req, 'Authorization')!)!;
  const unsignedPayload = headerOf(req, 'X-Sdk-Content-Sha256') === 'UNSIGNED-PAYLOAD';
  const expectMismatch = async (r: Promise<VerifyResult>) =>
    expect(await r).toMatchObject({ ok: false, reason: 'signature_mismatch' });

  it('verifies untouched', async () => {
    expect((await verify(v, req)).ok).toBe(true);
  });

  it('fails with another method', async () => {
    await expectMismatch(verify(v, { ...req, method: req.method === 'GET' ? 'POST' : 'GET' }));
  });

  it('fails with one path byte changed', async () => {
    await expectMismatch(verify(v, withTarget(req, changePathByte(req.target))));
  });

  it('fails with a query value changed (or a parameter added)', async () => {
    await expectMismatch(verify(v, withTarget(req, changeQueryValue(req.target))));
  });

  it(unsignedPayload ? 'still verifies with another body (UNSIGNED-PAYLOAD)' : 'fails with another body', async () => {
    const body = req.body.length === 0 ? Buffer.from('{}') : Buffer.from(req.body.map((b, i) => (i === 0 ? b ^ 1 : b)));
    const result = await verify(v, { ...req, body });
    if (unsignedPayload) expect(result.ok).toBe(true);
    else expect(result).toMatchObject({ ok: false, reason: 'signature_mismatch' });
  });

  for (const name of auth.signedHeaders.filter((n) => n !== 'x-sdk-date')) {
    it(`fails with signed header ${name} changed`, async () => {
      await expectMismatch(verify(v, withHeader(req, name, (value) => `${value}x`)));
    });

    it(`fails with signed header ${name} removed`, async () => {
      expect(await verify(v, withoutHeader(req, name))).toMatchObject({ ok: false, reason: 'signed_header_missing' });
    });
  }

  it('fails with another SK', async () => {
    await expectMismatch(verify(v, req, optionsFor(v), `${v.secret_key}x`));
  });

  it('fails with the first or last signature character changed', async () => {
    for (const position of ['first', 'last'] as const) {
      await expectMismatch(verify(v, withHeader(req, 'Authorization', (a) => flipSignatureChar(a, position))));
    }
  });

  it('fails when the server clock is 16 minutes ahead or behind', async () => {
    for (const shift of [16 * MINUTE, -16 * MINUTE]) {
      const opts = optionsFor(v, new Date(vectorNow(v).getTime() + shift));
      expect(await verify(v, req, opts)).toMatchObject({ ok: false, reason: 'date_out_of_window' });
    }
  });

  it('still verifies when the clock is 15 minutes off either way', async () => {
    for (const shift of [15 * MINUTE, -15 * MINUTE]) {
      expect((await verify(v, req, optionsFor(v, new Date(vectorNow(v).getTime() + shift)))).ok).toBe(true);
    }
  });

  it('fails with X-Sdk-Date moved by 16 minutes or by one second', async () => {
    const date = headerOf(req, 'X-Sdk-Date')!;
    for (const shift of [16 * MINUTE, -16 * MINUTE]) {
      const moved = withHeader(req, 'X-Sdk-Date', () => sdkDateShifted(date, shift));
      expect(await verify(v, moved)).toMatchObject({ ok: false, reason: 'date_out_of_window' });
    }
    await expectMismatch(verify(v, withHeader(req, 'X-Sdk-Date', () => sdkDateShifted(date, 1000))));
  });

  it('fails as unknown_access_key for another AK', async () => {
    const result = await verifyRequest(req, lookupFor('SOMEONEELSE000000000', v.secret_key), optionsFor(v));
    expect(result).toMatchObject({ ok: false, reason: 'unknown_access_key', accessKey: v.access_key });
  });

  it('still verifies with an unsigned header added', async () => {
    const added = { ...req, headers: [...req.headers, ['X-Trace-Id', 'abc'] as [string, string], ['User-Agent', 'other/1.0'] as [string, string]] };
    expect((await verify(v, added)).ok).toBe(true);
  });
});

describe('V11 vectors with a wrong scope', () => {
  const v11 = vectors.filter((v) => v.algorithm === 'V11-HMAC-SHA256');

  it('has V11 vectors to test', () => {
    expect(v11.length).toBeGreaterThan(0);
  });

  it.each(v11.map((v) => [v.id, v] as const))('%s fails for another region, service or none configured', async (_id, v) => {
    const req = wireFromVector(v);
    const scope = v.v11_scope!;
    for (const v11Scopes of [[{ ...scope, region: 'cn-south-1' }], [{ ...scope, service: 'ecs' }], [], undefined]) {
      const result = await verifyRequest(req, lookupFor(v.access_key, v.secret_key), { now: vectorNow(v), v11Scopes });
      expect(result).toMatchObject({ ok: false, reason: 'scope_mismatch' });
    }
  });

  it.each(v11.map((v) => [v.id, v] as const))('%s fails when the Credential date differs from X-Sdk-Date', async (_id, v) => {
    const req = withHeader(wireFromVector(v), 'Authorization', (a) => a.replace('/20261126/', '/20261125/'));
    const result = await verifyRequest(req, lookupFor(v.access_key, v.secret_key), optionsFor(v));
    expect(result).toMatchObject({ ok: false, reason: 'scope_mismatch' });
  });
});
