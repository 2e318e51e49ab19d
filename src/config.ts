// Environment and flags, parsed once at start; an invalid value stops the process with a clear message.
import path from 'node:path';
import { parseRateLimit, type RateLimit } from './auth/rate-limiter.js';
import { LedgerError } from './domain/errors.js';
import type { SigningConfig } from './http/deps.js';
import { defaultPostgresOptions, type PostgresOptions } from './storage/postgres/pg-options.js';
import { READ_CACHE_MB } from './storage/sqlite/sqlite-store.js';

export interface Config {
  dbPath: string;
  /** A PostgreSQL connection string: when set, the ledger lives there and dbPath is not used. */
  databaseUrl: string | undefined;
  postgres: PostgresOptions;
  host: string;
  port: number;
  masterKey: string | undefined;
  catalogPath: string | undefined;
  signing: SigningConfig;
  log: boolean;
  /** LEDGER_RATE_LIMIT: requests per credential and window; null: unlimited. */
  rateLimit: RateLimit | null;
  region: string | undefined;
  /** serve --workers / LEDGER_WORKERS: server processes sharing the port (1: the process itself serves). */
  workers: number;
  /** LEDGER_READ_CACHE_MB: memory for SQLite reads kept between requests (0: none). */
  readCacheMb: number;
  /** LEDGER_FAST_READ: answer the plain signed resources-usage read before Fastify (default on; 0 turns it off). */
  fastUsageRead: boolean;
}

export interface ConfigFlags {
  db?: string;
  databaseUrl?: string;
  host?: string;
  port?: string;
  workers?: string;
}

/** More processes than this on one machine only add contention for the one SQLite writer. */
export const MAX_WORKERS = 64;

type Env = Record<string, string | undefined>;

export const DEFAULT_DB = './data/ledger.db';

export function loadConfig(flags: ConfigFlags, env: Env = process.env): Config {
  return {
    dbPath: flags.db ?? nonEmpty(env.LEDGER_DB) ?? DEFAULT_DB,
    databaseUrl: parseDatabaseUrl(flags, env),
    postgres: {
      poolMax: parseBounded(env.LEDGER_PG_POOL_MAX, 'LEDGER_PG_POOL_MAX', defaultPostgresOptions.poolMax, 1, 1000),
      statementTimeoutMs: parseBounded(env.LEDGER_PG_STATEMENT_TIMEOUT_MS, 'LEDGER_PG_STATEMENT_TIMEOUT_MS',
        defaultPostgresOptions.statementTimeoutMs, 100, 600_000),
      connectTimeoutMs: parseBounded(env.LEDGER_PG_CONNECT_TIMEOUT_MS, 'LEDGER_PG_CONNECT_TIMEOUT_MS',
        defaultPostgresOptions.connectTimeoutMs, 100, 600_000),
    },
    host: flags.host ?? nonEmpty(env.LEDGER_HOST) ?? '127.0.0.1',
    port: parsePort(flags.port ?? nonEmpty(env.LEDGER_PORT) ?? '8080'),
    masterKey: nonEmpty(env.LEDGER_MASTER_KEY),
    catalogPath: nonEmpty(env.LEDGER_CATALOG),
    signing: {
      v11Scopes: parseScopes(env.LEDGER_V11_SCOPES ?? ''),
      nodeLegacyPath: parseSwitch(env.LEDGER_SIGNING_NODE_LEGACY_PATH, 'LEDGER_SIGNING_NODE_LEGACY_PATH'),
      javaQueryQuirk: parseSwitch(env.LEDGER_SIGNING_JAVA_QUERY_QUIRK, 'LEDGER_SIGNING_JAVA_QUERY_QUIRK'),
    },
    log: !parseSwitch(env.LEDGER_QUIET, 'LEDGER_QUIET'),
    rateLimit: parseRateLimitVar(env.LEDGER_RATE_LIMIT),
    region: nonEmpty(env.LEDGER_REGION),
    workers: parseBounded(flags.workers ?? env.LEDGER_WORKERS, flags.workers !== undefined ? '--workers' : 'LEDGER_WORKERS',
      1, 1, MAX_WORKERS),
    readCacheMb: parseBounded(env.LEDGER_READ_CACHE_MB, 'LEDGER_READ_CACHE_MB', READ_CACHE_MB, 0, 65_536),
    fastUsageRead: env.LEDGER_FAST_READ === undefined || parseSwitch(env.LEDGER_FAST_READ, 'LEDGER_FAST_READ'),
  };
}

/** LEDGER_RATE_LIMIT=100 (per second), 100/s, 6000/m, 6000/60s; unset, empty or 0: no limit. */
function parseRateLimitVar(value: string | undefined): RateLimit | null {
  if (value === undefined || value.trim() === '' || value.trim() === '0') return null;
  const limit = parseRateLimit(value);
  if (!limit) throw new LedgerError('CONFIG_INVALID', `LEDGER_RATE_LIMIT: '${value}' must be COUNT or COUNT/[N]s|m|h, e.g. 100/s or 6000/m`);
  return limit;
}

/** The key file of the embedded default lives beside the database. */
export function keyFileFor(dbPath: string): string {
  return path.join(path.dirname(path.resolve(dbPath)), 'master.key');
}

/**
 * --db and --database-url name one ledger each, so giving both is an error. An explicit --db wins over DATABASE_URL
 * in the environment (e.g. `export --db old.db` on a host configured for PostgreSQL).
 */
function parseDatabaseUrl(flags: ConfigFlags, env: Env): string | undefined {
  if (flags.db !== undefined && flags.databaseUrl !== undefined) {
    throw new LedgerError('CONFIG_INVALID', '--db and --database-url name two different ledgers: give one of them');
  }
  if (flags.db !== undefined) return undefined;
  const [url, origin] = flags.databaseUrl !== undefined ? [flags.databaseUrl, '--database-url'] : [nonEmpty(env.DATABASE_URL), 'DATABASE_URL'];
  if (url === undefined) return undefined;
  // Only the scheme is echoed: the rest may hold a password.
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new LedgerError('CONFIG_INVALID', `${origin}: expected postgres://user[:password]@host[:port]/database, got '${url.split(':')[0]}:...'`);
  }
  return url;
}

function parseBounded(text: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (text === undefined || text.trim() === '') return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) throw new LedgerError('CONFIG_INVALID', `${name}: '${text}' must be an integer from ${min} to ${max}`);
  return n;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new LedgerError('CONFIG_INVALID', `port: '${text}' is not a TCP port (0-65535)`);
  return port;
}

/** LEDGER_V11_SCOPES=cn-north-4/metastudio,ap-southeast-1/metastudio */
function parseScopes(text: string): SigningConfig['v11Scopes'] {
  return text.split(',').map((s) => s.trim()).filter(Boolean).map((item) => {
    const [region, service, extra] = item.split('/');
    if (!region || !service || extra !== undefined) {
      throw new LedgerError('CONFIG_INVALID', `LEDGER_V11_SCOPES: '${item}' must be region/service`);
    }
    return { region, service };
  });
}

function parseSwitch(value: string | undefined, name: string): boolean {
  if (value === undefined || value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new LedgerError('CONFIG_INVALID', `${name}: '${value}' must be 1/true or 0/false`);
}
