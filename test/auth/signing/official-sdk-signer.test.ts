// Cross-check against the official Node SDK signer: same Authorization, except on the SDK's path double-encoding bug.
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import type { BaseCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BaseCredentials.js';
import { DerivedAKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/DerivedAKSKSigner.js';
import type { ICredential } from '@huaweicloud/huaweicloud-sdk-core/auth/ICredential.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signRequest } from '../../../src/auth/signing/sign.js';
import { verifyRequest } from '../../../src/auth/signing/verify.js';
import { AK, NOW, SK, lookupFor } from './signing-fixtures.js';

const ENDPOINT = 'https://metastudio.example.com';
const PROJECT = 'f488337c31c8e4622f1590735b134c65';
const credential = {
  getAk: () => AK, getSk: () => SK, getRegionId: () => 'cn-north-4', getDerivedAuthServiceName: () => 'cts',
} as unknown as ICredential & BaseCredentials;

interface Case {
  name: string;
  method: string;
  path: string;
  query?: Record<string, string | string[]>;
  data?: unknown;
}

const cases: Case[] = [
  { name: 'GET with unicode, commas, spaces and an array in the query', method: 'GET', path: '/v1/{p}/tenants/resources-usage',
    query: { resource: 'video,voice', business: 'VIDEO_2D, LIVE_2D', note: "Grüße ~*'()! 100%+1", tags: ['zeta', 'Mid', 'alpha'], empty: '' } },
  { name: 'POST with a JSON body', method: 'POST', path: '/v1/{p}/vpcs', data: { vpc: { name: 'vpc-ü', tags: [1, { k: 'v' }] } } },
  { name: 'DELETE with unicode and sub-delims in the path', method: 'DELETE', path: '/v1/{p}/objects/Größe~*+,=.png' },
];

/** Signs one case with the official SDK and with ours; returns both Authorization values and our headers. */
function signBoth(c: Case, derived: boolean) {
  const path = c.path.replace('{p}', PROJECT);
  const sdkRequest = {
    endpoint: ENDPOINT + path, method: c.method, queryParams: c.query ?? {}, data: c.data,
    headers: { 'content-type': 'application/json', 'X-Project-Id': PROJECT },
  };
  const sdk = (derived ? DerivedAKSKSigner.sign(sdkRequest, credential) : AKSKSigner.sign(sdkRequest, credential)) as Record<string, string>;
  const url = new URL(ENDPOINT + path);
  for (const [k, v] of Object.entries(c.query ?? {})) for (const one of [v].flat()) url.searchParams.append(k, one);
  const body = c.data === undefined ? undefined : JSON.stringify(c.data);
  const ours = signRequest({
    method: c.method, url, body, accessKey: AK, secretKey: SK, projectId: PROJECT, date: NOW,
    ...(derived ? { v11Scope: { region: 'cn-north-4', service: 'cts' } } : {}),
  });
  return { sdk, ours, url, body };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => vi.useRealTimers());

describe('official AKSKSigner / DerivedAKSKSigner', () => {
  for (const c of cases) {
    it(`SDK-HMAC-SHA256: ${c.name}`, () => {
      const { sdk, ours } = signBoth(c, false);
      expect(sdk['X-Sdk-Date']).toBe(ours['X-Sdk-Date']);
      expect(ours.Authorization).toBe(sdk.Authorization);
    });

    it(`V11-HMAC-SHA256: ${c.name}`, () => {
      const { sdk, ours } = signBoth(c, true);
      expect(ours.Authorization).toBe(sdk.Authorization);
    });
  }

  it('differs only where the SDK double-encodes the path; the verifier takes that one only when opted in', async () => {
    const c: Case = { name: 'space in path', method: 'GET', path: '/v1/{p}/objects/my file.txt' };
    const { sdk, ours, url } = signBoth(c, false);
    expect(ours.Authorization).not.toBe(sdk.Authorization);
    const wire = (headers: Record<string, string>) => ({
      method: 'GET', target: url.pathname + url.search, body: Buffer.alloc(0),
      headers: Object.entries(headers).filter(([n]) => n !== 'Authorization').concat([['Authorization', headers.Authorization!]]) as Array<[string, string]>,
    });
    const lookup = lookupFor(AK, SK);
    expect((await verifyRequest(wire(ours), lookup, { now: NOW })).ok).toBe(true);
    expect(await verifyRequest(wire(sdk), lookup, { now: NOW })).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    expect((await verifyRequest(wire(sdk), lookup, { now: NOW, nodeLegacyPath: true })).ok).toBe(true);
  });
});
