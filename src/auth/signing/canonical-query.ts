// Canonical query string parsed from the raw query: decode, re-encode, sort by decoded bytes (signing.md §2).
import { encodeBytes, isUnreservedOnly, percentDecode } from './encoding.js';

/** One key=value piece of the raw query, in the order received. */
export interface QueryPair {
  /** decoded bytes, the sort keys */
  key: Buffer;
  value: Buffer;
  /** canonical (re-encoded) forms, the output */
  encKey: string;
  encValue: string;
}

function decodePart(s: string): { bytes: Buffer; encoded: string } {
  // Most parts are plain identifiers: their text already is both the decoded and the encoded form.
  if (isUnreservedOnly(s)) return { bytes: Buffer.from(s, 'latin1'), encoded: s };
  const bytes = percentDecode(s, true);
  return { bytes, encoded: encodeBytes(bytes) };
}

function toPair(rawKey: string, rawValue: string): QueryPair {
  const k = decodePart(rawKey);
  const v = decodePart(rawValue);
  return { key: k.bytes, value: v.bytes, encKey: k.encoded, encValue: v.encoded };
}

/** Splits on '&', drops empty pieces, splits at the first '=' (a bare key means an empty value; Go sends those). */
export function parseQuery(query: string): QueryPair[] {
  if (query === '') return [];
  const pairs: QueryPair[] = [];
  for (const piece of query.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    pairs.push(eq < 0 ? toPair(piece, '') : toPair(piece.slice(0, eq), piece.slice(eq + 1)));
  }
  return pairs;
}

export function compareByKeyBytes(a: QueryPair, b: QueryPair): number {
  return Buffer.compare(a.key, b.key);
}

export function compareByKeyThenValueBytes(a: QueryPair, b: QueryPair): number {
  return Buffer.compare(a.key, b.key) || Buffer.compare(a.value, b.value);
}

export function joinPairs(pairs: readonly QueryPair[]): string {
  let out = '';
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i]!;
    out += (i === 0 ? '' : '&') + p.encKey + '=' + p.encValue;
  }
  return out;
}

/** The standard canonical query: one pair per value, sorted by decoded key bytes, then value bytes. */
export function canonicalQuery(pairs: readonly QueryPair[]): string {
  if (pairs.length < 2) return joinPairs(pairs);
  return joinPairs([...pairs].sort(compareByKeyThenValueBytes));
}
