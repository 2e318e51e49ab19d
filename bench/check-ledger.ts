// After the load: counts overdrawn packages (usage > amount) and packages whose row differs from what their journal adds up to.
import Database from 'better-sqlite3';

export interface LedgerCheck {
  packages: number;
  overdrawn_packages: number;
  journal_mismatches: number;
  journal_entries: number;
}

export function checkLedger(file: string): LedgerCheck {
  const db = new Database(file, { readonly: true });
  try {
    const count = (sql: string) => Number((db.prepare(sql).get() as { n: number | bigint }).n);
    return {
      packages: count('SELECT COUNT(*) AS n FROM packages'),
      overdrawn_packages: count('SELECT COUNT(*) AS n FROM packages WHERE usage > amount'),
      // Promise 6 of the design: the package view equals the sum of its journal entries.
      journal_mismatches: count(`SELECT COUNT(*) AS n FROM packages p
        LEFT JOIN (SELECT project_id, resource_id, SUM(amount_delta) AS a, SUM(usage_delta) AS u
                   FROM journal GROUP BY project_id, resource_id) j USING (project_id, resource_id)
        WHERE j.a IS NULL OR p.amount != j.a OR p.usage != j.u`),
      journal_entries: count('SELECT COUNT(*) AS n FROM journal'),
    };
  } finally {
    db.close();
  }
}
