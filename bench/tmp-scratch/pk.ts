import Database from 'better-sqlite3';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { PACKAGE_COLUMNS, projectPackages } from '../package-mix.js';
import { projectIdOf } from '../bench-credentials.js';
const n = Number(process.argv[2]); const mode = process.argv[3]!;
const file = `${process.env.DIR ?? "/tmp"}/pk-${mode}.db`;
for (const s of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + s, { force: true });
execFileSync(process.execPath, ['/work/main/bin/tenant-ledger.js', 'migrate', '--db', file], { env: { ...process.env, LEDGER_MASTER_KEY: 'aa'.repeat(32) }, stdio: 'ignore' });
const db = new Database(file);
db.pragma('journal_mode = DELETE'); db.pragma('synchronous = OFF'); db.pragma('foreign_keys = OFF'); if (process.env.CACHE) db.pragma('cache_size = ' + process.env.CACHE); if (process.env.TEMP) db.pragma('temp_store = MEMORY');
const one = `(${PACKAGE_COLUMNS.map(() => '?').join(', ')})`;
const single = db.prepare(`INSERT INTO packages (${PACKAGE_COLUMNS.join(', ')}) VALUES ${one}`);
const multi = db.prepare(`INSERT INTO packages (${PACKAGE_COLUMNS.join(', ')}) VALUES ${Array(20).fill(one).join(', ')}`);
const proj = db.prepare("INSERT INTO projects (project_id, name, parent_project_id, status, created_at) VALUES (?, ?, NULL, 'active', ?)");
const now = Date.now();
const order = Array.from({ length: n }, (_, i) => ({ i, id: projectIdOf(i) })).sort((a, b) => (a.id < b.id ? -1 : 1));
let t = Date.now();
let gen = 0n;
db.transaction(() => {
  for (const { i, id } of order) {
    proj.run(id, 'x', now);
    const g = process.hrtime.bigint();
    const rows = projectPackages(id, i, now);
    gen += process.hrtime.bigint() - g;
    if (mode === 'multi') multi.run(rows.flat()); else for (const r of rows) single.run(r);
  }
})();
console.log(mode, 'insert', Date.now() - t, 'gen', Number(gen / 1000000n));
t = Date.now();
db.exec(`INSERT INTO journal (project_id, resource_id, kind, amount_delta, usage_delta, amount_after, usage_after, record_id, actor, request_id, created_at) SELECT project_id, resource_id, 'granted', amount, usage, amount, usage, NULL, 'bench-generator', NULL, created_at FROM packages`);
console.log('journal select', Date.now() - t);
