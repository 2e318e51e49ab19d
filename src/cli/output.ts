// How the CLI prints results and errors, and which exit code each ledger error maps to.
import { LedgerError, type ErrorCode } from '../domain/errors.js';

const exitCodes: Record<ErrorCode, number> = {
  INVALID_PARAMETER: 2, INVALID_BODY: 2, MALFORMED_JSON: 2, NOT_FOUND: 3, ROUTE_NOT_FOUND: 3,
  METHOD_NOT_ALLOWED: 2, UNAUTHENTICATED: 4, FORBIDDEN: 4, CONFLICT: 5, QUOTA_INSUFFICIENT: 6,
  PAYLOAD_TOO_LARGE: 2, URI_TOO_LONG: 2, HEADERS_TOO_LARGE: 2, RATE_LIMITED: 7, UNAVAILABLE: 7, CONFIG_INVALID: 78,
};

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** Prints `tenant-ledger: <message>` and returns the exit code for the error. */
export function reportError(err: unknown): number {
  if (err instanceof LedgerError) {
    process.stderr.write(`tenant-ledger: ${err.message}\n`);
    return exitCodes[err.code];
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`tenant-ledger: ${message}\n`);
  return 1;
}
