// SqliteStore: migrations, WAL, rollback, and two processes' connections sharing one file.
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteMigrations } from '../../src/storage/sqlite/migrations/index.js';
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store.js';

const versions = sqliteMigrations.map((m) => m.version);
import { createTestLedger, tempDir, type TestLedger } from '../support/ledger.js';

let ledger: TestLedger | undefined;
afterEach(async () => {
  await ledger?.close();
  ledger = undefined;
});

describe('SqliteStore', () => {
  it('creates the folder, applies migrations once and reports them', async () => {
    const file = path.join(tempDir(), 'nested', 'deeper', 'ledger.db');
    const store = SqliteStore.open(file);
    expect(versions.length).toBeGreaterThanOrEqual(2);
    expect((await store.migrationStatus()).pending).toEqual(versions);
    expect(await store.migrate()).toEqual({ applied: versions, pending: [] });
    expect(await store.migrate()).toEqual({ applied: versions, pending: [] });
    await store.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('keys every ledger table by project_id first', async () => {
    ledger = await createTestLedger();
    const raw = new Database(ledger.dbPath, { readonly: true });
    for (const table of ['projects', 'credentials', 'packages']) {
      const pk = (raw.pragma(`table_info(${table})`) as Array<{ name: string; pk: number }>).find((c) => c.pk === 1);
      expect(pk?.name, table).toBe('project_id');
    }
    for (const [table, index] of [['journal', 'journal_by_project'], ['audit', 'audit_by_project']]) {
      const first = (raw.pragma(`index_info(${index})`) as Array<{ name: string; seqno: number }>).find((c) => c.seqno === 0);
      expect(first?.name, table).toBe('project_id');
    }
    raw.close();
  });

  it('rolls back everything a failed transaction wrote', async () => {
    ledger = await createTestLedger();
    const projectId = await ledger.addProject();
    const [pkg] = await ledger.grant(projectId, { resourceType: 'video_time_2d_model', amount: '1' });
    await expect(ledger.store.transaction(async (tx) => {
      await tx.insertPackage({ ...pkg!, resourceId: 'will-vanish' });
      throw new Error('injected fault');
    })).rejects.toThrow('injected fault');
    expect(await ledger.store.getPackage(projectId, 'will-vanish')).toBeUndefined();
  });

  it('refuses usage above amount at the database level too', async () => {
    ledger = await createTestLedger();
    const projectId = await ledger.addProject();
    const [pkg] = await ledger.grant(projectId, { resourceType: 'video_time_2d_model', amount: '1' });
    await expect(ledger.store.transaction((tx) => tx.insertPackage({ ...pkg!, resourceId: 'over', usage: 2_000_000n })))
      .rejects.toThrow(/CHECK constraint/);
  });

  it('shows a write made through another connection (the CLI) on the very next read', async () => {
    ledger = await createTestLedger();
    const projectId = await ledger.addProject();
    const other = SqliteStore.open(ledger.dbPath);
    const query = { projectId, now: new Date(), resourceTypes: [], businessTypes: [] };
    const [pkg] = await ledger.grant(projectId, { resourceType: 'video_time_2d_model', amount: '2' });
    expect((await ledger.store.sumUsage(query))[0]!.amount).toBe(2_000_000n);
    await other.transaction((tx) => tx.insertPackage({ ...pkg!, resourceId: 'from-other-connection' }));
    const rows = await ledger.store.sumUsage(query);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.amount).toBe(4_000_000n);
    await other.close();
  });
});
