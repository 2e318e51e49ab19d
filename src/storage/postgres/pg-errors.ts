// Classifies PostgreSQL driver errors: retry the transaction, report the database unavailable, or a key conflict.
import { LedgerError } from '../../domain/errors.js';

/** Thrown to make the store run the whole transaction again (as after a deadlock). */
export class RetryTransaction extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RetryTransaction';
  }
}

const RETRYABLE = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure

// Connection failures, shutdowns, timeouts and exhausted resources: the client should try again later.
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '57014', '55P03', '53300', '3D000', '28000', '28P01']);
const UNAVAILABLE_CLASSES = ['08', '53'];
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
// "timeout expired" is a client's own connect timeout (the pool words its own as "timeout exceeded ...").
const DRIVER_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /timeout expired/i, /query read timeout/i,
  /not queryable/i, /connection.*(closed|ended)/i, /cannot use a pool after calling end/i];

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isRetryable(err: unknown): boolean {
  if (err instanceof RetryTransaction) return true;
  const code = codeOf(err);
  return code !== undefined && RETRYABLE.has(code);
}

/** A duplicate key in the given unique index (or constraint). */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  return codeOf(err) === '23505' && (err as { constraint?: unknown }).constraint === constraint;
}

/** True when the connection is gone or its state unknown: it must be discarded, not rolled back and reused. */
export function isConnectionFailure(err: unknown): boolean {
  if (err instanceof LedgerError) return err.code === 'UNAVAILABLE';
  const code = codeOf(err);
  if (code && (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code) || UNAVAILABLE_CLASSES.includes(code.slice(0, 2)))) return true;
  const message = err instanceof Error ? err.message : '';
  return !code && DRIVER_MESSAGES.some((re) => re.test(message));
}

/** The error callers see: ledger errors for what they can act on, the original error (a bug, a 500) otherwise. */
export function translate(err: unknown): unknown {
  if (err instanceof LedgerError) return err;
  if (isConnectionFailure(err)) {
    const message = err instanceof Error ? err.message : String(err);
    return new LedgerError('UNAVAILABLE', `the database is unavailable: ${message}`);
  }
  if (codeOf(err) === '23505') {
    const detail = (err as { detail?: string }).detail;
    return new LedgerError('CONFLICT', detail ? `already exists: ${detail}` : 'already exists');
  }
  return err;
}
