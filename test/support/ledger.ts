// Test fixture: a real ledger (an SQLite file in a temporary folder, or a PostgreSQL database of its own), with an operator context to seed it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe } from 'vitest';
import { SecretBox } from '../../src/auth/secret-box.js';
import { createCatalog, type Catalog } from '../../src/domain/catalog.js';
import type { ServiceContext } from '../../src/services/context.js';
import { createCredential, type IssuedCredential } from '../../src/services/create-credential.js';
import { createProject } from '../../src/services/create-project.js';
import { grantPackage, type GrantPackageInput } from '../../src/services/grant-package.js';
import { PostgresStore } from '../../src/storage/postgres/pg-store.js';
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import type { Store } from '../../src/storage/types.js';
import { createTestDatabase, postgresAvailable } from './postgres.js';

export type Backend = 'sqlite' | 'postgres';

/** Every backend the contract suites run on: PostgreSQL unless it is unreachable (then support/postgres.ts says so loudly). */
export const backends: Backend[] = postgresAvailable ? ['sqlite', 'postgres'] : ['sqlite'];

/** describe() once per backend, the backend in the suite name: `name [postgres]`. */
export function describeBackends(name: string, fn: (backend: Backend) => void): void {
  describe.each(backends)(`${name} [%s]`, fn);
}

export interface TestLedger {
  backend: Backend;
  dir: string;
  /** The SQLite file ('' on PostgreSQL). */
  dbPath: string;
  /** The PostgreSQL database URL ('' on SQLite). */
  databaseUrl: string;
  /** How the CLI names this ledger: ['--db', file] or ['--database-url', url]. */
  cliArgs: string[];
  store: Store;
  /** Another store on the same database, as a second process would open it. */
  openAnother(): Promise<Store>;
  /**
   * A store for a concurrent writer: another pool on PostgreSQL, as another process has. On SQLite the same store:
   * a second connection in this process would block the event loop while it waits for the file lock
   * (processes racing on one SQLite file are tested end to end, in test/e2e/metering-race.test.ts).
   */
  concurrentStore(): Promise<Store>;
  catalog: Catalog;
  secretBox: SecretBox;
  masterKeyHex: string;
  now: Date;
  ctx: ServiceContext;
  addProject(projectId?: string): Promise<string>;
  addCredential(projectId: string, role?: 'tenant' | 'service' | 'admin'): Promise<IssuedCredential>;
  grant(projectId: string, input: Omit<GrantPackageInput, 'projectId'>): ReturnType<typeof grantPackage>;
  close(): Promise<void>;
}

export function tempDir(prefix = 'tenant-ledger-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function newProjectId(): string {
  return crypto.randomBytes(16).toString('hex');
}

export async function createTestLedger(now = new Date(), backend: Backend = 'sqlite'): Promise<TestLedger> {
  const dir = tempDir();
  const database = backend === 'postgres' ? await createTestDatabase() : undefined;
  const dbPath = database ? '' : path.join(dir, 'ledger.db');
  const databaseUrl = database?.url ?? '';
  const open = (): Store => (database ? PostgresStore.open(database.url, { poolMax: 20 }) : SqliteStore.open(dbPath));
  const store = open();
  await store.migrate();
  const others: Store[] = [];
  const openAnother = async (): Promise<Store> => {
    const other = open();
    others.push(other);
    await other.migrate();
    return other;
  };
  const catalog = createCatalog();
  const masterKey = crypto.randomBytes(32);
  const secretBox = new SecretBox(masterKey);
  const ctx: ServiceContext = {
    actor: { kind: 'operator', name: 'test' }, store, catalog, secretBox, clock: () => now, requestId: null, sourceAddress: null,
  };
  return {
    backend, dir, dbPath, databaseUrl, cliArgs: database ? ['--database-url', databaseUrl] : ['--db', dbPath],
    store, catalog, secretBox, masterKeyHex: masterKey.toString('hex'), now, ctx,
    openAnother,
    concurrentStore: () => (backend === 'postgres' ? openAnother() : Promise.resolve(store)),
    async addProject(projectId = newProjectId()) {
      await createProject(ctx, { projectId });
      return projectId;
    },
    addCredential: (projectId, role = 'tenant') => createCredential(ctx, { projectId, role }),
    grant: (projectId, input) => grantPackage(ctx, { projectId, ...input }),
    async close() {
      await Promise.all([store, ...others].map((s) => s.close()));
      await database?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
