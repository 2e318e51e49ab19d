// Test fixture: the Fastify app built in-process over a test ledger, and signed requests against it.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { signRequest } from '../../src/auth/signing/sign.js';
import { createApp } from '../../src/http/app.js';
import type { AppDeps } from '../../src/http/deps.js';
import type { IssuedCredential } from '../../src/services/create-credential.js';
import type { TestLedger } from './ledger.js';

// Requests are signed at the app's own clock, which tests often pin to a fixed instant.
const clocks = new WeakMap<FastifyInstance, () => Date>();

export async function buildApp(
  ledger: TestLedger, clock: () => Date = () => ledger.now, extra: Partial<AppDeps> = {},
): Promise<FastifyInstance> {
  const app = await createApp({
    store: ledger.store, catalog: ledger.catalog, secretBox: ledger.secretBox, clock,
    signing: { v11Scopes: [], nodeLegacyPath: false, javaQueryQuirk: false }, ...extra,
  });
  clocks.set(app, clock);
  return app;
}

export interface SignedCall {
  method?: string;
  path: string;
  body?: string;
  credential: Pick<IssuedCredential, 'accessKey' | 'secretKey'>;
  projectId?: string;
  date?: Date;
  headers?: Record<string, string>;
}

/** Signs like the official Node SDK (content-type, host, x-project-id, x-sdk-date) and injects the request. */
export function signedInject(app: FastifyInstance, call: SignedCall): Promise<LightMyRequestResponse> {
  const method = call.method ?? 'GET';
  const headers = signRequest({
    method, url: `http://localhost${call.path}`, body: call.body, accessKey: call.credential.accessKey,
    secretKey: call.credential.secretKey, projectId: call.projectId, date: call.date ?? clocks.get(app)?.(), headers: call.headers,
  });
  return app.inject({ method: method as 'GET', url: call.path, headers, payload: call.body });
}
