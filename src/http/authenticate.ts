// Resolves who is calling: an AK/SK signature (with lock-out) or an X-Auth-Token, then the rate limit; checks X-Project-Id.
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { verifyRequest, type VerifyFailureReason } from '../auth/signing/verify.js';
import { LedgerError } from '../domain/errors.js';
import type { Actor } from '../services/context.js';
import type { CredentialRow, UsageSumQuery, UsageSumRow } from '../storage/types.js';
import { recordFailure, recordSuccess, refuseIfLocked, throttle } from './auth-guard.js';
import type { AppDeps } from './deps.js';
import { authenticateToken } from './token-auth.js';

const EMPTY = Buffer.alloc(0);
const LOCKED = 'the access key is locked for 5 minutes after 5 consecutive signature failures';

const failureMessages: Record<VerifyFailureReason, string> = {
  missing_authorization: 'no credentials in the request',
  malformed_authorization: 'malformed Authorization header',
  unsupported_algorithm: 'unsupported signing algorithm',
  missing_date: 'X-Sdk-Date is missing',
  malformed_date: 'X-Sdk-Date is not in the form YYYYMMDDTHHMMSSZ',
  date_out_of_window: 'X-Sdk-Date is more than 15 minutes away from the server time',
  scope_mismatch: 'the V11 credential scope is not accepted here',
  signed_header_missing: 'a signed header is missing from the request',
  unknown_access_key: 'verify aksk signature fail',
  signature_mismatch: 'verify aksk signature fail',
};

function rawHeaderPairs(rawHeaders: string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) pairs.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  return pairs;
}

/** The request as the signature covers it: Node's own message, before any framework has read it. */
export interface SignedMessage {
  method?: string;
  url?: string;
  rawHeaders: string[];
}

/** What the signature check found: the caller's credential (and the sums read with it), or why not. */
export type SignatureCheck =
  | { ok: true; credential: CredentialRow; usage?: UsageSumRow[] }
  | { ok: false; reason: VerifyFailureReason; claimed?: string; usage?: UsageSumRow[] };

/**
 * Verifies the AK/SK signature of a request (over `body`, none when undefined) and finds its active credential,
 * refusing a locked key first (that refusal is thrown). With `usage`, a store that can reads those sums in the
 * credential's statement. Changes nothing: counting the failure or the success is the caller's (admitCredential,
 * countSignatureFailure).
 */
export async function checkSignature(
  deps: AppDeps, message: SignedMessage, body: Buffer | undefined, arrivedAt: number | undefined, usage?: UsageSumQuery,
): Promise<SignatureCheck> {
  let claimed: string | undefined;
  let credential: CredentialRow | undefined;
  let usageRows: UsageSumRow[] | undefined;
  const signing = deps.signing;
  const result = await verifyRequest(
    { method: message.method ?? 'GET', target: message.url ?? '/', headers: rawHeaderPairs(message.rawHeaders), body: body ?? EMPTY },
    async (accessKey) => {
      let row: CredentialRow | undefined;
      if (usage === undefined || deps.store.findCredentialWithUsage === undefined) {
        row = await deps.store.findCredential(accessKey, arrivedAt);
      } else {
        const found = await deps.store.findCredentialWithUsage(accessKey, usage);
        row = found.credential;
        usageRows = found.usage;
      }
      if (!row || row.status !== 'active') return undefined;
      credential = row;
      return deps.secretBox.open(row.secretCiphertext, row.accessKey);
    },
    {
      now: deps.clock ? deps.clock() : new Date(),
      v11Scopes: signing.v11Scopes,
      nodeLegacyPath: signing.nodeLegacyPath,
      javaQueryQuirk: signing.javaQueryQuirk,
      // A locked key is refused before any other work; made-up keys lock the same way, so this tells nothing about which exist.
      onAccessKey: (accessKey) => {
        claimed = accessKey;
        refuseIfLocked(deps, `ak:${accessKey}`, LOCKED);
      },
    },
  );
  const extra = usageRows === undefined ? {} : { usage: usageRows };
  if (!result.ok || !credential) {
    const failure: SignatureCheck = { ok: false, reason: result.ok ? 'unknown_access_key' : result.reason, ...extra };
    if (claimed !== undefined) failure.claimed = claimed;
    return failure;
  }
  return { ok: true, credential, ...extra };
}

/** A failed signature counts toward the claimed key's lock-out (not a malformed request's: nothing was tried). */
function countSignatureFailure(deps: AppDeps, failure: Extract<SignatureCheck, { ok: false }>): void {
  if (failure.claimed === undefined) return;
  if (failure.reason === 'signature_mismatch' || failure.reason === 'unknown_access_key') recordFailure(deps, `ak:${failure.claimed}`);
}

/** A verified credential: its lock-out count cleared and one request taken from its rate limit (429 when over). */
export function admitCredential(deps: AppDeps, credential: CredentialRow): Actor {
  recordSuccess(deps, `ak:${credential.accessKey}`);
  throttle(deps, `ak:${credential.accessKey}`);
  return actorOfCredential(credential);
}

export function actorOfCredential(credential: CredentialRow): Actor {
  return { kind: 'credential', accessKey: credential.accessKey, projectId: credential.projectId, role: credential.role };
}

export async function authenticate(deps: AppDeps, request: FastifyRequest): Promise<Actor> {
  if (request.headers.authorization === undefined) {
    const token = request.headers['x-auth-token'];
    if (typeof token === 'string') return authenticateToken(deps, request, token);
    throw new LedgerError('UNAUTHENTICATED', 'no credentials in the request');
  }
  const usage = request.usageToPrefetch;
  const body = Buffer.isBuffer(request.body) ? request.body : undefined;
  const checked = await checkSignature(deps, request.raw, body, request.arrivedAt, usage);
  if (usage !== undefined && checked.usage !== undefined) request.prefetchedUsage = { query: usage, rows: checked.usage };
  if (!checked.ok) {
    request.authFailure = checked.reason;
    countSignatureFailure(deps, checked);
    throw new LedgerError('UNAUTHENTICATED', failureMessages[checked.reason]);
  }
  request.accessKeyId = checked.credential.accessKey;
  return admitCredential(deps, checked.credential);
}

/** MetaStudio requires X-Project-Id, when sent, to name the project in the path. */
export function checkProjectHeader(headers: IncomingHttpHeaders, projectId: string): void {
  const header = headers['x-project-id'];
  if (header !== undefined && header !== projectId) {
    throw new LedgerError('FORBIDDEN', 'X-Project-Id does not match the project in the path');
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    accessKeyId?: string;
    authFailure?: VerifyFailureReason;
  }
}
