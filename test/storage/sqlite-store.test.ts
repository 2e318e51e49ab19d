// SqliteStore specifics: the folder it creates, WAL mode, migrations from an empty file, tables keyed by project_id.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteMigrations } from '../../src/storage/sqlite/migrations/index.js';
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store.js';

import { createTestLedger, tempDir, type TestLedger } from '../support/ledger.js';

const versions = sqliteMigrations.map((m) => m.version);

let ledger: TestLedger | undefined;
afterEach(async () => {
  await ledger?.close();
  ledger = undefined;
});

describe('SqliteStore', () => {
  it('opens and migrates a new file that several processes open at the same instant', { timeout: 60_000 }, async () => {
    const script = fileURLToPath(new URL('../support/open-and-migrate.mjs', import.meta.url));
    const outcomes: string[] = [];
    // A race: before the switch to WAL was retried, most runs of this test had a process fail "database is locked"
    // (a CI run of the metering suite failed so: its server and CLI commands start together on a new file).
    for (let trial = 0; trial < 12; trial++) {
      const file = path.join(tempDir(), 'ledger.db');
      const startAt = String(Date.now() + 1500);
      outcomes.push(...await Promise.all(Array.from({ length: 8 }, () => new Promise<string>((resolve, reject) => {
        execFile(process.execPath, [script, file, startAt], (err, stdout) => (err ? reject(err) : resolve(stdout.trim())));
      }))));
    }
    expect(outcomes.filter((o) => o !== 'ok')).toEqual([]);
    expect(outcomes).toHaveLength(96);
  });

  it('shares the page caches of one process (reader 32 MB, writer 48) out between the processes of serve --workers (at least 8 MB)', async () => {
    const cacheKiB = async (processes?: number, readCacheMb = 0) => {
      const store = SqliteStore.open(path.join(tempDir(), 'ledger.db'), { processes, readCacheMb });
      try {
        const inner = store as unknown as { writerDb: Database.Database; db: Database.Database };
        const kib = (connection: Database.Database) => -Number(connection.pragma('cache_size', { simple: true }));
        return { writer: kib(inner.writerDb), reader: kib(inner.db) };
      } finally {
        await store.close();
      }
    };
    // The writer's holds the inner pages of a 2M-package ledger (whole package rows: 26 MB of them).
    expect(await cacheKiB()).toEqual({ writer: 48 * 1024, reader: 32 * 1024 });
    expect(await cacheKiB(2)).toEqual({ writer: 24 * 1024, reader: 16 * 1024 });
    expect(await cacheKiB(16)).toEqual({ writer: 8 * 1024, reader: 8 * 1024 });
    // With the read cache on, the reader's page cache holds mostly inner B-tree pages: half of it.
    expect(await cacheKiB(1, 48)).toEqual({ writer: 48 * 1024, reader: 16 * 1024 });
    expect(await cacheKiB(16, 48)).toEqual({ writer: 8 * 1024, reader: 8 * 1024 });
  });

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
    // Every usage record appends to the journal: each index on it is a page write per record (migration 5).
    expect((raw.pragma('index_list(journal)') as Array<{ name: string }>).map((i) => i.name)).toEqual(['journal_by_project']);
    raw.close();
  });

  // Rollback, constraints, savepoints and cross-process visibility are in store-contract.test.ts, run on every backend.
});
