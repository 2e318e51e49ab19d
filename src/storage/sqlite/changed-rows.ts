// The read cache's keys whose rows this process's writer changed, reported by temporary triggers on that connection.
import type Database from 'better-sqlite3';

/** How the read cache files a credential and a project's packages. */
export const cacheKeys = {
  credential: (accessKey: string) => `credential\0${accessKey}`,
  packages: (projectId: string) => `packages\0${projectId}`,
};

const REPORT = 'tenant_ledger_row_changed';

// TEMP triggers live on this connection only and are never written to the file: other processes' writes are found
// by data_version instead. Every statement of any code path that changes one of these rows fires them.
const TRIGGERS = ['INSERT', 'UPDATE', 'DELETE'].flatMap((event) => [
  ['packages', 'project_id'],
  ['credentials', 'access_key'],
].map(([table, column]) => {
  const rows = event === 'INSERT' ? ['NEW'] : event === 'DELETE' ? ['OLD'] : ['OLD', 'NEW'];
  const reports = rows.map((row) => `${REPORT}('${table}', ${row}.${column})`).join(', ');
  return `CREATE TEMP TRIGGER IF NOT EXISTS read_cache_${table}_${event.toLowerCase()}
    AFTER ${event} ON main.${table} BEGIN SELECT ${reports}; END;`;
})).join('\n');

/**
 * Collects the keys between two commits. Keys of a transaction that rolled back stay until the next commit drops
 * them: dropping a key too many only costs a reload.
 */
export class ChangedRows {
  private keys = new Set<string>();

  constructor(private readonly db: Database.Database) {}

  /** Installs the triggers (once the tables exist). */
  install(): void {
    this.db.function(REPORT, { deterministic: false }, (table: unknown, id: unknown) => {
      this.keys.add(table === 'credentials' ? cacheKeys.credential(String(id)) : cacheKeys.packages(String(id)));
      return null;
    });
    this.db.exec(TRIGGERS);
  }

  /** The keys reported since the last call. */
  take(): ReadonlySet<string> {
    if (this.keys.size === 0) return this.keys;
    const keys = this.keys;
    this.keys = new Set();
    return keys;
  }
}
