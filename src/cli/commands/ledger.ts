// tenant-ledger journal and ledger check: read the journal, and prove the packages equal what it adds up to.
import type { Command } from 'commander';
import { formatQuantity } from '../../domain/quantity.js';
import { checkLedger } from '../../services/check-ledger.js';
import { listJournal } from '../../services/list-journal.js';
import { operatorContext } from '../../runtime.js';
import { toJournalEntryInfo } from '../../wire/usage-record.js';
import { printJson } from '../output.js';
import { withRuntime } from '../with-runtime.js';

export function registerLedgerCommands(program: Command): void {
  program
    .command('journal <project_id>')
    .description('journal entries of a project, newest first')
    .option('--resource-id <id>', 'only this package')
    .option('--limit <n>', 'page size (1-1000)', '100')
    .option('--marker <m>', 'next_marker of the previous page')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (projectId: string, f: { db?: string; resourceId?: string; limit: string; marker?: string }) => {
      await withRuntime(f, async (rt) => {
        const page = await listJournal(operatorContext(rt), { projectId, ...f });
        printJson({ entries: page.items.map(toJournalEntryInfo), ...(page.nextMarker ? { next_marker: page.nextMarker } : {}) });
      });
    });

  program
    .command('ledger')
    .description('ledger integrity')
    .command('check')
    .description('recompute every package from its journal; exit 1 on any difference or overdraw')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (f: { db?: string }) => {
      await withRuntime(f, async (rt) => {
        const { mismatches, overdrawn } = await checkLedger(operatorContext(rt));
        printJson({
          ok: mismatches.length === 0 && overdrawn === 0,
          overdrawn_packages: overdrawn,
          mismatches: mismatches.map((m) => ({
            project_id: m.projectId, resource_id: m.resourceId, amount: formatQuantity(m.amount), usage: formatQuantity(m.usage),
            journal_amount: formatQuantity(m.journalAmount), journal_usage: formatQuantity(m.journalUsage),
          })),
        });
        if (mismatches.length > 0 || overdrawn > 0) process.exitCode = 1;
      });
    });
}
