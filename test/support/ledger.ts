// Test fixture: a real SQLite ledger file in a temporary folder, with an operator context to seed it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SecretBox } from '../../src/auth/secret-box.js';
import { createCatalog, type Catalog } from '../../src/domain/catalog.js';
import type { ServiceContext } from '../../src/services/context.js';
import { createCredential, type IssuedCredential } from '../../src/services/create-credential.js';
import { createProject } from '../../src/services/create-project.js';
import { grantPackage, type GrantPackageInput } from '../../src/services/grant-package.js';
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store.js';

export interface TestLedger {
  dir: string;
  dbPath: string;
  store: SqliteStore;
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

export async function createTestLedger(now = new Date()): Promise<TestLedger> {
  const dir = tempDir();
  const dbPath = path.join(dir, 'ledger.db');
  const store = SqliteStore.open(dbPath);
  await store.migrate();
  const catalog = createCatalog();
  const masterKey = crypto.randomBytes(32);
  const secretBox = new SecretBox(masterKey);
  const ctx: ServiceContext = {
    actor: { kind: 'operator', name: 'test' }, store, catalog, secretBox, clock: () => now, requestId: null, sourceAddress: null,
  };
  return {
    dir, dbPath, store, catalog, secretBox, masterKeyHex: masterKey.toString('hex'), now, ctx,
    async addProject(projectId = newProjectId()) {
      await createProject(ctx, { projectId });
      return projectId;
    },
    addCredential: (projectId, role = 'tenant') => createCredential(ctx, { projectId, role }),
    grant: (projectId, input) => grantPackage(ctx, { projectId, ...input }),
    async close() {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
