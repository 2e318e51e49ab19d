// Test fixture for the security suites: two tenant projects, every kind of caller, and tokens in every state.
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/http/app.js';
import type { IssuedCredential } from '../../src/services/create-credential.js';
import { changePassword } from '../../src/services/change-password.js';
import { createUser } from '../../src/services/create-user.js';
import { setUserStatus } from '../../src/services/set-user-status.js';
import { recordUsage } from '../../src/services/record-usage.js';
import { createTestLedger, type TestLedger } from '../support/ledger.js';
import { signIn } from '../support/tokens.js';

export const PASSWORD = 'correct horse battery';
export const VIDEO = 'video_time_2d_model';

export interface World {
  ledger: TestLedger;
  app: FastifyInstance;
  /** The app's clock; tests may move it. */
  clock: { now: Date };
  a: string;
  b: string;
  resourceId: string;
  recordId: string;
  cred: {
    tenantA: IssuedCredential;
    serviceA: IssuedCredential;
    tenantB: IssuedCredential;
    admin: IssuedCredential;
    /** Only ever used with a wrong secret (it ends up locked out, which must not disturb the other checks). */
    victim: IssuedCredential;
    /** The one a successful DELETE /admin/v1/credentials may revoke. */
    spare: IssuedCredential;
  };
  token: {
    tenantA: string;
    tenantB: string;
    adminUser: string;
    expired: string;
    disabled: string;
    oldPassword: string;
  };
  close(): Promise<void>;
}

export async function createWorld(): Promise<World> {
  const ledger = await createTestLedger(new Date('2026-06-01T12:00:00Z'));
  const clock = { now: ledger.now };
  const ops = await ledger.addProject('ops');
  const a = await ledger.addProject();
  const b = await ledger.addProject();
  const cred = {
    tenantA: await ledger.addCredential(a, 'tenant'),
    serviceA: await ledger.addCredential(a, 'service'),
    tenantB: await ledger.addCredential(b, 'tenant'),
    admin: await ledger.addCredential(ops, 'admin'),
    victim: await ledger.addCredential(a, 'tenant'),
    spare: await ledger.addCredential(a, 'tenant'),
  };
  const [pkg] = await ledger.grant(a, { resourceType: VIDEO, amount: '100' });
  const recordId = 'rec-1';
  await recordUsage(ledger.ctx, { projectId: a, recordId, resourceType: VIDEO, quantity: '1' });
  const users: Array<[string, string, string]> = [
    [a, 'alice', 'tenant'], [b, 'bob', 'tenant'], [ops, 'root', 'admin'], [a, 'carol', 'tenant'], [a, 'dave', 'tenant'],
  ];
  for (const [projectId, name, role] of users) await createUser(ledger.ctx, { projectId, name, role, password: PASSWORD });

  const app = await createApp({
    store: ledger.store, catalog: ledger.catalog, secretBox: ledger.secretBox, clock: () => clock.now,
    signing: { v11Scopes: [], nodeLegacyPath: false, javaQueryQuirk: false },
  });
  const login = (name: string, projectId: string) => signIn(app, { name, password: PASSWORD, projectId });
  // Issued 25 hours before the suite's "now": valid then, expired now.
  clock.now = new Date(ledger.now.getTime() - 25 * 3600_000);
  const expired = await login('alice', a);
  clock.now = ledger.now;
  const token = {
    tenantA: await login('alice', a),
    tenantB: await login('bob', b),
    adminUser: await login('root', ops),
    expired,
    disabled: await login('carol', a),
    oldPassword: await login('dave', a),
  };
  await setUserStatus(ledger.ctx, { projectId: a, name: 'carol', status: 'disabled' });
  await changePassword(ledger.ctx, { projectId: a, name: 'dave', password: 'another password 2' });
  return {
    ledger, app, clock, a, b, resourceId: pkg!.resourceId, recordId, cred, token,
    async close() {
      await app.close();
      await ledger.close();
    },
  };
}
