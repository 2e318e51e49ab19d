// Resolves who is calling: an AK/SK signature (with lock-out) or an X-Auth-Token, then the rate limit; checks X-Project-Id.
import type { FastifyRequest } from 'fastify';
import { verifyRequest, type VerifyFailureReason } from '../auth/signing/verify.js';
import { LedgerError } from '../domain/errors.js';
import type { Actor } from '../services/context.js';
import type { CredentialRow } from '../storage/types.js';
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

/** The access key's credential; with the usage sums the route asked to read ahead, where the store reads both at once. */
async function findCredential(deps: AppDeps, request: FastifyRequest, accessKey: string): Promise<CredentialRow | undefined> {
  const usage = request.usageToPrefetch;
  if (usage === undefined || deps.store.findCredentialWithUsage === undefined) {
    return deps.store.findCredential(accessKey, request.arrivedAt);
  }
  const found = await deps.store.findCredentialWithUsage(accessKey, usage);
  request.prefetchedUsage = { query: usage, rows: found.usage };
  return found.credential;
}

export async function authenticate(deps: AppDeps, request: FastifyRequest): Promise<Actor> {
  if (request.headers.authorization === undefined) {
    const token = request.headers['x-auth-token'];
    if (typeof token === 'string') return authenticateToken(deps, request, token);
    throw new LedgerError('UNAUTHENTICATED', 'no credentials in the request');
  }
  let claimed: string | undefined;
  let credential: CredentialRow | undefined;
  const signing = deps.signing;
  const result = await verifyRequest(
    {
      method: request.raw.method ?? 'GET',
      target: request.raw.url ?? '/',
      headers: rawHeaderPairs(request.raw.rawHeaders),
      body: Buffer.isBuffer(request.body) ? request.body : EMPTY,
    },
    async (accessKey) => {
      const row = await findCredential(deps, request, accessKey);
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
  if (!result.ok || !credential) {
    const reason = result.ok ? 'unknown_access_key' : result.reason;
    request.authFailure = reason;
    if (claimed !== undefined && (reason === 'signature_mismatch' || reason === 'unknown_access_key')) recordFailure(deps, `ak:${claimed}`);
    throw new LedgerError('UNAUTHENTICATED', failureMessages[reason]);
  }
  recordSuccess(deps, `ak:${credential.accessKey}`);
  request.accessKeyId = credential.accessKey;
  throttle(deps, `ak:${credential.accessKey}`);
  return { kind: 'credential', accessKey: credential.accessKey, projectId: credential.projectId, role: credential.role };
}

/** MetaStudio requires X-Project-Id, when sent, to name the project in the path. */
export function checkProjectHeader(request: FastifyRequest, projectId: string): void {
  const header = request.headers['x-project-id'];
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
