// Builds a benchmark ledger: migrations through the real CLI, then projects, credentials, packages and journal in one bulk transaction.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { SecretBox } from '../src/auth/secret-box.js';
import {
  OPERATOR_PROJECT_ID, SERVICE_ACCESS_KEY, SERVICE_SECRET_KEY, projectIdOf, tenantAccessKeyOf, tenantSecretKeyOf,
} from './bench-credentials.js';
import { PACKAGE_COLUMNS, TEMPLATES, projectPackages } from './package-mix.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = path.join(ROOT, 'bin', 'tenant-ledger.js');

export interface GeneratedLedger {
  file: string;
  projects: number;
  packages: number;
  journalEntries: number;
  seconds: number;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

function prepareStatements(db: Database.Database) {
  return {
    project: db.prepare('INSERT INTO projects (project_id, name, parent_project_id, status, created_at) VALUES (?, ?, NULL, \'active\', ?)'),
    credential: db.prepare(
      'INSERT INTO credentials (project_id, access_key, role, secret_ciphertext, status, created_at) VALUES (?, ?, ?, ?, \'active\', ?)',
    ),
    pkg: db.prepare(`INSERT INTO packages (${PACKAGE_COLUMNS.join(', ')}) VALUES (${placeholders(PACKAGE_COLUMNS.length)})`),
    // One statement in SQLite's own loop: three times faster than a JS round trip per row.
    journal: db.prepare(
      `INSERT INTO journal (project_id, resource_id, kind, amount_delta, usage_delta, amount_after, usage_after, record_id,
         actor, request_id, created_at)
       SELECT project_id, resource_id, 'granted', amount, usage, amount, usage, NULL, 'bench-generator', NULL, created_at
       FROM packages ORDER BY project_id, resource_id`,
    ),
  };
}

/**
 * Every tenant gets 20 packages, one tenant credential (deterministic keys, see bench-credentials.ts) and one
 * 'granted' journal entry per package so the ledger check of the journal stays clean. Rows go in primary-key order.
 */
export function generateLedger(file: string, projects: number, masterKey: Buffer): GeneratedLedger {
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, [CLI, 'migrate', '--db', file], {
    env: { ...process.env, LEDGER_MASTER_KEY: masterKey.toString('hex') }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  const db = new Database(file);
  // Loading only: no fsync, and a rollback journal that stays empty (new pages are not journaled; better-sqlite3's
  // defensive mode refuses journal_mode=OFF); the file is switched back to WAL for the server.
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -65536');
  db.pragma('foreign_keys = OFF');
  const box = new SecretBox(masterKey);
  const st = prepareStatements(db);
  const now = Date.now();
  const order = Array.from({ length: projects }, (_, i) => ({ i, id: projectIdOf(i) })).sort((a, b) => (a.id < b.id ? -1 : 1));
  let packages = 0;
  db.transaction(() => {
    st.project.run(OPERATOR_PROJECT_ID, 'bench operator (producer services)', now);
    st.credential.run(OPERATOR_PROJECT_ID, SERVICE_ACCESS_KEY, 'service', box.seal(SERVICE_SECRET_KEY, SERVICE_ACCESS_KEY), now);
    for (const { i, id } of order) {
      st.project.run(id, `bench tenant ${i}`, now);
      const ak = tenantAccessKeyOf(i);
      st.credential.run(id, ak, 'tenant', box.seal(tenantSecretKeyOf(i), ak), now);
      for (const row of projectPackages(id, i, now)) st.pkg.run(row);
      packages += TEMPLATES.length;
    }
    st.journal.run();
  })();
  db.pragma('journal_mode = WAL');
  db.close();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { file, projects, packages, journalEntries: packages, seconds };
}
