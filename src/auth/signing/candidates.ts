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
 * Yields distinct canonical requests lazily, so a request signed the standard way costs one HMAC.
 * Variants are combined per SDK rather than as a full product, which keeps the worst case to a
 * handful: Python (decoded %2F path x empty-body hash), Java (query orderings, opt-in duplicate
 * keys), Node (opt-in double-encoded path).
 */
export function* candidateRequests(input: CandidateInput): Generator<string> {
  const seen = new Set<string>();
  const build = (uri: string, query: string, payload: string): string | undefined => {
    const canonical = `${input.method}\n${uri}\n${query}\n${input.headerBlock}\n${input.signedHeadersText}\n${payload}`;
    if (seen.has(canonical)) return undefined;
    seen.add(canonical);
    return canonical;
  };
  const payloads = input.payloadHashes;
  const payload = payloads[0]!;
  const uri = canonicalUri(input.path);
  const pairs = parseQuery(input.rawQuery);
  const query = canonicalQuery(pairs);
  const slashUri = decodedSlashUri(input.path);
  for (const u of slashUri === undefined ? [uri] : [uri, slashUri]) {
    for (const p of payloads) {
      const c = build(u, query, p);
      if (c !== undefined) yield c;
    }
  }
  const queries = javaQueryOrderings(pairs, query);
  const quirk = input.javaQueryQuirk ? javaDuplicateKeyQuery(input.rawQuery, pairs) : undefined;
  if (quirk !== undefined) queries.push(quirk);
  for (const q of queries) {
    const c = build(uri, q, payload);
    if (c !== undefined) yield c;
  }
  const legacyUri = input.nodeLegacyPath ? nodeLegacyUri(input.path) : undefined;
  if (legacyUri !== undefined) {
    const c = build(legacyUri, query, payload);
    if (c !== undefined) yield c;
  }
}
