// Verifies an AK/SK-signed request (SDK-HMAC-SHA256 or V11-HMAC-SHA256) exactly as received on the wire.
import crypto from 'node:crypto';
import { parseAuthorizationHeader } from './authorization-header.js';
import { type CandidateInput, candidateRequests } from './candidates.js';
import { splitTarget } from './canonical-uri.js';
import { DEFAULT_WINDOW_MS, isWithinWindow, parseSdkDate } from './sdk-date.js';
import { EMPTY_BODY_SHA256, createSigningContext, sha256Hex, signCanonicalRequest } from './signature.js';
import type {
  ParsedAuthorization, SecretLookup, VerifyFailureReason, VerifyOptions, VerifyResult, WireRequest,
} from './types.js';
import { type HeaderIndex, buildHeaderBlock, canonicalHeaderValue, indexHeaders } from './wire-headers.js';

export type {
  ParsedAuthorization, SecretLookup, SigningAlgorithm, V11Scope, VerifyFailureReason, VerifyOptions, VerifyResult, WireRequest,
} from './types.js';
export { parseAuthorization } from './authorization-header.js';

/** Signs for unknown AKs so they cost the same HMAC work as known ones (no timing oracle). */
const DUMMY_SECRET = 'tenant-ledger-dummy-secret-key-00000000';
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

type Failure = Extract<VerifyResult, { ok: false }>;
type Step<T> = { ok: true; value: T } | Failure;

function fail(reason: VerifyFailureReason, accessKey?: string, canonicalRequest?: string): Failure {
  const failure: Failure = { ok: false, reason };
  if (accessKey !== undefined) failure.accessKey = accessKey;
  if (canonicalRequest !== undefined) failure.canonicalRequest = canonicalRequest;
  return failure;
}

function readAuthorization(index: HeaderIndex, opts: VerifyOptions): Step<ParsedAuthorization> {
  const values = index.get('authorization');
  if (!values) return fail('missing_authorization');
  const parsed = parseAuthorizationHeader(values[0]!);
  // The first copy is the one a server's own header lookup sees (Node drops later Authorization headers).
  if (parsed.ok && opts.onAccessKey) opts.onAccessKey(parsed.value.accessKey);
  if (values.length > 1) return fail('malformed_authorization');
  if (!parsed.ok) return fail(parsed.reason);
  const auth = parsed.value;
  // Without a signed date a captured signature would never expire.
  if (!auth.signedHeaders.some((n) => n.toLowerCase() === 'x-sdk-date')) {
    return fail('signed_header_missing', auth.accessKey);
  }
  return { ok: true, value: auth };
}

function readSdkDate(index: HeaderIndex, auth: ParsedAuthorization, opts: VerifyOptions): Step<string> {
  const values = index.get('x-sdk-date');
  if (!values) return fail('missing_date', auth.accessKey);
  const sdkDate = canonicalHeaderValue(values[0]!);
  const signedAt = values.length === 1 ? parseSdkDate(sdkDate) : undefined;
  if (signedAt === undefined) return fail('malformed_date', auth.accessKey);
  if (!isWithinWindow(signedAt, opts.now, opts.windowMs ?? DEFAULT_WINDOW_MS)) {
    return fail('date_out_of_window', auth.accessKey);
  }
  return { ok: true, value: sdkDate };
}

function scopeAccepted(auth: ParsedAuthorization, sdkDate: string, opts: VerifyOptions): boolean {
  const scope = auth.scope;
  if (auth.algorithm !== 'V11-HMAC-SHA256') return true;
  if (!scope || scope.date !== sdkDate.slice(0, 8)) return false;
  return (opts.v11Scopes ?? []).some((s) => s.region === scope.region && s.service === scope.service);
}

/**
 * A signed X-Sdk-Content-Sha256 is used verbatim (the body is then unsigned), except that a claimed
 * hex digest must match the body: otherwise the true hash is used and the signature cannot match.
 * Python signs the empty-body hash while sending UNSIGNED-PAYLOAD, so an empty body also tries that.
 */
function payloadHashes(signedValues: Map<string, string>, body: Buffer): string[] {
  const bodyHash = body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(body);
  const claimed = signedValues.get('x-sdk-content-sha256');
  if (claimed === undefined) return [bodyHash];
  if (HEX_SHA256.test(claimed) && claimed.toLowerCase() !== bodyHash) return [bodyHash];
  return body.length === 0 && claimed !== EMPTY_BODY_SHA256 ? [claimed, EMPTY_BODY_SHA256] : [claimed];
}

/** Everything that needs no secret: parsing, freshness, scope and the candidate inputs. */
function prepare(req: WireRequest, opts: VerifyOptions): Step<{ auth: ParsedAuthorization; sdkDate: string; input: CandidateInput }> {
  const index = indexHeaders(req.headers);
  const auth = readAuthorization(index, opts);
  if (!auth.ok) return auth;
  const ak = auth.value.accessKey;
  const sdkDate = readSdkDate(index, auth.value, opts);
  if (!sdkDate.ok) return sdkDate;
  if (!scopeAccepted(auth.value, sdkDate.value, opts)) return fail('scope_mismatch', ak);
  const headers = buildHeaderBlock(auth.value.signedHeaders, index);
  if (!headers.ok) return fail(headers.problem === 'missing' ? 'signed_header_missing' : 'signature_mismatch', ak);
  const { path, query } = splitTarget(req.target);
  const input: CandidateInput = {
    method: req.method,
    path,
    rawQuery: query,
    headerBlock: headers.block,
    signedHeadersText: auth.value.signedHeadersText,
    payloadHashes: payloadHashes(headers.values, req.body),
    nodeLegacyPath: opts.nodeLegacyPath === true,
    javaQueryQuirk: opts.javaQueryQuirk === true,
  };
  return { ok: true, value: { auth: auth.value, sdkDate: sdkDate.value, input } };
}

function matchSignature(auth: ParsedAuthorization, secret: string | undefined, sdkDate: string, input: CandidateInput): VerifyResult {
  const ctx = createSigningContext(auth.algorithm, auth.accessKey, secret ?? DUMMY_SECRET, sdkDate, auth.scope);
  const presented = Buffer.from(auth.signature, 'hex');
  let first: string | undefined;
  let matched: string | undefined;
  for (const canonical of candidateRequests(input)) {
    first ??= canonical;
    if (crypto.timingSafeEqual(signCanonicalRequest(ctx, canonical), presented)) {
      matched = canonical;
      break;
    }
  }
  if (secret === undefined) return fail('unknown_access_key', auth.accessKey, first);
  if (matched === undefined) return fail('signature_mismatch', auth.accessKey, first);
  return { ok: true, accessKey: auth.accessKey, algorithm: auth.algorithm, canonicalRequest: matched };
}

/** Verifies one request; the secret lookup is async because credentials live in a database. */
export async function verifyRequest(req: WireRequest, lookupSecret: SecretLookup, opts: VerifyOptions): Promise<VerifyResult> {
  const prepared = prepare(req, opts);
  if (!prepared.ok) return prepared;
  const { auth, sdkDate, input } = prepared.value;
  const secret = await lookupSecret(auth.accessKey);
  return matchSignature(auth, secret, sdkDate, input);
}
