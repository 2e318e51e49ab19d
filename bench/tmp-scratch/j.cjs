const D = require('better-sqlite3'); const fs = require('fs'); const { execFileSync } = require('child_process');
const mode = process.argv[2];
const file = '/tmp/j-' + mode + '.db'; for (const s of ['', '-wal', '-shm']) try { fs.unlinkSync(file + s) } catch {}
execFileSync(process.execPath, ['/work/main/bin/tenant-ledger.js', 'migrate', '--db', file], { env: { ...process.env, LEDGER_MASTER_KEY: 'aa'.repeat(32) }, stdio: 'ignore' });
const db = new D(file); db.pragma('journal_mode = DELETE'); db.pragma('synchronous = OFF'); db.pragma('foreign_keys = OFF');
if (mode.includes('cache')) db.pragma('cache_size = -262144');
if (mode.includes('noidx')) { db.exec('DROP INDEX journal_by_project; DROP INDEX journal_by_package'); }
const j = db.prepare(`INSERT INTO journal (project_id, resource_id, kind, amount_delta, usage_delta, amount_after, usage_after, record_id, actor, request_id, created_at) VALUES (?, ?, 'granted', ?, ?, ?, ?, NULL, 'bench-generator', NULL, ?)`);
const t = Date.now(); const now = Date.now();
db.transaction(() => { for (let i = 0; i < 400000; i++) { const p = (i / 20 | 0).toString(16).padStart(32, '0'); j.run(p, i.toString(16).padStart(32, '0'), 1000000, 0, 1000000, 0, now); } })();
console.log(mode, Date.now() - t, 'ms');
