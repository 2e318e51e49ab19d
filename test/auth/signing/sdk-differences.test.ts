// The ways the official SDKs differ (signing.md §3), each signed over a canonical request spelled out here.
import { describe, expect, it } from 'vitest';
import { verifyRequest, type VerifyOptions, type WireRequest } from '../../../src/auth/signing/verify.js';
import { AK, EMPTY_SHA256, NOW, SK, SDK_DATE, asLatin1, lookupFor, sha256, wireSignedOver } from './signing-fixtures.js';

const opts: VerifyOptions = { now: NOW };
const verify = (req: WireRequest, o: Partial<VerifyOptions> = {}) => verifyRequest(req, lookupFor(AK, SK), { ...opts, ...o });
const lines = (...parts: string[]) => parts.join('\n');

describe('Go SDK', () => {
  it('signs neither host nor content-type, sends an empty value as a bare key, adds a trailing newline to JSON', async () => {
    const body = Buffer.from('{"name":"x"}\n');
    const canonical = lines('POST', '/v1/p/items/', 'dry_run=&limit=10', 'user-agent:huaweicloud-usdk-go/3.0', 'x-sdk-date:' + SDK_DATE, '', 'user-agent;x-sdk-date', sha256(body));
    const req = wireSignedOver({
      method: 'POST', target: '/v1/p/items?limit=10&dry_run', body, canonical, signedHeaders: 'user-agent;x-sdk-date',
      headers: [['Host', 'api.example.com'], ['Content-Type', 'application/json'], ['User-Agent', 'huaweicloud-usdk-go/3.0']],
    });
    expect(await verify(req)).toMatchObject({ ok: true, accessKey: AK, canonicalRequest: canonical });
  });
});

describe('Python SDK', () => {
  it('sends a non-ASCII header value as UTF-8 (Node hands it over as latin-1) and ", "-separated JSON', async () => {
    const body = Buffer.from('{"a": 1, "b": "ü"}');
    const canonical = lines('PUT', '/v1/p/items/1/', '', 'x-note:grüße à', 'x-sdk-date:' + SDK_DATE, '', 'x-note;x-sdk-date', sha256(body));
    const req = wireSignedOver({
      method: 'PUT', target: '/v1/p/items/1', body, canonical, signedHeaders: 'x-note;x-sdk-date',
      headers: [['X-Note', asLatin1('grüße à')]],
    });
    expect((await verify(req)).ok).toBe(true);
  });

  it('signs the empty-body hash while sending UNSIGNED-PAYLOAD with an empty body', async () => {
    const signed = 'x-sdk-content-sha256;x-sdk-date';
    const canonical = lines('DELETE', '/v1/p/items/1/', '', 'x-sdk-content-sha256:UNSIGNED-PAYLOAD', 'x-sdk-date:' + SDK_DATE, '', signed, EMPTY_SHA256);
    const req = wireSignedOver({
      method: 'DELETE', target: '/v1/p/items/1', canonical, signedHeaders: signed, headers: [['X-Sdk-Content-Sha256', 'UNSIGNED-PAYLOAD']],
    });
    expect((await verify(req)).ok).toBe(true);
    // the alternative is only for empty bodies: with a body the payload hash is UNSIGNED-PAYLOAD again
    expect(await verify({ ...req, body: Buffer.from('x') })).toMatchObject({ ok: false, reason: 'signature_mismatch' });
  });

  it('sends a / inside a path parameter as %2F but signs a literal /', async () => {
    const canonical = lines('GET', '/v1/p/files/dir/name%20x/', '', 'x-sdk-date:' + SDK_DATE, '', 'x-sdk-date', EMPTY_SHA256);
    const req = wireSignedOver({ method: 'GET', target: '/v1/p/files/dir%2Fname%20x', canonical, signedHeaders: 'x-sdk-date', headers: [] });
    expect((await verify(req)).ok).toBe(true);
  });
});

describe('Java SDK', () => {
  const signedOverQuery = (target: string, query: string) =>
    wireSignedOver({
      method: 'GET', target, signedHeaders: 'x-sdk-date', headers: [],
      canonical: lines('GET', '/v1/p/list/', query, 'x-sdk-date:' + SDK_DATE, '', 'x-sdk-date', EMPTY_SHA256),
    });

  it('signs the values of a repeated key unsorted', async () => {
    expect((await verify(signedOverQuery('/v1/p/list?tags=zeta&tags=alpha', 'tags=zeta&tags=alpha'))).ok).toBe(true);
  });

  it('sorts keys after encoding them', async () => {
    expect((await verify(signedOverQuery('/v1/p/list?a0=2&a%3Ab=1', 'a%3Ab=1&a0=2'))).ok).toBe(true);
  });

  it('does both at once', async () => {
    expect((await verify(signedOverQuery('/v1/p/list?a0=2&a0=1&a%3Ab=1', 'a%3Ab=1&a0=2&a0=1'))).ok).toBe(true);
  });

  it('accepts its duplicated-key bug only when opted in', async () => {
    const req = signedOverQuery('/v1/p/list?a+b=1&c=2', 'a%20b=1&a+b=1&c=2');
    expect(await verify(req)).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    expect((await verify(req, { javaQueryQuirk: true })).ok).toBe(true);
  });
});

describe('Node SDK', () => {
  it('accepts its double-encoded path only when opted in', async () => {
    const canonical = lines('GET', '/v1/p/objects/my%2520file/', '', 'x-sdk-date:' + SDK_DATE, '', 'x-sdk-date', EMPTY_SHA256);
    const req = wireSignedOver({ method: 'GET', target: '/v1/p/objects/my%20file', canonical, signedHeaders: 'x-sdk-date', headers: [] });
    expect(await verify(req)).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    expect((await verify(req, { nodeLegacyPath: true })).ok).toBe(true);
  });
});

describe('variants never widen what the standard form covers', () => {
  it('a request signed with decoded-slash semantics does not verify for a different split', async () => {
    const canonical = lines('GET', '/v1/p/files/a/b/', '', 'x-sdk-date:' + SDK_DATE, '', 'x-sdk-date', EMPTY_SHA256);
    const req = wireSignedOver({ method: 'GET', target: '/v1/p/files/a%2Fc', canonical, signedHeaders: 'x-sdk-date', headers: [] });
    expect((await verify(req)).ok).toBe(false);
  });
});
