// Parsing the Authorization header of both algorithms, and refusing everything else.
import { describe, expect, it } from 'vitest';
import { parseAuthorization, parseAuthorizationHeader } from '../../../src/auth/signing/authorization-header.js';

const SIG = 'ab'.repeat(32);

describe('parseAuthorization', () => {
  it('parses an SDK-HMAC-SHA256 header', () => {
    expect(parseAuthorization(`SDK-HMAC-SHA256 Access=AK1, SignedHeaders=content-type;host;x-sdk-date, Signature=${SIG}`)).toEqual({
      algorithm: 'SDK-HMAC-SHA256',
      accessKey: 'AK1',
      signedHeaders: ['content-type', 'host', 'x-sdk-date'],
      signedHeadersText: 'content-type;host;x-sdk-date',
      signature: SIG,
    });
  });

  it('parses a V11-HMAC-SHA256 header with its scope', () => {
    expect(parseAuthorization(`V11-HMAC-SHA256 Credential=AK1/20261126/cn-north-4/cts, SignedHeaders=x-sdk-date, Signature=${SIG}`)).toMatchObject({
      algorithm: 'V11-HMAC-SHA256',
      accessKey: 'AK1',
      scope: { date: '20261126', region: 'cn-north-4', service: 'cts' },
    });
  });

  it('accepts a comma with or without whitespace, and parameters in any order', () => {
    const parsed = parseAuthorization(`SDK-HMAC-SHA256  Signature=${SIG},Access=AK1 ,  SignedHeaders=x-sdk-date`);
    expect(parsed).toMatchObject({ accessKey: 'AK1', signature: SIG, signedHeaders: ['x-sdk-date'] });
  });

  it.each([
    ['no parameters', 'SDK-HMAC-SHA256'],
    ['a missing Signature', 'SDK-HMAC-SHA256 Access=AK1, SignedHeaders=x-sdk-date'],
    ['an upper-case signature', `SDK-HMAC-SHA256 Access=AK1, SignedHeaders=x-sdk-date, Signature=${SIG.toUpperCase()}`],
    ['a short signature', `SDK-HMAC-SHA256 Access=AK1, SignedHeaders=x-sdk-date, Signature=${SIG.slice(1)}`],
    ['a repeated parameter', `SDK-HMAC-SHA256 Access=AK1, Access=AK2, SignedHeaders=x-sdk-date, Signature=${SIG}`],
    ['an extra parameter', `SDK-HMAC-SHA256 Access=AK1, SignedHeaders=x-sdk-date, Signature=${SIG}, Extra=1`],
    ['an empty signed header name', `SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;;x-sdk-date, Signature=${SIG}`],
    ['an empty AK', `SDK-HMAC-SHA256 Access=, SignedHeaders=x-sdk-date, Signature=${SIG}`],
    ['Credential in an SDK header', `SDK-HMAC-SHA256 Credential=AK1/20261126/r/s, SignedHeaders=x-sdk-date, Signature=${SIG}`],
    ['a V11 scope without service', `V11-HMAC-SHA256 Credential=AK1/20261126/r, SignedHeaders=x-sdk-date, Signature=${SIG}`],
    ['a V11 scope with a bad date', `V11-HMAC-SHA256 Credential=AK1/2026-11-26/r/s, SignedHeaders=x-sdk-date, Signature=${SIG}`],
  ])('refuses %s as malformed', (_what, header) => {
    expect(parseAuthorization(header)).toBeUndefined();
    expect(parseAuthorizationHeader(header)).toEqual({ ok: false, reason: 'malformed_authorization' });
  });

  it.each(['Bearer abc', 'AWS4-HMAC-SHA256 Credential=x', 'sdk-hmac-sha256 Access=AK1', ''])('refuses %j as an unsupported algorithm', (header) => {
    expect(parseAuthorizationHeader(header)).toEqual({ ok: false, reason: 'unsupported_algorithm' });
  });
});
