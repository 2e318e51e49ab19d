// Property-based fuzzing of every route: random path parameters, query strings, headers and JSON bodies, sent
// anonymously, signed by an admin, or with a tenant user's token. Never a 5xx, never internals in a response,
// and a refused request never changes the ledger.
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/auth/signing/sign.js';
import { ledgerDigest } from '../support/db-digest.js';
import { routeKey, routeTable, type RouteSpec } from './route-table.js';
import { createWorld, type World } from './world.js';

let w: World;
const outcomes = { signed: 0, signedPastAuth: 0 };

beforeAll(async () => {
  w = await createWorld();
}, 60_000);
afterAll(async () => {
  await w?.close();
});

// Strings that tend to break parsers and validators, mixed with arbitrary ones (any Unicode).
const nasty = fc.constantFrom('', ' ', '0', '-1', '1e309', '9007199254740993', 'NaN', 'null', 'true', '[]', '{}', '%', '%zz', '%00',
  '../', '..%2F', 'a'.repeat(300), '💥', '\u202e', '1001', '2026-02-30T25:61:00Z', 'video_time_2d_model', 'PURCHASED', "' OR 1=1 --");
const text = fc.oneof(nasty, fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }));
const queryKeys = fc.oneof(fc.constantFrom('limit', 'marker', 'offset', 'resource', 'business', 'project_id', 'days', 'resource_source',
  'status', 'resource_type', 'from', 'to', 'customer_project_id', 'resource_id', 'order_id', 'charging_mode', 'nocatalog'), text);
const rawQueryChunk = fc.string({ unit: fc.constantFrom(...'abc019%&=+.,;:_~!$()*-'.split('')), maxLength: 30 });
const query = fc.oneof(
  fc.array(fc.tuple(queryKeys, text), { maxLength: 6 }).map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')),
  rawQueryChunk,
);

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 80 });
const headerName = fc.oneof(
  fc.constantFrom('x-project-id', 'x-subject-token', 'content-type', 'x-sdk-content-sha256', 'accept', 'x-forwarded-for', 'user-agent', 'x-security-token'),
  fc.stringMatching(/^x-fz-[a-z]{1,8}$/),
);
const headers = fc.uniqueArray(fc.tuple(headerName, printable), { maxLength: 5, selector: ([name]) => name });
// Only unsigned requests carry made-up credentials; signed ones get the real ones.
const credentialHeaders = fc.oneof(
  fc.constant([] as Array<[string, string]>),
  fc.tuple(fc.constantFrom('authorization', 'x-auth-token', 'x-sdk-date'), printable).map((h) => [h]),
  printable.map((s) => [['authorization', `SDK-HMAC-SHA256 Access=${s.replace(/[,\s]/g, '')}, SignedHeaders=x-sdk-date, Signature=${'0'.repeat(64)}`],
    ['x-sdk-date', '20260601T120000Z']] as Array<[string, string]>),
);

type Json = unknown;
const jsonValue: fc.Arbitrary<Json> = fc.jsonValue({ maxDepth: 3 });

/** Bodies: none, any JSON, not JSON at all, or the route's own sample with fields replaced or added. */
function bodyFor(route: RouteSpec): fc.Arbitrary<string | undefined> {
  const sample = route.sample(w).body;
  const mutated = sample && typeof sample === 'object'
    ? fc.tuple(fc.oneof(fc.constantFrom(...Object.keys(sample as object)), text), jsonValue, fc.boolean())
      .map(([key, value, drop]) => {
        const copy: Record<string, unknown> = { ...(sample as Record<string, unknown>) };
        if (drop) delete copy[key];
        else copy[key] = value;
        return JSON.stringify(copy);
      })
    : fc.constant(undefined);
  return fc.oneof(fc.constant(undefined), jsonValue.map((v) => JSON.stringify(v)), fc.string({ maxLength: 60 }), mutated);
}

/** The route's pattern with each parameter either the sample's value or something random. */
function pathFor(route: RouteSpec): fc.Arbitrary<string> {
  const samplePath = route.sample(w).path.split('?')[0]!;
  const template = route.url.replace('::', '\u0000').split('/');
  const actual = samplePath.split('/');
  const segments = template.map((seg, i) => (seg.startsWith(':')
    // '.' and '..' would be resolved by URL parsing before signing, so they travel percent-encoded.
    ? fc.oneof(fc.constant(actual[i]!), text.filter((s) => s !== '').map((s) => encodeURIComponent(s).replace(/^\.\.?$/, (d) => '%2E'.repeat(d.length))))
    : fc.constant(seg.replace('\u0000', ':'))));
  return fc.tuple(...segments).map((parts) => parts.join('/'));
}

const LEAK = /\n\s+at |node_modules|\/work\/|\/tmp\/|\.ts:\d+|\.js:\d+|TypeError|ReferenceError|SqliteError|SQLITE_|stack/;

function checkResponse(res: LightMyRequestResponse): void {
  expect(res.statusCode, res.body).toBeLessThan(500);
  if (res.statusCode >= 400) {
    expect(res.body).not.toMatch(LEAK);
    if (res.statusCode !== 405 || res.body !== '') {
      const body = res.json() as { error_code?: unknown; error_msg?: unknown };
      expect(typeof body.error_code).toBe('string');
      expect(typeof body.error_msg).toBe('string');
    }
  }
}

/**
 * Without credentials a protected route answers 401, unless the request is refused earlier as malformed HTTP
 * (undecodable path, bad content type, sizes): never a 403 or anything that needed a look at the ledger.
 */
function expectRefusedBeforeAuthorization(res: LightMyRequestResponse): void {
  if (res.statusCode === 401) return;
  const body = res.json() as { error_code: string; error_msg: string };
  const early = (res.statusCode === 400 && /malformed request/.test(body.error_msg))
    || (res.statusCode === 404 && body.error_code === 'APIGW.0101') || [405, 413, 414, 431].includes(res.statusCode);
  expect(early, `${res.statusCode} ${res.body}`).toBe(true);
}

async function fire(route: RouteSpec, caller: 'anonymous' | 'admin' | 'token', path: string, q: string,
  extra: Array<[string, string]>, creds: Array<[string, string]>, body: string | undefined): Promise<LightMyRequestResponse> {
  const url = q === '' ? path : `${path}?${q}`;
  const base: Record<string, string> = { 'content-type': 'application/json', ...Object.fromEntries(extra) };
  // A claimed payload hash would (rightly) fail the signature, and five failures would lock the admin key out of the run.
  if (caller === 'admin') delete base['x-sdk-content-sha256'];
  for (const [k, v] of Object.entries(route.sample(w).headers ?? {})) base[k] ??= v;
  if (caller === 'admin') {
    outcomes.signed++;
    // Fastify does not read a GET body, so a signed one could never verify (and five failures lock the admin key out).
    if (route.method === 'GET') body = undefined;
    const signed = signRequest({
      method: route.method, url: `http://localhost${url}`, body, accessKey: w.cred.admin.accessKey, secretKey: w.cred.admin.secretKey,
      date: w.clock.now, headers: base,
    });
    const res = await w.app.inject({ method: route.method as 'GET', url, headers: signed, ...(body !== undefined ? { payload: body } : {}) });
    if (res.statusCode !== 401) outcomes.signedPastAuth++;
    return res;
  }
  const headersOut = { ...base, ...Object.fromEntries(creds), ...(caller === 'token' ? { 'x-auth-token': w.token.tenantA } : {}) };
  return w.app.inject({ method: route.method as 'GET', url, headers: headersOut, ...(body !== undefined ? { payload: body } : {}) });
}

// Static assets are big and their content is not ours to check; the sign-in route spends real scrypt time.
const runsFor = (route: RouteSpec) => (route.url.startsWith('/docs/') || route.url.startsWith('/console/') ? 8 : route.url === '/v3/auth/tokens' && route.method === 'POST' ? 20 : 40);

describe.each(routeTable.map((r) => [routeKey(r), r] as const))('%s', (_key, route) => {
  it('never answers 5xx or leaks internals, and changes nothing when it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('anonymous' as const, 'admin' as const, 'token' as const), pathFor(route), query, headers, credentialHeaders, bodyFor(route),
        async (caller, path, q, extra, creds, body) => {
          const before = ledgerDigest(w.ledger.dbPath);
          const res = await fire(route, caller, path, q, extra, creds, body);
          checkResponse(res);
          if (res.statusCode >= 400) expect(ledgerDigest(w.ledger.dbPath)).toBe(before);
          if (caller === 'anonymous' && route.access !== 'public') expectRefusedBeforeAuthorization(res);
        },
      ),
      { numRuns: runsFor(route) },
    );
  }, 120_000);
});

describe('the fuzzing reached past authentication', () => {
  it('most admin-signed requests were verified (so validation, not only the signature check, was fuzzed)', () => {
    console.log(`admin-signed: ${outcomes.signed}, past authentication: ${outcomes.signedPastAuth}`);
    expect(outcomes.signed).toBeGreaterThan(100);
    expect(outcomes.signedPastAuth / outcomes.signed).toBeGreaterThan(0.9);
  });
});
