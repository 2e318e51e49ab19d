// Opens what every command needs: the store (migrated), the catalog and the secret box.
import { SecretBox } from './auth/secret-box.js';
import { loadMasterKey, type MasterKey } from './auth/master-key.js';
import { createCatalog, type Catalog } from './domain/catalog.js';
import { loadCatalogFile } from './domain/catalog-file.js';
import { keyFileFor, type Config } from './config.js';
import type { Actor, ServiceContext } from './services/context.js';
import { PostgresStore } from './storage/postgres/pg-store.js';
import { SqliteStore } from './storage/sqlite/sqlite-store.js';
import type { Store } from './storage/types.js';

export interface Runtime {
  store: Store;
  catalog: Catalog;
  secretBox: SecretBox;
  masterKey: MasterKey;
}

/**
 * `processes`: server processes sharing the ledger on this machine (serve --workers); CLI commands are one.
 * `readCache`: keep SQLite reads between requests (LEDGER_READ_CACHE_MB): for serve; a CLI command reads once.
 */
export interface RuntimeOptions {
  processes?: number;
  readCache?: boolean;
}

export async function openRuntime(config: Config, opts: RuntimeOptions = {}): Promise<Runtime> {
  // The catalog and key are checked before the database is touched, so a bad config changes nothing.
  const catalog = createCatalog(config.catalogPath ? loadCatalogFile(config.catalogPath) : []);
  // Servers sharing a PostgreSQL database must share one key too, so there it comes from LEDGER_MASTER_KEY only.
  const masterKey = loadMasterKey(config.masterKey, config.databaseUrl ? undefined : keyFileFor(config.dbPath));
  const store = await openStore(config, opts);
  return { store, catalog, secretBox: new SecretBox(masterKey.key), masterKey };
}

/** The configured store (SQLite file or PostgreSQL), migrated; for commands that need no keys (export, import). */
export async function openStore(config: Config, opts: RuntimeOptions = {}): Promise<Store> {
  const store: Store = config.databaseUrl ? PostgresStore.open(config.databaseUrl, config.postgres)
    : SqliteStore.open(config.dbPath, { processes: opts.processes, readCacheMb: opts.readCache ? config.readCacheMb : 0 });
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

/** The CLI acts as the operator who owns the database file. */
export function operatorContext(runtime: Runtime): ServiceContext {
  const actor: Actor = { kind: 'operator', name: process.env.USER ?? 'cli' };
  return {
    actor, store: runtime.store, catalog: runtime.catalog, secretBox: runtime.secretBox,
    clock: () => new Date(), requestId: null, sourceAddress: 'cli',
  };
}
