// Test fixture: a digest of every row of every table of an SQLite ledger, to prove a refused request changed nothing.
import crypto from 'node:crypto';
import Database from 'better-sqlite3';

export function ledgerDigest(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    db.defaultSafeIntegers(true);
    const hash = crypto.createHash('sha256');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>;
    for (const { name } of tables) {
      hash.update(`\0table ${name}\n`);
      const rows = db.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>;
      const lines = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString()
        : v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString('hex') : v)));
      for (const line of lines.sort()) hash.update(line + '\n');
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}
