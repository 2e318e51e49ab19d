// Environment and flags, parsed once at start; an invalid value stops the process with a clear message.
import path from 'node:path';
import { LedgerError } from './domain/errors.js';
import type { SigningConfig } from './http/deps.js';

export interface Config {
  dbPath: string;
  host: string;
  port: number;
  masterKey: string | undefined;
  catalogPath: string | undefined;
  signing: SigningConfig;
  log: boolean;
}

export interface ConfigFlags {
  db?: string;
  host?: string;
  port?: string;
}

type Env = Record<string, string | undefined>;

export const DEFAULT_DB = './data/ledger.db';

export function loadConfig(flags: ConfigFlags, env: Env = process.env): Config {
  return {
    dbPath: flags.db ?? nonEmpty(env.LEDGER_DB) ?? DEFAULT_DB,
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
  };
}

/** The key file of the embedded default lives beside the database. */
export function keyFileFor(dbPath: string): string {
  return path.join(path.dirname(path.resolve(dbPath)), 'master.key');
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
