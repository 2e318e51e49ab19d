// The shared security suite: every route of the server, enumerated from the app itself, against every kind of
// wrong caller. Each refusal must have the right status and body and leave the ledger exactly as it was.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../../src/http/route-registry.js';
import type { IssuedCredential } from '../../src/services/create-credential.js';
import { signedInject } from '../support/app.js';
import { ledgerDigest } from '../support/db-digest.js';
import { routeKey, routeTable, type Access, type RouteSpec } from './route-table.js';
import { createWorld, type World } from './world.js';

let w: World;

beforeAll(async () => {
  w = await createWorld();
}, 60_000);
afterAll(async () => {
  await w?.close();
});

type Caller =
  | { kind: 'none' }
  | { kind: 'aksk'; credential: Pick<IssuedCredential, 'accessKey' | 'secretKey'>; date?: Date }
  | { kind: 'token'; token: string };

interface RefusalCase {
  name: string;
  caller: (w: World) => Caller;
  status: 401 | 403;
}

function send(route: RouteSpec, caller: Caller, method = route.method): Promise<LightMyRequestResponse> {
  const sample = route.sample(w);
  const body = sample.body === undefined ? undefined : JSON.stringify(sample.body);
  if (caller.kind === 'aksk') {
    return signedInject(w.app, { method, path: sample.path, body, credential: caller.credential, date: caller.date ?? w.clock.now, headers: sample.headers });
  }
  const headers: Record<string, string> = { ...sample.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
  if (caller.kind === 'token') headers['x-auth-token'] = caller.token;
  return w.app.inject({ method: method as 'GET', url: sample.path, headers, ...(body !== undefined ? { payload: body } : {}) });
}

/** The credential that would be allowed, so an expired date is the only thing wrong with the request. */
function rightCredential(access: Access): IssuedCredential {
  if (access === 'metering') return w.cred.serviceA;
  if (access === 'admin' || access === 'allocation') return w.cred.admin;
  return w.cred.tenantA;
}

const SIXTEEN_MINUTES = 16 * 60_000;

function casesFor(access: Access): RefusalCase[] {
  const common: RefusalCase[] = [
    { name: 'no credentials', caller: () => ({ kind: 'none' }), status: 401 },
    { name: 'a bad signature', caller: (x) => ({ kind: 'aksk', credential: { accessKey: x.cred.victim.accessKey, secretKey: 'not-the-secret-key-0000000000000000000000' } }), status: 401 },
    { name: 'an X-Sdk-Date 16 minutes old', caller: (x) => ({ kind: 'aksk', credential: rightCredential(access), date: new Date(x.clock.now.getTime() - SIXTEEN_MINUTES) }), status: 401 },
    { name: 'an X-Sdk-Date 16 minutes ahead', caller: (x) => ({ kind: 'aksk', credential: rightCredential(access), date: new Date(x.clock.now.getTime() + SIXTEEN_MINUTES) }), status: 401 },
    { name: 'an expired token', caller: (x) => ({ kind: 'token', token: x.token.expired }), status: 401 },
    { name: 'a token of a disabled user', caller: (x) => ({ kind: 'token', token: x.token.disabled }), status: 401 },
    { name: 'a token issued before a password change', caller: (x) => ({ kind: 'token', token: x.token.oldPassword }), status: 401 },
    { name: 'a forged token', caller: (x) => ({ kind: 'token', token: x.token.tenantA.slice(0, -2) + (x.token.tenantA.endsWith('AA') ? 'BB' : 'AA') }), status: 401 },
    { name: "another project's credential", caller: (x) => ({ kind: 'aksk', credential: x.cred.tenantB }), status: 403 },
    { name: "another project's token", caller: (x) => ({ kind: 'token', token: x.token.tenantB }), status: 403 },
  ];
  const weaker: Record<Access, RefusalCase[]> = {
    public: [],
    'tenant-read': [], // a tenant of the project is the weakest caller and is allowed
    'token-check': [],
    metering: [
      { name: 'a tenant credential (too weak)', caller: (x) => ({ kind: 'aksk', credential: x.cred.tenantA }), status: 403 },
      { name: 'a tenant user token (too weak)', caller: (x) => ({ kind: 'token', token: x.token.tenantA }), status: 403 },
    ],
    allocation: [
      { name: 'a service credential (too weak)', caller: (x) => ({ kind: 'aksk', credential: x.cred.serviceA }), status: 403 },
    ],
    admin: [
      { name: 'a service credential (too weak)', caller: (x) => ({ kind: 'aksk', credential: x.cred.serviceA }), status: 403 },
      { name: 'a tenant credential of the project (too weak)', caller: (x) => ({ kind: 'aksk', credential: x.cred.tenantA }), status: 403 },
      { name: 'a tenant user token (too weak)', caller: (x) => ({ kind: 'token', token: x.token.tenantA }), status: 403 },
    ],
  };
  return access === 'public' ? [] : [...common, ...weaker[access]];
}

function expectGatewayError(res: LightMyRequestResponse, status: number): void {
  expect(res.statusCode, res.body).toBe(status);
  const requestId = res.headers['x-request-id'];
  expect(requestId).toMatch(/^[0-9a-f]{32}$/);
  expect(res.json()).toEqual({
    error_code: status === 401 ? 'APIG.0301' : 'APIG.0302',
    error_msg: expect.stringMatching(status === 401 ? /^Incorrect IAM authentication information/ : /^The IAM user is not authorized/),
    request_id: requestId,
  });
}

describe('route coverage', () => {
  it('the table lists exactly the routes the app serves (a new route must be added to it)', () => {
    const served = registeredRoutes(w.app);
    const withoutHead = served.filter((r) => r.method !== 'HEAD').map(routeKey).sort();
    expect(routeTable.map(routeKey).sort()).toEqual(withoutHead);
    // HEAD exists only as Fastify's automatic twin of a GET, with the GET's hooks.
    for (const head of served.filter((r) => r.method === 'HEAD')) expect(withoutHead).toContain(`GET ${head.url}`);
  });
});

describe.each(routeTable.filter((r) => r.access !== 'public').map((r) => [routeKey(r), r] as const))('%s', (_key, route) => {
  it.each(casesFor(route.access).map((c) => [c.name, c] as const))('refuses %s without changing anything', async (_name, c) => {
    const before = ledgerDigest(w.ledger.dbPath);
    const res = await send(route, c.caller(w));
    expectGatewayError(res, c.status);
    expect(ledgerDigest(w.ledger.dbPath)).toBe(before);
  });

  if (route.method === 'GET') {
    it('refuses HEAD without credentials too', async () => {
      const res = await send(route, { kind: 'none' }, 'HEAD');
      expect(res.statusCode).toBe(401);
    });
  }
});

describe.each(routeTable.filter((r) => r.access === 'public').map((r) => [routeKey(r), r] as const))('%s (public)', (_key, route) => {
  it('needs no credential and ignores a bad one', async () => {
    const anonymous = await send(route, { kind: 'none' });
    expect(anonymous.statusCode).toBeLessThan(400);
    const badlySigned = await send(route, { kind: 'aksk', credential: { accessKey: 'UNKNOWNACCESSKEY0000', secretKey: 'x'.repeat(40) } });
    expect(badlySigned.statusCode).toBe(anonymous.statusCode);
  });
});

// Positive controls, last (they change the ledger): the right caller gets through each sample, so every refusal
// above is down to the caller alone.
describe('the right caller is let through', () => {
  const allowed = (route: RouteSpec) => {
    switch (route.access) {
      case 'tenant-read': return [{ kind: 'aksk', credential: w.cred.tenantA }, { kind: 'token', token: w.token.tenantA }] as Caller[];
      case 'token-check': return [{ kind: 'aksk', credential: w.cred.tenantA }, { kind: 'token', token: w.token.tenantA }] as Caller[];
      case 'metering': return [{ kind: 'aksk', credential: w.cred.serviceA }] as Caller[];
      case 'allocation': return [{ kind: 'aksk', credential: w.cred.admin }, { kind: 'token', token: w.token.adminUser }] as Caller[];
      case 'admin': return [{ kind: 'aksk', credential: w.cred.admin }, { kind: 'token', token: w.token.adminUser }] as Caller[];
      default: return [] as Caller[];
    }
  };
  it.each(routeTable.filter((r) => r.access !== 'public').map((r) => [routeKey(r), r] as const))('%s', async (_key, route) => {
    for (const caller of allowed(route)) {
      const res = await send(route, caller);
      expect([401, 403], `${caller.kind}: ${res.body}`).not.toContain(res.statusCode);
      expect(res.statusCode, res.body).toBeLessThan(500);
    }
  });
});
