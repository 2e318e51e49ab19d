// The Store contract for users and the audit trail, on every backend.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { UserRow } from '../../src/storage/types.js';
import { createTestLedger, describeBackends, type TestLedger } from '../support/ledger.js';

describeBackends('Store contract: users and audit', (backend) => {
  let ledger: TestLedger;
  let p1: string;
  let p2: string;
  const user = (projectId: string, userId: string, name: string, domainName: string): UserRow => ({
    projectId, userId, name, domainId: `id-${domainName}`, domainName, role: 'tenant', passwordHash: 'scrypt$15$8$1$AA==$AA==',
    tokenGeneration: 0, status: 'active', createdAt: ledger.now, updatedAt: ledger.now,
  });

  beforeAll(async () => {
    ledger = await createTestLedger(new Date('2026-11-26T12:00:00Z'), backend);
    p1 = await ledger.addProject();
    p2 = await ledger.addProject();
  });
  afterAll(() => ledger?.close());

  it('stores users and finds them by project, domain name or domain id', async () => {
    await ledger.store.transaction(async (tx) => {
      await tx.insertUser(user(p1, 'u1', 'alice', 'acme'));
      await tx.insertUser(user(p2, 'u2', 'alice', 'acme'));
      await tx.insertUser(user(p2, 'u3', 'bob', 'other'));
    });
    expect(await ledger.store.getUser(p1, 'u1')).toEqual(user(p1, 'u1', 'alice', 'acme'));
    expect(await ledger.store.getUser(p2, 'u1')).toBeUndefined();
    // Ordered by project id.
    expect((await ledger.store.findUsers({ name: 'alice', domainName: 'acme' })).map((u) => u.userId)).toEqual(p1 < p2 ? ['u1', 'u2'] : ['u2', 'u1']);
    expect((await ledger.store.findUsers({ name: 'alice', domainId: 'id-acme' }))).toHaveLength(2);
    expect((await ledger.store.findUsers({ name: 'alice', projectId: p2 })).map((u) => u.userId)).toEqual(['u2']);
    expect(await ledger.store.findUsers({ name: 'alice', domainName: 'other' })).toEqual([]);
  });

  it('refuses a second user of the same name in a project', async () => {
    await expect(ledger.store.transaction((tx) => tx.insertUser(user(p1, 'u9', 'alice', 'elsewhere')))).rejects.toThrow();
  });

  it('updates status, password hash and token generation', async () => {
    const later = new Date(ledger.now.getTime() + 1000);
    await ledger.store.transaction((tx) => tx.updateUser(p1, 'u1', { status: 'disabled', passwordHash: 'scrypt$15$8$1$BB==$BB==', tokenGeneration: 4, updatedAt: later }));
    expect(await ledger.store.getUser(p1, 'u1')).toMatchObject({ status: 'disabled', passwordHash: 'scrypt$15$8$1$BB==$BB==', tokenGeneration: 4, updatedAt: later });
    await ledger.store.transaction((tx) => tx.updateUser(p1, 'u1', { tokenGeneration: 5, updatedAt: later }));
    expect(await ledger.store.getUser(p1, 'u1')).toMatchObject({ status: 'disabled', passwordHash: 'scrypt$15$8$1$BB==$BB==', tokenGeneration: 5 });
  });

  it('lists the audit trail newest first, per project or all, with a marker', async () => {
    await ledger.store.transaction(async (tx) => {
      for (const [projectId, action] of [[p1, 'x.one'], [p2, 'x.two'], [p1, 'x.three']] as const) {
        await tx.appendAudit({ projectId, action, targetId: 't', actor: 'operator:test', requestId: 'r', sourceAddress: '10.0.0.1', detail: { n: 1 }, createdAt: ledger.now });
      }
    });
    const mine = await ledger.store.listAudit({ projectId: p1, limit: 10 });
    expect(mine.slice(0, 2).map((e) => e.action)).toEqual(['x.three', 'x.one']);
    expect(mine[0]).toMatchObject({ projectId: p1, targetId: 't', actor: 'operator:test', requestId: 'r', sourceAddress: '10.0.0.1', detail: { n: 1 }, createdAt: ledger.now });
    const all = await ledger.store.listAudit({ limit: 3 });
    expect(all.map((e) => e.action)).toEqual(['x.three', 'x.two', 'x.one']);
    const next = await ledger.store.listAudit({ limit: 10, beforeAuditId: all[1]!.auditId });
    expect(next[0]!.action).toBe('x.one');
  });
});
