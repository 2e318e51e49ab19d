// Query orderings the Java SDK signs: unsorted repeated values, keys sorted after encoding, and its opt-in duplicate-key bug (signing.md §3).
import { type QueryPair, compareByKeyBytes, joinPairs } from './canonical-query.js';

function compareByEncodedKey(a: QueryPair, b: QueryPair): number {
  return a.encKey < b.encKey ? -1 : a.encKey > b.encKey ? 1 : 0;
}

function compareByEncodedKeyThenValueBytes(a: QueryPair, b: QueryPair): number {
  return compareByEncodedKey(a, b) || Buffer.compare(a.value, b.value);
}

function hasRepeatedKey(sortedByKey: readonly QueryPair[]): boolean {
  for (let i = 1; i < sortedByKey.length; i++) {
    if (sortedByKey[i - 1]!.encKey === sortedByKey[i]!.encKey) return true;
  }
  return false;
}

function encodedOrderDiffers(sortedByKey: readonly QueryPair[]): boolean {
  for (let i = 1; i < sortedByKey.length; i++) {
    if (sortedByKey[i - 1]!.encKey > sortedByKey[i]!.encKey) return true;
  }
  return false;
}

/**
 * The Java orderings that differ from `standard`: repeated values in received order (Array#sort is
 * stable), keys sorted by encoded form, and both at once (what the Java SDK's TreeMap actually does).
 * Each is built only when the query could make it differ.
 */
export function javaQueryOrderings(pairs: readonly QueryPair[], standard: string): string[] {
  if (pairs.length < 2) return [];
  const variants = new Set<string>();
  const byKey = [...pairs].sort(compareByKeyBytes);
  if (hasRepeatedKey(byKey)) variants.add(joinPairs(byKey));
  if (encodedOrderDiffers(byKey)) {
    variants.add(joinPairs([...pairs].sort(compareByEncodedKeyThenValueBytes)));
    variants.add(joinPairs([...pairs].sort(compareByEncodedKey)));
  }
  variants.delete(standard);
  return [...variants];
}

/** Java's String.split("="): every '=' splits and trailing empty strings are dropped. */
function javaSplitOnEquals(piece: string): string[] {
  const parts = piece.split('=');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * The Java SDK's duplicate-key bug (opt-in only): it seeds a TreeMap with the raw `k=v` pieces of the
 * URL query, then puts the encoded keys over them, so a key whose raw form differs from its encoded
 * form is signed twice (raw and encoded). Undefined when no key is affected.
 */
export function javaDuplicateKeyQuery(rawQuery: string, pairs: readonly QueryPair[]): string | undefined {
  const entries = new Map<string, string[]>();
  for (const piece of rawQuery.split('&')) {
    const kv = javaSplitOnEquals(piece);
    if (kv.length !== 2) continue;
    const [k, v] = kv as [string, string];
    const values = entries.get(k);
    if (values) values.push(v);
    else entries.set(k, [v]);
  }
  const encoded = new Map<string, string[]>();
  for (const p of pairs) {
    const values = encoded.get(p.encKey);
    if (values) values.push(p.encValue);
    else encoded.set(p.encKey, [p.encValue]);
  }
  for (const [k, values] of encoded) entries.set(k, values);
  // Every raw key was overwritten by its identical encoded twin: the bug left no trace.
  if (entries.size === encoded.size) return undefined;
  const keys = [...entries.keys()].sort();
  return keys.flatMap((k) => entries.get(k)!.map((v) => `${k}=${v}`)).join('&');
}
