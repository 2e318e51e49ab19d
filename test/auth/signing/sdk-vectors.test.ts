// Every captured Node SDK vector gets the outcome the spec file expects, with and without the opt-in switches.
import { describe, expect, it } from 'vitest';
import { verifyVector } from '../../../src/auth/signing/vectors.js';
import { verifyRequest } from '../../../src/auth/signing/verify.js';
import { lookupFor, vectorNow, vectors, wireFromVector } from './signing-fixtures.js';

describe('Node SDK captured vectors', () => {
  it('the fixture holds the 14 captured vectors', () => {
    expect(vectors.map((v) => v.id)).toHaveLength(14);
  });

  for (const v of vectors) {
    describe(v.id, () => {
      const plain = v.expect === 'valid';
      const onlyLegacy = v.expect === 'valid-only-with-node-legacy-path';
      const onlyJava = v.expect === 'valid-only-with-java-query-quirk';

      it(`is ${plain ? 'valid' : 'invalid'} by default`, async () => {
        const out = await verifyVector(v, {});
        expect(out.valid).toBe(plain);
        expect(out.reason).toBe(plain ? null : 'signature_mismatch');
        expect(out.id).toBe(v.id);
        expect(out.canonical_request).toMatch(/\n\n/);
      });

      it(`is ${plain || onlyLegacy ? 'valid' : 'invalid'} with nodeLegacyPath`, async () => {
        expect((await verifyVector(v, { nodeLegacyPath: true })).valid).toBe(plain || onlyLegacy);
      });

      it(`is ${plain || onlyJava ? 'valid' : 'invalid'} with javaQueryQuirk`, async () => {
        expect((await verifyVector(v, { javaQueryQuirk: true })).valid).toBe(plain || onlyJava);
      });

      it('verifyRequest agrees and reports the algorithm and AK', async () => {
        const result = await verifyRequest(wireFromVector(v), lookupFor(v.access_key, v.secret_key), {
          now: vectorNow(v),
          v11Scopes: v.v11_scope ? [v.v11_scope] : [],
          nodeLegacyPath: onlyLegacy,
          javaQueryQuirk: onlyJava,
        });
        expect(result).toMatchObject({ ok: v.expect !== 'invalid', accessKey: v.access_key });
        if (result.ok) expect(result.algorithm).toBe(v.algorithm);
      });
    });
  }
});

describe('canonical requests of selected vectors', () => {
  const byId = (id: string) => vectors.find((v) => v.id === id)!;
  const canonicalOf = async (id: string, switches = {}) => (await verifyVector(byId(id), switches)).canonical_request!;

  it('v02: commas, spaces, unicode and sub-delims are re-encoded, keys sorted', async () => {
    const lines = (await canonicalOf('v02-get-query-commas-spaces-unicode')).split('\n');
    expect(lines[2]).toBe(
      "business=VIDEO_2D%2C%20LIVE_2D&note=Gr%C3%BC%C3%9Fe%20~%2A%27%28%29%21%20100%25%2B1&resource=video%2Cvoice",
    );
  });

  it('v03: empty value kept as "marker=", repeated values sorted by bytes', async () => {
    const lines = (await canonicalOf('v03-get-multiple-params-array-empty-bool')).split('\n');
    expect(lines[2]).toBe('enable=true&limit=10&marker=&name=web%20server&offset=0&tags=Mid&tags=alpha&tags=zeta');
  });

  it('v11: keys sorted by raw decoded bytes, not encoded form', async () => {
    const lines = (await canonicalOf('v11-query-key-sort-raw-vs-encoded')).split('\n');
    expect(lines[2]).toBe('B=3&a%20b=4&a0=2&a%3Ab=1');
  });

  it('v06: the default canonical URI is single-encoded; the legacy one double-encodes the space', async () => {
    expect((await canonicalOf('v06-delete-path-needs-encoding')).split('\n')[1]).toBe(
      '/v1/f488337c31c8e4622f1590735b134c65/objects/my%20file%20%C3%BC~%2A%2B.txt/',
    );
    expect((await canonicalOf('v06-delete-path-needs-encoding', { nodeLegacyPath: true })).split('\n')[1]).toBe(
      '/v1/f488337c31c8e4622f1590735b134c65/objects/my%2520file%2520%C3%BC~%2A%2B.txt/',
    );
  });

  it('v08: UNSIGNED-PAYLOAD is the payload hash', async () => {
    expect((await canonicalOf('v08-post-non-json-unsigned-payload')).endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
  });
});
