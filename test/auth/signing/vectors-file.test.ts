// readVectors accepts the spec's vector-file shapes and names the field at fault; verifyVector reports per vector.
import { describe, expect, it } from 'vitest';
import { readVectors, verifyVector } from '../../../src/auth/signing/vectors.js';
import { vectors } from './signing-fixtures.js';

const one = vectors[0]!;
const json = (x: unknown) => JSON.stringify(x);

describe('readVectors', () => {
  it('accepts one vector object, {"vectors": [...]} and a bare array', () => {
    expect(readVectors(json(one))).toEqual([one]);
    expect(readVectors(json({ format: 'x', vectors: [one, one] }))).toHaveLength(2);
    expect(readVectors(json([one]))).toEqual([one]);
  });

  it('keeps the optional fields and treats a missing body as empty', () => {
    const { body_base64: _b, ...request } = one.request;
    const [v] = readVectors(json({ ...one, request }));
    expect(v).toMatchObject({ description: one.description, expect: 'valid', request: { body_base64: '' } });
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['no vectors', json({ vectors: [] }), /no vectors/],
    ['vectors not an array', json({ vectors: {} }), /"vectors" must be an array/],
    ['a vector that is not an object', json({ vectors: [1] }), /vector 0: must be an object/],
    ['a missing id', json({ ...one, id: undefined }), /vector 0: "id" must be a string/],
    ['a missing secret', json({ ...one, secret_key: 5 }), /v01-get-no-query\): "secret_key" must be a string/],
    ['a bad now', json({ ...one, now: '2026-11-26' }), /"now" must be a UTC time/],
    ['a bad expect', json({ ...one, expect: 'maybe' }), /"expect" must be one of/],
    ['a bad scope', json({ ...one, v11_scope: 'cn-north-4' }), /"v11_scope" must be null/],
    ['bad headers', json({ ...one, request: { ...one.request, headers: [['a']] } }), /"request.headers" must be an array/],
    ['bad base64', json({ ...one, request: { ...one.request, body_base64: 'a*b=' } }), /not valid base64/],
    ['a missing target', json({ ...one, request: { ...one.request, target: undefined } }), /"target" must be a string/],
  ])('refuses %s with a clear message', (_what, text, message) => {
    expect(() => readVectors(text)).toThrow(message);
  });
});

describe('verifyVector', () => {
  it('reports a valid vector with its canonical request', async () => {
    const out = await verifyVector(one, {});
    expect(out).toEqual({ id: one.id, valid: true, reason: null, canonical_request: expect.stringContaining('GET\n/v1/') });
  });

  it('uses the vector own clock: a vector verified 16 minutes later fails', async () => {
    expect(await verifyVector({ ...one, now: '20261126T125052Z' }, {})).toEqual({
      id: one.id, valid: false, reason: 'date_out_of_window', canonical_request: null,
    });
  });

  it('uses the vector own credentials', async () => {
    expect(await verifyVector({ ...one, access_key: 'OTHER' }, {})).toMatchObject({ valid: false, reason: 'unknown_access_key' });
    expect(await verifyVector({ ...one, secret_key: 'other' }, {})).toMatchObject({ valid: false, reason: 'signature_mismatch' });
  });

  it('uses the vector own V11 scope', async () => {
    const v11 = vectors.find((v) => v.v11_scope !== null)!;
    expect((await verifyVector(v11, {})).valid).toBe(true);
    expect(await verifyVector({ ...v11, v11_scope: null }, {})).toMatchObject({ valid: false, reason: 'scope_mismatch' });
  });
});
