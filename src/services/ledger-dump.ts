// The dump format shared by export and import: a header line, one JSON line per row, a closing line.
import { LedgerError } from '../domain/errors.js';
import type { ServiceContext } from './context.js';
import { transferTables, type ColumnKind, type DumpRow, type LedgerTotals, type TableSpec } from '../storage/transfer.js';

export const DUMP_FORMAT = 'tenant-ledger-dump';
export const DUMP_VERSION = 1;

/** What export and import need of a service context: no catalog or keys (secrets travel still encrypted). */
export type TransferContext = Pick<ServiceContext, 'actor' | 'store' | 'clock'>;

/** Progress of a move, shown as a bar on a terminal. */
export interface TransferProgress {
  start(totalRows: number): void;
  advance(rows: number): void;
  stop(): void;
}

export const noProgress: TransferProgress = { start() {}, advance() {}, stop() {} };

export interface DumpHeader {
  format: typeof DUMP_FORMAT;
  version: typeof DUMP_VERSION;
  backend: string;
  schema: number[];
  exported_at: string;
  totals: LedgerTotals;
}

export interface DumpEnd {
  end: { rows: number; totals: LedgerTotals };
}

export function totalRows(totals: LedgerTotals): number {
  return Object.values(totals.rows).reduce((a, b) => a + b, 0);
}

const bad = (line: number, message: string) => new LedgerError('INVALID_BODY', `dump line ${line}: ${message}`);

export function parseHeader(text: string | undefined): DumpHeader {
  let header: Partial<DumpHeader>;
  try {
    header = JSON.parse(text ?? '') as Partial<DumpHeader>;
  } catch {
    throw bad(1, `not a ${DUMP_FORMAT} (the first line is not JSON)`);
  }
  if (header?.format !== DUMP_FORMAT) throw bad(1, `not a ${DUMP_FORMAT}`);
  if (header.version !== DUMP_VERSION) throw bad(1, `format version ${String(header.version)} is not supported (expected ${DUMP_VERSION})`);
  if (!Array.isArray(header.schema) || typeof header.totals?.rows !== 'object') throw bad(1, 'the header lacks schema or totals');
  return header as DumpHeader;
}

const checks: Record<ColumnKind, (v: unknown) => boolean> = {
  text: (v) => typeof v === 'string',
  int: (v) => Number.isSafeInteger(v),
  micros: (v) => typeof v === 'string' && /^-?\d{1,19}$/.test(v),
  time: (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) && !Number.isNaN(Date.parse(v)),
  bool: (v) => typeof v === 'boolean',
  bytes: (v) => typeof v === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v),
  json: (v) => v !== undefined,
};

/** One row line: a known table and exactly its columns, each of the right kind (nulls are left to the database). */
export function parseRowLine(obj: { table?: unknown; row?: unknown }, line: number): { table: TableSpec; row: DumpRow } {
  const table = transferTables.find((t) => t.name === obj.table);
  if (!table) throw bad(line, `unknown table ${JSON.stringify(obj.table)}`);
  const row = obj.row as DumpRow | undefined;
  if (typeof row !== 'object' || row === null || Array.isArray(row)) throw bad(line, 'row must be an object');
  const known = new Set(table.columns.map(([name]) => name));
  const extra = Object.keys(row).filter((k) => !known.has(k));
  if (extra.length) throw bad(line, `${table.name} has no column ${extra.join(', ')} here (a dump from a newer version?)`);
  for (const [name, kind] of table.columns) {
    if (!(name in row)) throw bad(line, `${table.name}.${name} is missing`);
    const value = row[name];
    if (value !== null && !checks[kind](value)) throw bad(line, `${table.name}.${name} is not a valid ${kind}`);
  }
  return { table, row };
}
