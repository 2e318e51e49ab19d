// The closed list of ledger error codes; every layer raises these and only the edges translate them.
export const errorCodes = [
  'INVALID_PARAMETER', // bad query/path/flag value
  'INVALID_BODY', // body is not the JSON shape the route expects
  'MALFORMED_JSON', // body is not JSON at all
  'NOT_FOUND', // a named project, package or record does not exist
  'ROUTE_NOT_FOUND', // no such API
  'METHOD_NOT_ALLOWED',
  'UNAUTHENTICATED', // no, bad or expired credentials
  'FORBIDDEN', // valid credentials, not allowed here
  'CONFLICT', // state conflict (duplicate id, idempotency key reused with other content)
  'QUOTA_INSUFFICIENT', // packages cannot cover a consumption
  'PAYLOAD_TOO_LARGE',
  'URI_TOO_LONG', // request target over 32 KB
  'HEADERS_TOO_LARGE', // request header fields over the limit
  'RATE_LIMITED', // a credential's request rate is over the configured limit
  'UNAVAILABLE', // storage unreachable
  'CONFIG_INVALID', // operator configuration is unusable
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export class LedgerError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'LedgerError';
  }
}

export function invalidParameter(message: string): LedgerError {
  return new LedgerError('INVALID_PARAMETER', message);
}
