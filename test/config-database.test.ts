// loadConfig: which ledger a command opens (--db, --database-url, DATABASE_URL), the PostgreSQL pool settings, the read cache, the fast read.
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

describe('loadConfig: the SQLite read cache', () => {
  it('keeps 48 MB by default, takes 0 to turn it off, and refuses anything but a whole number of MB', () => {
    expect(loadConfig({}, {}).readCacheMb).toBe(48);
    expect(loadConfig({}, { LEDGER_READ_CACHE_MB: '0' }).readCacheMb).toBe(0);
    expect(loadConfig({}, { LEDGER_READ_CACHE_MB: '128' }).readCacheMb).toBe(128);
    for (const bad of ['-1', '1.5', 'lots', '65537']) {
      const err = refusal(() => loadConfig({}, { LEDGER_READ_CACHE_MB: bad }));
      expect(err.code).toBe('CONFIG_INVALID');
      expect(err.message).toContain('LEDGER_READ_CACHE_MB');
    }
  });
});

describe('loadConfig: the resources-usage fast path', () => {
  it('is on unless LEDGER_FAST_READ turns it off, and refuses a value it cannot read', () => {
    expect(loadConfig({}, {}).fastUsageRead).toBe(true);
    expect(loadConfig({}, { LEDGER_FAST_READ: '1' }).fastUsageRead).toBe(true);
    expect(loadConfig({}, { LEDGER_FAST_READ: 'true' }).fastUsageRead).toBe(true);
    expect(loadConfig({}, { LEDGER_FAST_READ: '0' }).fastUsageRead).toBe(false);
    expect(loadConfig({}, { LEDGER_FAST_READ: 'false' }).fastUsageRead).toBe(false);
    expect(refusal(() => loadConfig({}, { LEDGER_FAST_READ: 'sometimes' })).code).toBe('CONFIG_INVALID');
  });
});
