// Shared shapes of the AK/SK signature verifier: the wire request, options and results.

export type SigningAlgorithm = 'SDK-HMAC-SHA256' | 'V11-HMAC-SHA256';

/** One request exactly as received on the wire. */
export interface WireRequest {
  method: string;
  /** raw request-target: path + optional ?query, never normalised */
  target: string;
  /** raw name/value pairs as received (Node's rawHeaders pairs, values latin-1 decoded by Node) */
  headers: Array<[string, string]>;
  /** exact body bytes */
  body: Buffer;
}

export interface V11Scope {
  region: string;
  service: string;
}

export interface VerifyOptions {
  now: Date;
  /** allowed clock difference either way; default 15 minutes */
  windowMs?: number;
  /** accepted V11-HMAC-SHA256 scopes; none configured means V11 is refused */
  v11Scopes?: V11Scope[];
  /** opt-in: Node SDK double-encoded path bug */
  nodeLegacyPath?: boolean;
  /** opt-in: Java SDK duplicate-key quirk */
  javaQueryQuirk?: boolean;
  /**
   * Called with the claimed access key as soon as the Authorization header parses, before any other check;
   * it may throw to refuse the request (the server's lock-out does), so the header is parsed only once.
   */
  onAccessKey?: (accessKey: string) => void;
}

export type VerifyFailureReason =
  | 'missing_authorization'
  | 'malformed_authorization'
  | 'unsupported_algorithm'
  | 'missing_date'
  | 'malformed_date'
  | 'date_out_of_window'
  | 'scope_mismatch'
  | 'signed_header_missing'
  | 'unknown_access_key'
  | 'signature_mismatch';

export type VerifyResult =
  | { ok: true; accessKey: string; algorithm: SigningAlgorithm; canonicalRequest: string }
  | { ok: false; reason: VerifyFailureReason; accessKey?: string; canonicalRequest?: string };

/** The parts of an Authorization header. */
export interface ParsedAuthorization {
  algorithm: SigningAlgorithm;
  accessKey: string;
  /** header names exactly as listed */
  signedHeaders: string[];
  /** the SignedHeaders text verbatim, as it enters the canonical request */
  signedHeadersText: string;
  /** 64 lower-case hex characters */
  signature: string;
  /** V11 only: the Credential scope */
  scope?: { date: string; region: string; service: string };
}

export type SecretLookup = (accessKey: string) => Promise<string | undefined>;
