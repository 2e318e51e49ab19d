// Signs a request the way the official Node SDK does, but with correct path encoding (for our CLI, tests and benchmarks).
import { canonicalQuery, parseQuery } from './canonical-query.js';
import { canonicalUri } from './canonical-uri.js';
import { formatSdkDate } from './sdk-date.js';
import { EMPTY_BODY_SHA256, createSigningContext, sha256Hex, signCanonicalRequest } from './signature.js';
import type { V11Scope } from './types.js';
import { canonicalHeaderValue } from './wire-headers.js';

export interface SignInput {
  method: string;
  url: URL | string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  accessKey: string;
  secretKey: string;
  projectId?: string;
  date?: Date;
  /** sign with V11-HMAC-SHA256 for this scope instead of SDK-HMAC-SHA256 */
  v11Scope?: V11Scope;
}

/** Sets `name` unless a header of that name (any case) is already present. */
function setDefault(headers: Record<string, string>, name: string, value: string): void {
  const lower = name.toLowerCase();
  if (!Object.keys(headers).some((k) => k.toLowerCase() === lower)) headers[name] = value;
}

function removeHeader(headers: Record<string, string>, name: string): void {
  const lower = name.toLowerCase();
  for (const k of Object.keys(headers)) if (k.toLowerCase() === lower) delete headers[k];
}

/** Sets `name`, replacing any header of that name in another case. */
function setReplacing(headers: Record<string, string>, name: string, value: string): void {
  removeHeader(headers, name);
  headers[name] = value;
}

/** Every header sent is signed, like the Node SDK: sorted lower-case names and "name:value\n" lines. */
function signedHeaderParts(headers: Record<string, string>): { names: string; block: string; values: Map<string, string> } {
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (values.has(lower)) throw new Error(`signRequest: header "${lower}" given more than once`);
    values.set(lower, canonicalHeaderValue(value));
  }
  const names = [...values.keys()].sort();
  return { names: names.join(';'), block: names.map((n) => `${n}:${values.get(n)!}\n`).join(''), values };
}

function bodyHash(body: string | Buffer | undefined): string {
  if (body === undefined || body.length === 0) return EMPTY_BODY_SHA256;
  return sha256Hex(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
}

/**
 * Returns all headers to send: the given ones (Content-Type defaults to application/json), Host,
 * X-Project-Id (if projectId), X-Sdk-Date and Authorization. The body is always hashed; a caller
 * wanting an unsigned payload passes X-Sdk-Content-Sha256 itself.
 */
export function signRequest(input: SignInput): Record<string, string> {
  const url = typeof input.url === 'string' ? new URL(input.url) : input.url;
  const method = input.method.toUpperCase();
  const sdkDate = formatSdkDate(input.date ?? new Date());
  const headers: Record<string, string> = { ...input.headers };
  removeHeader(headers, 'Authorization');
  setDefault(headers, 'Content-Type', 'application/json');
  setDefault(headers, 'Host', url.host);
  if (input.projectId !== undefined) setReplacing(headers, 'X-Project-Id', input.projectId);
  setReplacing(headers, 'X-Sdk-Date', sdkDate);
  const signed = signedHeaderParts(headers);
  const payload = signed.values.get('x-sdk-content-sha256') ?? bodyHash(input.body);
  const canonical = [
    method, canonicalUri(url.pathname), canonicalQuery(parseQuery(url.search.slice(1))),
    signed.block, signed.names, payload,
  ].join('\n');
  const algorithm = input.v11Scope ? 'V11-HMAC-SHA256' : 'SDK-HMAC-SHA256';
  const ctx = createSigningContext(algorithm, input.accessKey, input.secretKey, sdkDate, input.v11Scope);
  const signature = signCanonicalRequest(ctx, canonical).toString('hex');
  const id = input.v11Scope
    ? `Credential=${input.accessKey}/${sdkDate.slice(0, 8)}/${input.v11Scope.region}/${input.v11Scope.service}`
    : `Access=${input.accessKey}`;
  headers.Authorization = `${algorithm} ${id}, SignedHeaders=${signed.names}, Signature=${signature}`;
  return headers;
}
