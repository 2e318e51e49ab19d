// loadConfig: which ledger a command opens (--db, --database-url, DATABASE_URL) and the PostgreSQL pool settings.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { LedgerError } from '../src/domain/errors.js';

const URL = 'postgres://ledger:s3cret@db:5432/ledger';

function refusal(fn: () => unknown): LedgerError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LedgerError);
    return err as LedgerError;
  }
  throw new Error('expected a refusal');
}

describe('loadConfig: the database', () => {
  it('uses SQLite by default and PostgreSQL when DATABASE_URL or --database-url is given', () => {
    expect(loadConfig({}, {}).databaseUrl).toBeUndefined();
    expect(loadConfig({}, { DATABASE_URL: URL }).databaseUrl).toBe(URL);
    expect(loadConfig({ databaseUrl: URL }, {}).databaseUrl).toBe(URL);
    expect(loadConfig({}, { DATABASE_URL: '  ' }).databaseUrl).toBeUndefined();
  });

  it('lets an explicit --db win over DATABASE_URL, and refuses --db with --database-url', () => {
    expect(loadConfig({ db: 'x.db' }, { DATABASE_URL: URL })).toMatchObject({ databaseUrl: undefined, dbPath: 'x.db' });
    expect(refusal(() => loadConfig({ db: 'x.db', databaseUrl: URL }, {})).code).toBe('CONFIG_INVALID');
  });

  it('refuses a URL that is not PostgreSQL without echoing the rest of it', () => {
    const err = refusal(() => loadConfig({}, { DATABASE_URL: 'mysql://root:hunter2@db/x' }));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('DATABASE_URL');
    expect(err.message).not.toContain('hunter2');
  });

  it('reads the pool size and timeouts, refusing values out of range', () => {
    expect(loadConfig({}, {}).postgres).toEqual({ poolMax: 10, statementTimeoutMs: 5000, connectTimeoutMs: 5000 });
    expect(loadConfig({}, { LEDGER_PG_POOL_MAX: '3', LEDGER_PG_STATEMENT_TIMEOUT_MS: '250', LEDGER_PG_CONNECT_TIMEOUT_MS: '900' }).postgres)
      .toEqual({ poolMax: 3, statementTimeoutMs: 250, connectTimeoutMs: 900 });
    for (const [name, value] of [['LEDGER_PG_POOL_MAX', '0'], ['LEDGER_PG_POOL_MAX', 'ten'], ['LEDGER_PG_STATEMENT_TIMEOUT_MS', '5'],
      ['LEDGER_PG_CONNECT_TIMEOUT_MS', '-1']]) {
      expect(refusal(() => loadConfig({}, { [name!]: value })).message).toContain(name);
    }
  });
});
