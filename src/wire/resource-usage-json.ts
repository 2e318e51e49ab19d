// The resources-usage response body as JSON bytes, from pieces kept per row description: the hot path skips per-row objects.
import { quantityToJsonNumber } from '../domain/quantity.js';
import type { UsageSumRow } from '../storage/types.js';

/**
 * A row's JSON around its two numbers, as UTF-8: everything before amount's value, and everything after usage's.
 * Fields in the order Fastify's serializer writes them for the ResourceUsageInfo schema, the optional
 * sub_resource_type last (a test holds the two texts equal).
 */
interface RowPieces {
  head: Buffer;
  tail: Buffer;
}

// A tenant's rows repeat a few catalogue combinations, so this stays small; bounded, as operators may grant
// packages of any text. One Map level per descriptive column, the pieces at the last: a row without a shared
// description (PostgreSQL's) is looked up by its own column values, with no key text built for it (joining the
// seven columns into one key cost a PostgreSQL read 7 µs and 5 KB of garbage).
type Level = Map<string | boolean | null, unknown>;
let piecesByColumns: Level = new Map();
let kept = 0;
const MAX_KEPT = 4096;
// Found by the store's shared description object when it has one: an identity lookup instead of seven.
const piecesByObject = new WeakMap<object, RowPieces>();

function piecesOf(row: UsageSumRow): RowPieces {
  if (row.description === undefined) return piecesFromColumns(row);
  let pieces = piecesByObject.get(row.description);
  if (!pieces) {
    pieces = piecesFromColumns(row);
    piecesByObject.set(row.description, pieces);
  }
  return pieces;
}

function below(level: Level, key: string | boolean | null): Level {
  let next = level.get(key) as Level | undefined;
  if (!next) {
    next = new Map();
    level.set(key, next);
  }
  return next;
}

function piecesFromColumns(row: UsageSumRow): RowPieces {
  // Map keys compare by SameValueZero: null and 'null', true and 'true' stay apart.
  const sub = row.subResourceType;
  const last = below(below(below(below(below(below(piecesByColumns, row.resourceType), row.businessType), sub),
    row.isSubResource), row.chargingMode), row.resourceSource);
  let pieces = last.get(row.unit) as RowPieces | undefined;
  if (!pieces) {
    const text = JSON.stringify;
    const subField = sub === null ? '' : `,"sub_resource_type":${text(sub)}`;
    pieces = {
      head: Buffer.from(`{"resource_type":${text(row.resourceType)},"business_type":${text(row.businessType)}`
        + `,"is_sub_resource":${row.isSubResource},"charging_mode":${text(row.chargingMode)}`
        + `,"resource_source":${text(row.resourceSource)},"amount":`),
      tail: Buffer.from(`,"unit":${text(row.unit)}${subField}}`),
    };
    if (kept >= MAX_KEPT) {
      piecesByColumns = new Map();
      kept = 0;
      return pieces;
    }
    last.set(row.unit, pieces);
    kept++;
  }
  return pieces;
}

const OPEN = Buffer.from('{"resources":[');
const USAGE = Buffer.from(',"usage":');
const CLOSE = Buffer.from(']}');
const COMMA = 0x2c;

function put(piece: Buffer, out: Buffer, at: number): number {
  out.set(piece, at);
  return at + piece.length;
}

// A finite number's JSON text is its String(), all ASCII (amounts and usage are never NaN or infinite).
function putAscii(text: string, out: Buffer, at: number): number {
  for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
  return at + text.length;
}

/**
 * `{"resources":[...]}` for these rows, as UTF-8 bytes: the same text as serialising ResourceUsageResponse of
 * toResourceUsageInfo. Bytes, not a string: a string joined from pieces is flattened, measured for
 * Content-Length and encoded again on its way to the socket (three copies and 10 KB of garbage a read); these
 * are written once into one buffer of the exact length.
 */
export function resourceUsageBody(rows: readonly UsageSumRow[]): Buffer {
  const count = rows.length;
  const pieces: RowPieces[] = new Array<RowPieces>(count);
  const numbers: string[] = new Array<string>(count * 2);
  let length = OPEN.length + CLOSE.length + Math.max(0, count - 1);
  for (let i = 0; i < count; i++) {
    const row = rows[i]!;
    const rowPieces = piecesOf(row);
    const amount = String(quantityToJsonNumber(row.amount));
    const usage = String(quantityToJsonNumber(row.usage));
    pieces[i] = rowPieces;
    numbers[2 * i] = amount;
    numbers[2 * i + 1] = usage;
    length += rowPieces.head.length + amount.length + USAGE.length + usage.length + rowPieces.tail.length;
  }
  const out = Buffer.allocUnsafe(length);
  let at = put(OPEN, out, 0);
  for (let i = 0; i < count; i++) {
    if (i > 0) out[at++] = COMMA;
    at = put(pieces[i]!.head, out, at);
    at = putAscii(numbers[2 * i]!, out, at);
    at = put(USAGE, out, at);
    at = putAscii(numbers[2 * i + 1]!, out, at);
    at = put(pieces[i]!.tail, out, at);
  }
  at = put(CLOSE, out, at);
  // allocUnsafe's bytes are whatever memory held before: every one must have been written.
  if (at !== length) throw new Error(`resources-usage body: wrote ${at} of ${length} bytes`);
  return out;
}
