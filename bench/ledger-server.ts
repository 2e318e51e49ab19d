// Starts the real ledger server (`tenant-ledger serve`) on a generated ledger (or its PostgreSQL copy), as in production, optionally under --cpu-prof.
import path from 'node:path';
import { CLI } from './generate-ledger.js';
import { startServer, type ServerProcess } from './server-process.js';

/** The ledger served: a SQLite file, or a PostgreSQL database (then `file`, if given, is only its source). */
export type LedgerServerOptions = CommonOptions & ({ file: string; databaseUrl?: undefined } | { databaseUrl: string; file?: string });

interface CommonOptions {
  name: string;
  masterKey: Buffer;
  /** where the JSON request log goes */
  logFile: string;
  /** write a V8 CPU profile into this folder when the server exits */
  cpuProfDir?: string;
  /** serve --workers: server processes sharing the port (1: the process itself serves) */
  workers?: number;
  /** more environment for the server (e.g. LEDGER_READ_CACHE_MB) */
  env?: Record<string, string>;
  /** the CLI to run (default: this checkout's bin/tenant-ledger.js; bench/ab.ts runs another build's) */
  cli?: string;
}

export function startLedgerServer(o: LedgerServerOptions): Promise<ServerProcess> {
  const prof = o.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(o.cpuProfDir)}`] : [];
  return startServer({
    name: o.name,
    command: process.execPath,
    args: [...prof, o.cli ?? CLI, 'serve', '--host', '127.0.0.1', '--port', '0',
      ...(o.databaseUrl !== undefined ? ['--database-url', o.databaseUrl] : ['--db', o.file, '--workers', String(o.workers ?? 1)])],
    // Production settings: the JSON request log stays on (written to a file, as a log shipper would read it).
    env: { LEDGER_MASTER_KEY: o.masterKey.toString('hex'), LEDGER_QUIET: '0', ...o.env },
    stdoutFile: o.logFile,
  });
}
