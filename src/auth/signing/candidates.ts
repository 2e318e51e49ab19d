// The candidate canonical requests one wire request may have been signed as, most likely first (signing.md §3).
import { canonicalQuery, parseQuery } from './canonical-query.js';
import { canonicalUri, decodedSlashUri, nodeLegacyUri } from './canonical-uri.js';
import { javaDuplicateKeyQuery, javaQueryOrderings } from './java-query-variants.js';

export interface CandidateInput {
  method: string;
  path: string;
  rawQuery: string;
  /** "name:value\n" lines of the signed headers */
  headerBlock: string;
  signedHeadersText: string;
  /** the payload hash, then the Python empty-body alternative if it applies */
  payloadHashes: readonly string[];
  nodeLegacyPath: boolean;
  javaQueryQuirk: boolean;
}

/**
 * Yields candidate canonical requests lazily, so a request signed the standard way costs one HMAC.
 * Each variant differs from the standard form by construction (its builder returns undefined
 * otherwise). Variants are combined per SDK rather than as a full product, which keeps the worst
 * case to a handful: Python (decoded %2F path x empty-body hash), Java (query orderings, opt-in
 * duplicate keys), Node (opt-in double-encoded path).
 */
export function* candidateRequests(input: CandidateInput): Generator<string> {
  const build = (uri: string, query: string, payload: string): string =>
    `${input.method}\n${uri}\n${query}\n${input.headerBlock}\n${input.signedHeadersText}\n${payload}`;
  const payload = input.payloadHashes[0]!;
  const uri = canonicalUri(input.path);
  const pairs = parseQuery(input.rawQuery);
  const query = canonicalQuery(pairs);
  for (const p of input.payloadHashes) yield build(uri, query, p);
  const slashUri = decodedSlashUri(input.path);
  if (slashUri !== undefined) for (const p of input.payloadHashes) yield build(slashUri, query, p);
  for (const q of javaQueryOrderings(pairs, query)) yield build(uri, q, payload);
  const quirk = input.javaQueryQuirk ? javaDuplicateKeyQuery(input.rawQuery, pairs) : undefined;
  if (quirk !== undefined) yield build(uri, quirk, payload);
  const legacyUri = input.nodeLegacyPath ? nodeLegacyUri(input.path) : undefined;
  if (legacyUri !== undefined) yield build(legacyUri, query, payload);
}
