// Resolves who is calling: verifies the AK/SK signature against stored credentials and checks X-Project-Id.
import type { FastifyRequest } from 'fastify';
import { verifyRequest, type VerifyFailureReason } from '../auth/signing/verify.js';
import { LedgerError } from '../domain/errors.js';
import type { Actor } from '../services/context.js';
import type { CredentialRow } from '../storage/types.js';
import type { AppDeps } from './deps.js';

const EMPTY = Buffer.alloc(0);

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

export async function authenticate(deps: AppDeps, request: FastifyRequest): Promise<Actor> {
  if (request.headers.authorization === undefined) {
    const reason = request.headers['x-auth-token'] !== undefined
      ? 'token authentication is not enabled on this server'
      : 'no credentials in the request';
    throw new LedgerError('UNAUTHENTICATED', reason);
  }
  let credential: CredentialRow | undefined;
  const result = await verifyRequest(
    {
      method: request.raw.method ?? 'GET',
      target: request.raw.url ?? '/',
      headers: rawHeaderPairs(request.raw.rawHeaders),
      body: Buffer.isBuffer(request.body) ? request.body : EMPTY,
    },
    async (accessKey) => {
      const row = await deps.store.findCredential(accessKey);
      if (!row || row.status !== 'active') return undefined;
      credential = row;
      return deps.secretBox.open(row.secretCiphertext, row.accessKey);
    },
    { now: deps.clock ? deps.clock() : new Date(), ...deps.signing },
  );
  if (!result.ok || !credential) {
    const reason = result.ok ? 'unknown_access_key' : result.reason;
    request.authFailure = reason;
    throw new LedgerError('UNAUTHENTICATED', failureMessages[reason]);
  }
  request.accessKeyId = credential.accessKey;
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
