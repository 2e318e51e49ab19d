// POST/GET /v3/auth/tokens and X-Auth-Token in-process: sign-in rules, token lifetime, revocation, scope, audit.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/auth/secret-box.js';
import { createApp } from '../../src/http/app.js';
import { changePassword } from '../../src/services/change-password.js';
import { createUser } from '../../src/services/create-user.js';
import { setUserStatus } from '../../src/services/set-user-status.js';
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import { signedInject } from '../support/app.js';
import { createTestLedger, newProjectId, type TestLedger } from '../support/ledger.js';
import { passwordBody, signIn, signInRequest, tokenInject } from '../support/tokens.js';

const PASSWORD = 'a long enough password';
let ledger: TestLedger;
let app: FastifyInstance;
const clock = { now: new Date('2026-06-01T12:00:00Z') };
let a: string;
let b: string;

const appFor = (store = ledger.store, secretBox = ledger.secretBox) => createApp({
  store, catalog: ledger.catalog, secretBox, clock: () => clock.now, signing: { v11Scopes: [], nodeLegacyPath: false, javaQueryQuirk: false },
});
const usage = (token: string, projectId = a) => tokenInject(app, token, 'GET', `/v1/${projectId}/tenants/resources-usage`);

beforeAll(async () => {
  ledger = await createTestLedger(clock.now);
  a = await ledger.addProject();
  b = await ledger.addProject();
  await ledger.grant(a, { resourceType: 'video_time_2d_model', amount: '10' });
  for (const [projectId, name, role] of [[a, 'alice', 'tenant'], [b, 'bob', 'tenant'], [a, 'root', 'admin']] as const) {
    await createUser(ledger.ctx, { projectId, name, role, password: PASSWORD });
  }
  app = await appFor();
}, 30_000);
afterAll(async () => {
  await app.close();
  await ledger.close();
});

describe('POST /v3/auth/tokens', () => {
  it('answers 201 with the token in X-Subject-Token and the IAM body, valid 24 hours', async () => {
    const res = await signInRequest(app, { name: 'alice', password: PASSWORD, projectId: a });
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-subject-token']).toMatch(/^TL1\.[\w-]+\.[\w-]{43}$/);
    const { token } = res.json();
    expect(token).toEqual({
      expires_at: '2026-06-02T12:00:00.000000Z', issued_at: '2026-06-01T12:00:00.000000Z', methods: ['password'],
      user: { id: expect.stringMatching(/^[0-9a-f]{32}$/), name: 'alice', domain: { id: expect.stringMatching(/^[0-9a-f]{32}$/), name: a } },
      project: { id: a, name: a, domain: token.user.domain },
      roles: [{ id: 'tenant', name: 'tenant' }],
    });
    expect((await usage(res.headers['x-subject-token'] as string)).statusCode).toBe(200);
  });

  it('ignores an AK/SK signature on the sign-in call (IAM SDKs always sign)', async () => {
    const body = JSON.stringify(passwordBody({ name: 'alice', password: PASSWORD, projectId: a }));
    const res = await signedInject(app, {
      method: 'POST', path: '/v3/auth/tokens', body, credential: { accessKey: 'NOTAKEY0000000000000', secretKey: 'x'.repeat(40) }, date: clock.now,
    });
    expect(res.statusCode).toBe(201);
  });

  it('scopes by project name, or to the only user of that name in the domain', async () => {
    expect((await signInRequest(app, { name: 'alice', password: PASSWORD, domain: { name: a }, projectName: a })).statusCode).toBe(201);
    expect((await signInRequest(app, { name: 'alice', password: PASSWORD, domain: { name: a }, projectId: null })).statusCode).toBe(201);
    const withDomainId = await signInRequest(app, { name: 'alice', password: PASSWORD, projectId: a });
    const domainId = withDomainId.json().token.user.domain.id as string;
    expect((await signInRequest(app, { name: 'alice', password: PASSWORD, domain: { id: domainId }, projectId: a })).statusCode).toBe(201);
    // A correct password scoped to a project the user is not in is refused like a wrong password.
    expect((await signInRequest(app, { name: 'alice', password: PASSWORD, domain: { name: a }, projectId: b })).statusCode).toBe(401);
  });

  it('gives a wrong password, an unknown user and a disabled user the same 401 body', async () => {
    const project = await ledger.addProject();
    await createUser(ledger.ctx, { projectId: project, name: 'gone', password: PASSWORD });
    await setUserStatus(ledger.ctx, { projectId: project, name: 'gone', status: 'disabled' });
    const answers = [
      await signInRequest(app, { name: 'alice', password: 'wrong password!', projectId: a }),
      await signInRequest(app, { name: 'nobody', password: PASSWORD, projectId: a }),
      await signInRequest(app, { name: 'gone', password: PASSWORD, projectId: project }),
    ];
    for (const res of answers) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({
        error_code: 'APIG.0301', error_msg: 'Incorrect IAM authentication information: the user name or password is wrong',
        request_id: res.headers['x-request-id'],
      });
    }
  });

  it('takes the same time for an unknown user as for a wrong password (scrypt runs either way)', async () => {
    // A user of its own: five failures lock the name, which must not disturb the other tests.
    await createUser(ledger.ctx, { projectId: b, name: 'timer', password: PASSWORD });
    const time = async (name: string) => {
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        const start = process.hrtime.bigint();
        await signInRequest(app, { name, password: 'definitely wrong', domain: { name: b }, projectId: b });
        samples.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      return samples.sort((x, y) => x - y)[2]!;
    };
    const known = await time('timer');
    const unknown = await time('no-such-user');
    // scrypt dominates (tens of milliseconds); skipping it for unknown users would make them several times faster.
    expect(unknown).toBeGreaterThan(known * 0.3);
    expect(unknown).toBeLessThan(known * 3);
  }, 30_000);

  it('refuses bodies that are not IAM password bodies with 400', async () => {
    const cases: unknown[] = [
      {}, { auth: {} }, passwordBody({ name: 'alice', password: PASSWORD, domain: {}, projectId: a }),
      { auth: { identity: { methods: ['token'], password: { user: { name: 'alice', password: PASSWORD, domain: { name: a } } } } } },
    ];
    for (const body of cases) {
      const res = await signInRequest(app, body as Record<string, unknown>);
      expect(res.statusCode, res.body).toBe(400);
    }
    const notJson = await app.inject({ method: 'POST', url: '/v3/auth/tokens', payload: '{', headers: { 'content-type': 'application/json' } });
    expect(notJson.json().error_code).toBe('MSS.10000002');
  });

  it('locks a user name for 5 minutes after 5 failed sign-ins, even with the right password then', async () => {
    const project = await ledger.addProject();
    await createUser(ledger.ctx, { projectId: project, name: 'target', password: PASSWORD });
    for (let i = 0; i < 5; i++) expect((await signInRequest(app, { name: 'target', password: `guess number ${i}`, projectId: project })).statusCode).toBe(401);
    const locked = await signInRequest(app, { name: 'target', password: PASSWORD, projectId: project });
    expect(locked.statusCode).toBe(401);
    expect(locked.json().error_msg).toMatch(/locked/);
    const before = clock.now;
    clock.now = new Date(before.getTime() + 5 * 60_000 + 1);
    try {
      expect((await signInRequest(app, { name: 'target', password: PASSWORD, projectId: project })).statusCode).toBe(201);
    } finally {
      clock.now = before;
    }
  });

  it('records each token issued in the audit trail with the request id and source address', async () => {
    const res = await signInRequest(app, { name: 'bob', password: PASSWORD, projectId: b });
    const [entry] = await ledger.store.listAudit({ projectId: b, limit: 1 });
    expect(entry).toMatchObject({
      action: 'token.issue', targetId: res.json().token.user.id, actor: `tenant:user/${res.json().token.user.id}`,
      requestId: res.headers['x-request-id'], sourceAddress: '127.0.0.1',
    });
  });
});

describe('X-Auth-Token', () => {
  it('is refused on another project (403) and works on admin routes only for admin users', async () => {
    const alice = await signIn(app, { name: 'alice', password: PASSWORD, projectId: a });
    expect((await usage(alice, b)).statusCode).toBe(403);
    expect((await usage(alice, b)).json().error_code).toBe('APIG.0302');
    expect((await tokenInject(app, alice, 'GET', '/admin/v1/projects')).statusCode).toBe(403);
    const root = await signIn(app, { name: 'root', password: PASSWORD, projectId: a });
    expect((await tokenInject(app, root, 'GET', '/admin/v1/projects')).statusCode).toBe(200);
    const granted = await tokenInject(app, root, 'POST', `/admin/v1/projects/${b}/packages`, { resource_type: 'video_time_2d_model', amount: 1 });
    expect(granted.statusCode).toBe(201);
    const [entry] = await ledger.store.listAudit({ projectId: b, limit: 1 });
    expect(entry).toMatchObject({ action: 'package.grant', actor: expect.stringMatching(/^admin:user\/[0-9a-f]{32}$/), requestId: granted.headers['x-request-id'] });
  });

  it('expires after 24 hours with 401 APIG.0301', async () => {
    const token = await signIn(app, { name: 'alice', password: PASSWORD, projectId: a });
    const before = clock.now;
    clock.now = new Date(before.getTime() + 24 * 3600_000 - 1000);
    try {
      expect((await usage(token)).statusCode).toBe(200);
      clock.now = new Date(before.getTime() + 24 * 3600_000);
      const res = await usage(token);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error_code: 'APIG.0301', error_msg: expect.stringMatching(/expired/) });
    } finally {
      clock.now = before;
    }
  });

  it('stops working when the user changes password, and the new password gives a working token', async () => {
    const project = await ledger.addProject();
    await createUser(ledger.ctx, { projectId: project, name: 'carol', password: PASSWORD });
    const old = await signIn(app, { name: 'carol', password: PASSWORD, projectId: project });
    expect((await usage(old, project)).statusCode).toBe(200);
    await changePassword(ledger.ctx, { projectId: project, name: 'carol', password: 'the new password' });
    expect((await usage(old, project)).statusCode).toBe(401);
    expect((await signInRequest(app, { name: 'carol', password: PASSWORD, projectId: project })).statusCode).toBe(401);
    const fresh = await signIn(app, { name: 'carol', password: 'the new password', projectId: project });
    expect((await usage(fresh, project)).statusCode).toBe(200);
  });

  it('stays dead for a user disabled and enabled again', async () => {
    const project = await ledger.addProject();
    await createUser(ledger.ctx, { projectId: project, name: 'dan', password: PASSWORD });
    const token = await signIn(app, { name: 'dan', password: PASSWORD, projectId: project });
    await setUserStatus(ledger.ctx, { projectId: project, name: 'dan', status: 'disabled' });
    expect((await usage(token, project)).statusCode).toBe(401);
    await setUserStatus(ledger.ctx, { projectId: project, name: 'dan', status: 'active' });
    expect((await usage(token, project)).statusCode).toBe(401);
  });

  it('verifies on another instance with its own connections (no shared memory), and not under another master key', async () => {
    const token = await signIn(app, { name: 'alice', password: PASSWORD, projectId: a });
    const otherStore = SqliteStore.open(ledger.dbPath);
    const other = await appFor(otherStore);
    const foreign = await appFor(otherStore, new SecretBox(Buffer.alloc(32, 7)));
    try {
      expect((await tokenInject(other, token, 'GET', `/v1/${a}/tenants/resources-usage`)).statusCode).toBe(200);
      expect((await tokenInject(foreign, token, 'GET', `/v1/${a}/tenants/resources-usage`)).statusCode).toBe(401);
    } finally {
      await other.close();
      await foreign.close();
      await otherStore.close();
    }
  });
});

describe('GET /v3/auth/tokens', () => {
  it('validates a token for its own user, for an admin, and not for another project', async () => {
    const alice = await signIn(app, { name: 'alice', password: PASSWORD, projectId: a });
    const bob = await signIn(app, { name: 'bob', password: PASSWORD, projectId: b });
    const check = (caller: string, subject: string) => tokenInject(app, caller, 'GET', '/v3/auth/tokens', undefined, { 'x-subject-token': subject });
    const own = await check(alice, alice);
    expect(own.statusCode).toBe(200);
    expect(own.headers['x-subject-token']).toBe(alice);
    expect(own.json().token.user.name).toBe('alice');
    const root = await signIn(app, { name: 'root', password: PASSWORD, projectId: a });
    expect((await check(root, bob)).statusCode).toBe(200);
    expect((await check(alice, bob)).statusCode).toBe(403);
    const forged = await check(alice, alice.slice(0, -1) + (alice.endsWith('A') ? 'B' : 'A'));
    expect(forged.statusCode).toBe(404);
    expect((await tokenInject(app, alice, 'GET', '/v3/auth/tokens')).statusCode).toBe(400);
  });

  it('needs the caller authenticated', async () => {
    const alice = await signIn(app, { name: 'alice', password: PASSWORD, projectId: a });
    const res = await app.inject({ method: 'GET', url: '/v3/auth/tokens', headers: { 'x-subject-token': alice } });
    expect(res.statusCode).toBe(401);
  });
});

describe('users', () => {
  it('refuses a second user of the same name in the domain, weak passwords and bad names', async () => {
    await expect(createUser(ledger.ctx, { projectId: a, name: 'alice', password: PASSWORD })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(createUser(ledger.ctx, { projectId: b, name: 'alice', password: PASSWORD, domain: a })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(createUser(ledger.ctx, { projectId: a, name: 'eve', password: 'short' })).rejects.toMatchObject({ code: 'INVALID_PARAMETER' });
    await expect(createUser(ledger.ctx, { projectId: a, name: '1eve', password: PASSWORD })).rejects.toMatchObject({ code: 'INVALID_PARAMETER' });
    await expect(createUser(ledger.ctx, { projectId: a, name: 'eve', password: PASSWORD, role: 'service' })).rejects.toMatchObject({ code: 'INVALID_PARAMETER' });
    await expect(createUser(ledger.ctx, { projectId: newProjectId(), name: 'eve', password: PASSWORD })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('GET /admin/v1/audit lists changes with actor, request id, time and source address (admins only)', async () => {
    const root = await signIn(app, { name: 'root', password: PASSWORD, projectId: a });
    const changed = await tokenInject(app, root, 'PATCH', `/admin/v1/projects/${b}`, { name: 'Bee' });
    expect(changed.statusCode).toBe(200);
    const res = await tokenInject(app, root, 'GET', `/admin/v1/audit?project_id=${b}&limit=1`);
    expect(res.statusCode).toBe(200);
    expect(res.json().entries).toEqual([{
      audit_id: expect.any(Number), project_id: b, action: 'project.update', target_id: b, actor: expect.stringMatching(/^admin:user\//),
      request_id: changed.headers['x-request-id'], source_address: '127.0.0.1', detail: { name: 'Bee' }, created_at: clock.now.toISOString(),
    }]);
    expect(res.json().next_marker).toMatch(/^\d+$/);
    const alice = await signIn(app, { name: 'alice', password: PASSWORD, projectId: a });
    expect((await tokenInject(app, alice, 'GET', '/admin/v1/audit')).statusCode).toBe(403);
  });

  it('keeps only a scrypt hash of the password', async () => {
    const [alice] = await ledger.store.findUsers({ projectId: a, name: 'alice' });
    expect(alice!.passwordHash).toMatch(/^scrypt\$15\$8\$1\$/);
    expect(alice!.passwordHash).not.toContain(PASSWORD);
  });
});
