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
// packages of any text.
const piecesByDescription = new Map<string, RowPieces>();
const MAX_KEPT = 4096;
// Found by the store's shared description object when it has one: an identity lookup instead of building a key.
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

function piecesByText(row: UsageSumRow): RowPieces {
  // Each text after its length: no two descriptions share a key, whatever characters they hold.
  const sub = row.subResourceType;
  const key = `${row.resourceType.length}:${row.resourceType}${row.businessType.length}:${row.businessType}`
    + `${sub === null ? '-' : `${sub.length}:${sub}`}${row.isSubResource ? 1 : 0}${row.chargingMode.length}:${row.chargingMode}`
    + `${row.resourceSource.length}:${row.resourceSource}${row.unit.length}:${row.unit}`;
  let pieces = piecesByDescription.get(key);
  if (!pieces) {
    const text = JSON.stringify;
    const subField = sub === null ? '' : `,"sub_resource_type":${text(sub)}`;
    pieces = {
      head: `{"resource_type":${text(row.resourceType)},"business_type":${text(row.businessType)}`
        + `,"is_sub_resource":${row.isSubResource},"charging_mode":${text(row.chargingMode)}`
        + `,"resource_source":${text(row.resourceSource)},"amount":`,
      tail: `,"unit":${text(row.unit)}${subField}}`,
    };
    if (piecesByDescription.size >= MAX_KEPT) piecesByDescription.clear();
    piecesByDescription.set(key, pieces);
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
