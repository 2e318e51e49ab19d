// tenant-ledger migrate: apply pending schema migrations and report the schema version.
import type { Command } from 'commander';
import { printJson } from '../output.js';
import { withRuntime } from '../with-runtime.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending schema migrations')
    .option('--db <file>', 'SQLite ledger file (default $LEDGER_DB or ./data/ledger.db)')
    .action(async (opts: { db?: string }) => {
      await withRuntime(opts, async (rt) => {
        const status = await rt.store.migrationStatus();
        printJson({ database: rt.store.location, applied: status.applied, pending: status.pending });
      });
    });
}
