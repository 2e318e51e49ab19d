// Parses the Authorization header of both signing algorithms (signing.md §1, §6).
import type { ParsedAuthorization, SigningAlgorithm } from './types.js';

export type AuthorizationParse =
  | { ok: true; value: ParsedAuthorization }
  | { ok: false; reason: 'malformed_authorization' | 'unsupported_algorithm' };

const MALFORMED = { ok: false, reason: 'malformed_authorization' } as const;
const SIGNATURE = /^[0-9a-f]{64}$/;
/** RFC 9110 token: anything else cannot be a header name on the wire. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Visible ASCII without the characters that delimit the header's own syntax. */
const ACCESS_KEY = /^[\x21-\x7e]{1,128}$/;
const ACCESS_KEY_FORBIDDEN = /[,;/=]/;
const SCOPE_PART = /^[A-Za-z0-9._-]{1,64}$/;

function isAlgorithm(s: string): s is SigningAlgorithm {
  return s === 'SDK-HMAC-SHA256' || s === 'V11-HMAC-SHA256';
}

function isAccessKey(s: string): boolean {
  return ACCESS_KEY.test(s) && !ACCESS_KEY_FORBIDDEN.test(s);
}

/** "a=1, b=2" into a map; undefined on an empty part, a part without '=', or a repeated name. */
function parseParams(text: string): Map<string, string> | undefined {
  const params = new Map<string, string>();
  for (const part of text.split(',')) {
    const trimmed = part.trim();
    const eq = trimmed.indexOf('=');
    if (eq <= 0) return undefined;
    const name = trimmed.slice(0, eq);
    if (params.has(name)) return undefined;
    params.set(name, trimmed.slice(eq + 1));
  }
  return params;
}

function parseSignedHeaders(text: string): string[] | undefined {
  const names = text.split(';');
  return names.every((n) => HEADER_NAME.test(n)) ? names : undefined;
}

function parseCredential(text: string): { accessKey: string; date: string; region: string; service: string } | undefined {
  const parts = text.split('/');
  if (parts.length !== 4) return undefined;
  const [accessKey, date, region, service] = parts as [string, string, string, string];
  if (!isAccessKey(accessKey) || !/^\d{8}$/.test(date)) return undefined;
  if (!SCOPE_PART.test(region) || !SCOPE_PART.test(service)) return undefined;
  return { accessKey, date, region, service };
}

/** Like parseAuthorization, but says whether the algorithm or the syntax was the problem. */
export function parseAuthorizationHeader(value: string): AuthorizationParse {
  const text = value.trim();
  const space = text.search(/\s/);
  const algorithm = space < 0 ? text : text.slice(0, space);
  if (!isAlgorithm(algorithm)) return { ok: false, reason: 'unsupported_algorithm' };
  if (space < 0) return MALFORMED;
  const params = parseParams(text.slice(space + 1));
  const idName = algorithm === 'V11-HMAC-SHA256' ? 'Credential' : 'Access';
  if (!params || params.size !== 3) return MALFORMED;
  const id = params.get(idName);
  const signedHeadersText = params.get('SignedHeaders');
  const signature = params.get('Signature');
  if (id === undefined || signedHeadersText === undefined || signature === undefined) return MALFORMED;
  const signedHeaders = parseSignedHeaders(signedHeadersText);
  if (!signedHeaders || !SIGNATURE.test(signature)) return MALFORMED;
  if (algorithm === 'SDK-HMAC-SHA256') {
    if (!isAccessKey(id)) return MALFORMED;
    return { ok: true, value: { algorithm, accessKey: id, signedHeaders, signedHeadersText, signature } };
  }
  const credential = parseCredential(id);
  if (!credential) return MALFORMED;
  const { accessKey, ...scope } = credential;
  return { ok: true, value: { algorithm, accessKey, signedHeaders, signedHeadersText, signature, scope } };
}

/** Parses just the Authorization header (the server needs the AK before verifying, e.g. for lock-out). */
export function parseAuthorization(value: string): ParsedAuthorization | undefined {
  const parsed = parseAuthorizationHeader(value);
  return parsed.ok ? parsed.value : undefined;
}
