// Verb: write the whole ledger as JSON lines from one consistent snapshot, and check the lines add up to the snapshot.
import { TotalsCounter, diffTotals, transferTables, type DumpRow, type LedgerTotals } from '../storage/transfer.js';
import { authorizeAdmin } from './authorize.js';
import { DUMP_FORMAT, DUMP_VERSION, noProgress, totalRows, type DumpEnd, type DumpHeader, type TransferContext, type TransferProgress } from './ledger-dump.js';

const PAGE = 1000;

export interface ExportResult {
  /** What the source database holds (computed by its own SQL). */
  totals: LedgerTotals;
  /** Where the written lines differ from it; empty when the dump is complete. */
  mismatches: string[];
}

export async function exportLedger(
  ctx: TransferContext, write: (chunk: string) => Promise<void>, progress: TransferProgress = noProgress,
): Promise<ExportResult> {
  authorizeAdmin(ctx.actor);
  return ctx.store.transfer().read(async (source) => {
    const totals = await source.totals();
    const header: DumpHeader = {
      format: DUMP_FORMAT, version: DUMP_VERSION, backend: ctx.store.backend, schema: await source.schemaVersions(),
      exported_at: ctx.clock().toISOString(), totals,
    };
    await write(JSON.stringify(header) + '\n');
    const written = new TotalsCounter();
    progress.start(totalRows(totals));
    try {
      for (const table of transferTables) {
        let after: DumpRow | undefined;
        for (;;) {
          const rows = await source.page(table, after, PAGE);
          let chunk = '';
          for (const row of rows) {
            written.add(table.name, row);
            chunk += JSON.stringify({ table: table.name, row }) + '\n';
          }
          if (chunk) await write(chunk);
          progress.advance(rows.length);
          if (rows.length < PAGE) break;
          after = rows[rows.length - 1];
        }
      }
    } finally {
      progress.stop();
    }
    const end: DumpEnd = { end: { rows: totalRows(written.totals()), totals: written.totals() } };
    await write(JSON.stringify(end) + '\n');
    return { totals, mismatches: diffTotals(totals, written.totals()) };
  });
}
