// The signer: byte-identical to the Node SDK captures, round-trips through the verifier, and differs from the SDK only on its path bug.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SignInput, signRequest } from '../../../src/auth/signing/sign.js';
import { type VerifyOptions, type WireRequest, verifyRequest } from '../../../src/auth/signing/verify.js';
import { AK, NOW, SK, SDK_DATE, asLatin1, lookupFor, vectorNow, vectors } from './signing-fixtures.js';

/** The request a client would put on the wire with signRequest's headers (Node reads values as latin-1). */
function wireFor(input: SignInput, headers: Record<string, string>): WireRequest {
  const url = typeof input.url === 'string' ? new URL(input.url) : input.url;
  const body = input.body === undefined ? Buffer.alloc(0) : Buffer.from(input.body);
  return {
    method: input.method.toUpperCase(),
    target: url.pathname + url.search,
    headers: Object.entries(headers).map(([n, v]) => [n, asLatin1(v)]),
    body,
  };
}

async function roundTrip(input: SignInput, opts: Partial<VerifyOptions> = {}) {
  const headers = signRequest(input);
  return verifyRequest(wireFor(input, headers), lookupFor(input.accessKey, input.secretKey), { now: input.date ?? new Date(), ...opts });
}

describe('signRequest reproduces the Node SDK captures byte for byte', () => {
  for (const v of vectors.filter((x) => x.expect === 'valid')) {
    it(v.id, () => {
      const wire = new Map(v.request.headers.map(([n, val]) => [n.toLowerCase(), { n, val }]));
      const authorization = wire.get('authorization')!.val;
      const signed = /SignedHeaders=([^,]+)/.exec(authorization)![1]!.split(';');
      const headers = Object.fromEntries(
        signed.filter((n) => !['host', 'x-sdk-date', 'x-project-id'].includes(n)).map((n) => [wire.get(n)!.n, wire.get(n)!.val]),
      );
      const projectId = wire.get('x-project-id')?.val;
      const out = signRequest({
        method: v.request.method, url: `http://${wire.get('host')!.val}${v.request.target}`, headers,
        body: Buffer.from(v.request.body_base64, 'base64'), accessKey: v.access_key, secretKey: v.secret_key,
        date: vectorNow(v), ...(projectId ? { projectId } : {}), ...(v.v11_scope ? { v11Scope: v.v11_scope } : {}),
      });
      expect(out.Authorization).toBe(authorization);
      expect(out['X-Sdk-Date']).toBe(wire.get('x-sdk-date')!.val);
    });
  }
});

describe('signRequest output', () => {
  const base: SignInput = { method: 'get', url: 'https://api.example.com:8443/v1/p/items?b=2&a=1', accessKey: AK, secretKey: SK, date: NOW };

  it('adds Host, X-Sdk-Date, Authorization and a JSON content type', () => {
    const out = signRequest(base);
    expect(out).toMatchObject({ Host: 'api.example.com:8443', 'X-Sdk-Date': SDK_DATE, 'Content-Type': 'application/json' });
    expect(out.Authorization).toMatch(/^SDK-HMAC-SHA256 Access=HPUATESTAK0123456789, SignedHeaders=content-type;host;x-sdk-date, Signature=[0-9a-f]{64}$/);
  });

  it('adds X-Project-Id and signs it, keeping given headers in their case', () => {
    const out = signRequest({ ...base, projectId: 'p1', headers: { 'content-type': 'text/csv', 'X-Client-Token': 't' } });
    expect(out).toMatchObject({ 'X-Project-Id': 'p1', 'content-type': 'text/csv', 'X-Client-Token': 't' });
    expect(out['Content-Type']).toBeUndefined();
    expect(out.Authorization).toContain('SignedHeaders=content-type;host;x-client-token;x-project-id;x-sdk-date,');
  });

  it('refuses a header given twice in different case', () => {
    expect(() => signRequest({ ...base, headers: { 'X-A': '1', 'x-a': '2' } })).toThrow(/x-a/);
  });

  it('signs V11-HMAC-SHA256 for a scope', async () => {
    const input = { ...base, v11Scope: { region: 'cn-north-4', service: 'cts' } };
    expect(signRequest(input).Authorization).toMatch(/^V11-HMAC-SHA256 Credential=HPUATESTAK0123456789\/20261126\/cn-north-4\/cts, /);
    expect(await roundTrip(input, { v11Scopes: [input.v11Scope] })).toMatchObject({ ok: true, algorithm: 'V11-HMAC-SHA256' });
    expect(await roundTrip(input)).toMatchObject({ ok: false, reason: 'scope_mismatch' });
  });

  it('signs the body unless X-Sdk-Content-Sha256 is given', async () => {
    const input = { ...base, method: 'POST', body: '{"a": 1}' };
    expect((await roundTrip(input)).ok).toBe(true);
    const headers = signRequest(input);
    const wire = wireFor(input, headers);
    expect(await verifyRequest({ ...wire, body: Buffer.from('{"a": 2}') }, lookupFor(AK, SK), { now: NOW })).toMatchObject({ ok: false });
    const unsigned = { ...input, headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' } };
    const wire2 = wireFor(unsigned, signRequest(unsigned));
    expect((await verifyRequest({ ...wire2, body: Buffer.from('other') }, lookupFor(AK, SK), { now: NOW })).ok).toBe(true);
  });

  it('defaults the date to now', async () => {
    const { date: _omit, ...rest } = base;
    expect((await roundTrip(rest)).ok).toBe(true);
  });
});

describe('signRequest round-trips through verifyRequest', () => {
  const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.string({ unit: 'binary-ascii', maxLength: 8 }));
  const headerValue = fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,20}$/).map((s) => s.trim()).filter((s) => s.length > 0);

  it('for arbitrary paths, queries, headers and bodies; any body change fails', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(text, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(text, text), { maxLength: 5 }),
        fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,10}$/), headerValue, { maxKeys: 3 }),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
        async (segments, query, headers, bodyBytes, method) => {
          const url = new URL('https://api.example.com/' + segments.map(encodeURIComponent).join('/'));
          for (const [k, val] of query) url.searchParams.append(k, val);
          const input: SignInput = { method, url, headers, body: Buffer.from(bodyBytes), accessKey: AK, secretKey: SK, projectId: 'p', date: NOW };
          const wire = wireFor(input, signRequest(input));
          const lookup = lookupFor(AK, SK);
          expect(await verifyRequest(wire, lookup, { now: NOW })).toMatchObject({ ok: true });
          const tampered = Buffer.from(wire.body);
          tampered[0] = tampered[0]! ^ 0x01;
          expect(await verifyRequest({ ...wire, body: tampered }, lookup, { now: NOW })).toMatchObject({ ok: false, reason: 'signature_mismatch' });
        },
      ),
      { numRuns: 300 },
    );
  });
});
