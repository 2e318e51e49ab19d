// Verb: load a dump into an empty ledger in one transaction, committed only if it adds up to what the source held.
import { LedgerError } from '../domain/errors.js';
import {
  TotalsCounter, diffTotals, type DumpRow, type LedgerTotals, type TableSpec, type TransferTarget,
} from '../storage/transfer.js';
import { authorizeAdmin } from './authorize.js';
import { noProgress, parseHeader, parseRowLine, totalRows, type DumpEnd, type TransferContext, type TransferProgress } from './ledger-dump.js';

const BATCH = 500;

export interface ImportResult {
  /** What the source held, from the dump's header. */
  source: LedgerTotals;
  /** What this ledger holds after the import, read back after commit. */
  loaded: LedgerTotals;
  /** Differences between the two; empty when the move is verified. */
  mismatches: string[];
}

export async function importLedger(
  ctx: TransferContext, lines: AsyncIterable<string>, progress: TransferProgress = noProgress,
): Promise<ImportResult> {
  authorizeAdmin(ctx.actor);
  const input = lines[Symbol.asyncIterator]();
  const header = parseHeader((await input.next()).value as string | undefined);
  await ctx.store.transfer().write(async (target) => {
    if ((await target.rowCount()) > 0) {
      throw new LedgerError('CONFLICT', `the ledger at ${ctx.store.location} is not empty: import only into a new one`);
    }
    const schema = await target.schemaVersions();
    const missing = header.schema.filter((v) => !schema.includes(v));
    if (missing.length) {
      throw new LedgerError('CONFLICT', `the dump needs schema versions ${missing.join(', ')} which this version of tenant-ledger does not have`);
    }
    progress.start(totalRows(header.totals));
    let loaded: { counted: LedgerTotals; end: DumpEnd['end'] | undefined };
    try {
      loaded = await loadRows(target, input, progress);
    } finally {
      progress.stop();
    }
    const { counted, end } = loaded;
    if (!end) throw new LedgerError('INVALID_BODY', 'the dump ends without its closing line: it was cut short');
    // The rows read must add up to what the source counted, and the database must now hold exactly that.
    const problems = [...diffTotals(header.totals, counted).map((d) => `dump vs its header: ${d}`),
      ...diffTotals(header.totals, await target.totals()).map((d) => `loaded vs source: ${d}`)];
    if (problems.length) throw new Error(`import verification failed, nothing was written: ${problems.join('; ')}`);
  });
  const loaded = await ctx.store.transfer().read((source) => source.totals());
  return { source: header.totals, loaded, mismatches: diffTotals(header.totals, loaded) };
}

/** Reads row lines up to the closing line, inserting them in batches per table; returns what the rows add up to. */
async function loadRows(
  target: TransferTarget, input: AsyncIterator<string>, progress: TransferProgress,
): Promise<{ counted: LedgerTotals; end: DumpEnd['end'] | undefined }> {
  const counter = new TotalsCounter();
  let pending: { table: TableSpec; rows: DumpRow[] } | undefined;
  const flush = async () => {
    if (!pending) return;
    await target.insert(pending.table, pending.rows);
    progress.advance(pending.rows.length);
    pending = undefined;
  };
  let end: DumpEnd['end'] | undefined;
  let lineNo = 1;
  for (let next = await input.next(); !next.done; next = await input.next()) {
    lineNo++;
    const text = next.value.trim();
    if (text === '') continue;
    if (end) throw new LedgerError('INVALID_BODY', `dump line ${lineNo}: text after the closing line`);
    let obj: { table?: unknown; row?: unknown; end?: DumpEnd['end'] };
    try {
      obj = JSON.parse(text) as typeof obj;
    } catch {
      throw new LedgerError('INVALID_BODY', `dump line ${lineNo}: not JSON`);
    }
    if (obj.end !== undefined) {
      end = obj.end;
      continue;
    }
    const { table, row } = parseRowLine(obj, lineNo);
    counter.add(table.name, row);
    if (pending && pending.table !== table) await flush();
    pending ??= { table, rows: [] };
    pending.rows.push(row);
    if (pending.rows.length >= BATCH) await flush();
  }
  await flush();
  return { counted: counter.totals(), end };
}
