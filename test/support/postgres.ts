// Test fixture: the PostgreSQL server tests run against, and a throw-away database per test.
import crypto from 'node:crypto';
import pg from 'pg';

/** The server's maintenance database; each test creates its own database next to it. */
export const PG_ADMIN_URL = process.env.LEDGER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function probe(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return (err as Error).message || String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

const unreachable = await probe();
if (unreachable !== undefined) {
  const banner = '!'.repeat(100);
  const message = [banner, `!!! PostgreSQL is not reachable at ${PG_ADMIN_URL} (${unreachable}).`,
    '!!! The PostgreSQL contract suite and end-to-end tests are NOT running: only SQLite is tested.',
    '!!! Start PostgreSQL (see .ci/run) or set LEDGER_TEST_PG_URL.', banner].join('\n');
  // CI must test both backends: there a missing PostgreSQL fails the run instead of silently shrinking it.
  if (process.env.CI) throw new Error(message);
  process.stderr.write(`\n${message}\n\n`);
}

export const postgresAvailable = unreachable === undefined;

function urlFor(database: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A new, empty database `tl_test_<random>`; drop() removes it even if connections are still open.
 * `icuLocale` gives it a natural-language default collation (as many production databases have).
 */
export async function createTestDatabase(opts: { icuLocale?: string } = {}): Promise<TestDatabase> {
  const name = `tl_test_${crypto.randomBytes(8).toString('hex')}`;
  const locale = opts.icuLocale === undefined ? ''
    : ` TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '${opts.icuLocale.replace(/[^A-Za-z0-9-]/g, '')}' LOCALE 'C.UTF-8'`;
  await admin((c) => c.query(`CREATE DATABASE ${name}${locale}`));
  return {
    name, url: urlFor(name),
    drop: () => admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }),
  };
}
