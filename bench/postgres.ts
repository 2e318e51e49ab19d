// The PostgreSQL side: a throw-away database loaded with the small ledger through the real CLI (export | import),
// served by `tenant-ledger serve --database-url`, dropped at the end. Unreachable PostgreSQL means "skipped", not a crash.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { CLI } from './generate-ledger.js';
import { startLedgerServer } from './ledger-server.js';
import { log } from './log.js';
import type { ServerProcess } from './server-process.js';

/** Where the admin connection goes; BENCH_PG_URL overrides it (its database is only used to create and drop ours). */
export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates `tl_bench_<random>`; throws when PostgreSQL cannot be reached (the caller reports the scenarios skipped). */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `tl_bench_${crypto.randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      // WITH (FORCE) (PostgreSQL 13+) ends connections a killed server may have left behind.
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch(async () => {
        await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name}`));
      });
    },
  };
}

function runCli(args: string[], env: Record<string, string>, stdin: string | null, stdout: string | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const input = stdin === null ? 'ignore' : fs.openSync(stdin, 'r');
    const output = stdout === null ? 'ignore' : fs.openSync(stdout, 'w');
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: [input, output, 'pipe'] });
    if (typeof input === 'number') fs.closeSync(input);
    if (typeof output === 'number') fs.closeSync(output);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`tenant-ledger ${args[0]} exited (${code ?? signal}): ${stderr.slice(-2000)}`));
    });
  });
}

/** `tenant-ledger export --db FILE > dump.jsonl`, then `tenant-ledger import --database-url URL < dump.jsonl`. */
export async function loadIntoPostgres(sqliteFile: string, db: BenchDatabase, masterKey: Buffer, dumpFile: string): Promise<number> {
  const started = Date.now();
  const env = { LEDGER_MASTER_KEY: masterKey.toString('hex') };
  await runCli(['export', '--db', sqliteFile], env, null, dumpFile);
  await runCli(['import', '--database-url', db.url], env, dumpFile, null);
  return (Date.now() - started) / 1000;
}

/** The same server and environment as the SQLite ones, on the PostgreSQL ledger. */
export function startPostgresLedgerServer(db: BenchDatabase, masterKey: Buffer, logFile: string): Promise<ServerProcess> {
  log(`starting the ledger server on PostgreSQL (${db.name})`);
  return startLedgerServer({ name: 'ledger-postgres', databaseUrl: db.url, masterKey, logFile });
}
