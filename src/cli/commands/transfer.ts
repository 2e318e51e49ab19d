// tenant-ledger export | import: move a whole ledger between SQLite and PostgreSQL as JSON lines, verified on both sides.
import readline from 'node:readline';
import type { Command } from 'commander';
import { loadConfig, type ConfigFlags } from '../../config.js';
import { invalidParameter } from '../../domain/errors.js';
import { openStore } from '../../runtime.js';
import type { TransferContext } from '../../services/ledger-dump.js';
import { exportLedger } from '../../services/export-ledger.js';
import { importLedger } from '../../services/import-ledger.js';
import type { Store } from '../../storage/types.js';
import { printJson } from '../output.js';
import { progressBar } from '../progress.js';

const say = (line: string) => process.stderr.write(`tenant-ledger: ${line}\n`);

async function withStore<T>(flags: ConfigFlags, fn: (ctx: TransferContext) => Promise<T>): Promise<T> {
  const store: Store = await openStore(loadConfig(flags));
  try {
    return await fn({ actor: { kind: 'operator', name: process.env.USER ?? 'cli' }, store, clock: () => new Date() });
  } finally {
    await store.close();
  }
}

function writeStdout(chunk: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(chunk, (err) => (err ? reject(err) : resolve())));
}

export function registerTransferCommands(program: Command): void {
  program
    .command('export')
    .description('write the whole ledger to standard output as JSON lines (for `import`), from one consistent snapshot')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (flags: ConfigFlags) => {
      await withStore(flags, async (ctx) => {
        const { totals, mismatches } = await exportLedger(ctx, writeStdout, progressBar('export'));
        if (mismatches.length) {
          say(`the dump does not add up to the ledger: ${mismatches.join('; ')}`);
          process.exitCode = 1;
          return;
        }
        const rows = Object.entries(totals.rows).map(([t, n]) => `${t} ${n}`).join(', ');
        say(`exported ${ctx.store.location} (${rows}); verified: counts, amounts, usages and journal totals match`);
      });
    });

  program
    .command('import')
    .description('load a dump from standard input into an empty ledger; exits non-zero unless both sides add up the same')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (flags: ConfigFlags) => {
      if (process.stdin.isTTY) throw invalidParameter('import reads a dump from standard input: tenant-ledger import ... < dump.jsonl');
      await withStore(flags, async (ctx) => {
        const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
        const result = await importLedger(ctx, lines, progressBar('import'));
        printJson({ database: ctx.store.location, verified: result.mismatches.length === 0, rows: result.loaded.rows,
          mismatches: result.mismatches });
        if (result.mismatches.length) process.exitCode = 1;
        // Secret keys moved still sealed with the source's master key.
        say('secret keys were copied encrypted: run this ledger with the master key of the source (LEDGER_MASTER_KEY)');
      });
    });
}
