import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { PACKAGE_COLUMNS, projectPackages } from '/work/main/bench/package-mix.js';
import { projectIdOf } from '/work/main/bench/bench-credentials.js';
const n = Number(process.argv[2]); const mode = process.argv[3];
const file = `/tmp/gen2-${mode}.db`;
execFileSync('rm', ['-f', file]);
execFileSync(process.execPath, ['/work/main/bin/tenant-ledger.js', 'migrate', '--db', file], { env: { ...process.env, LEDGER_MASTER_KEY: 'aa'.repeat(32) }, stdio: 'ignore' });
const db = new Database(file);
db.pragma('journal_mode = DELETE'); db.pragma('synchronous = OFF'); db.pragma('cache_size = -262144');
console.log(db.pragma('journal_mode', { simple: true }), db.pragma('page_size', { simple: true }));
const pkg = db.prepare(`INSERT INTO packages (${PACKAGE_COLUMNS.join(', ')}) VALUES (${PACKAGE_COLUMNS.map(() => '?').join(', ')})`);
const proj = db.prepare("INSERT INTO projects (project_id, name, parent_project_id, status, created_at) VALUES (?, ?, NULL, 'active', ?)");
const j = db.prepare(`INSERT INTO journal (project_id, resource_id, kind, amount_delta, usage_delta, amount_after, usage_after, record_id, actor, request_id, created_at) VALUES (?, ?, 'granted', ?, ?, ?, ?, NULL, 'bench-generator', NULL, ?)`);
const now = Date.now();
const order = Array.from({ length: n }, (_, i) => ({ i, id: projectIdOf(i) })).sort((a, b) => (a.id < b.id ? -1 : 1));
let t = Date.now();
const rows = order.map(({ i, id }) => projectPackages(id, i, now));
console.log('gen rows', Date.now() - t); t = Date.now();
db.transaction(() => {
  for (let k = 0; k < order.length; k++) {
    proj.run(order[k]!.id, 'x', now);
    for (const r of rows[k]!) { if (mode !== 'nopkg') pkg.run(r); if (mode === 'journal') j.run(r[0], r[1], r[11], r[12], r[11], r[12], now); }
  }
})();
console.log('insert', Date.now() - t);
