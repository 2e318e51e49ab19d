// The resources-usage response body as JSON text, from pieces kept per row description: the hot path skips per-row objects.
import { quantityToJsonNumber } from '../domain/quantity.js';
import type { UsageSumRow } from '../storage/types.js';

/**
 * A row's JSON around its two numbers: everything before amount's value, and everything after usage's. Fields in
 * the order Fastify's serializer writes them for the ResourceUsageInfo schema, the optional sub_resource_type last
 * (a test holds the two texts equal).
 */
interface RowPieces {
  head: string;
  tail: string;
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
  if (row.description === undefined) return piecesByText(row);
  let pieces = piecesByObject.get(row.description);
  if (!pieces) {
    pieces = piecesByText(row);
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

function piecesByText(row: UsageSumRow): RowPieces {
  // Map keys compare by SameValueZero: null and 'null', true and 'true' stay apart.
  const sub = row.subResourceType;
  const last = below(below(below(below(below(below(piecesByColumns, row.resourceType), row.businessType), sub),
    row.isSubResource), row.chargingMode), row.resourceSource);
  let pieces = last.get(row.unit) as RowPieces | undefined;
  if (!pieces) {
    const text = JSON.stringify;
    const subField = sub === null ? '' : `,"sub_resource_type":${text(sub)}`;
    pieces = {
      head: `{"resource_type":${text(row.resourceType)},"business_type":${text(row.businessType)}`
        + `,"is_sub_resource":${row.isSubResource},"charging_mode":${text(row.chargingMode)}`
        + `,"resource_source":${text(row.resourceSource)},"amount":`,
      tail: `,"unit":${text(row.unit)}${subField}}`,
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

/** `{"resources":[...]}` for these rows: the same text as serialising ResourceUsageResponse of toResourceUsageInfo. */
export function resourceUsageJson(rows: readonly UsageSumRow[]): string {
  let json = '{"resources":[';
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const pieces = piecesOf(row);
    // A finite number's JSON text is its String() (amounts and usage are never NaN or infinite).
    json += `${i === 0 ? '' : ','}${pieces.head}${quantityToJsonNumber(row.amount)},"usage":${quantityToJsonNumber(row.usage)}${pieces.tail}`;
  }
  return `${json}]}`;
}
