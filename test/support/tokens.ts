// Test fixture: IAM password sign-in bodies and calls against an in-process app.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export interface SignInFields {
  name: string;
  password: string;
  domain?: { id?: string; name?: string };
  /** project id to scope to; null leaves the scope out */
  projectId?: string | null;
  projectName?: string;
}

/** The body the official IAM SDK sends for KeystoneCreateUserTokenByPassword. */
export function passwordBody(f: SignInFields): Record<string, unknown> {
  const scope = f.projectName !== undefined ? { project: { name: f.projectName } }
    : f.projectId === null || f.projectId === undefined ? undefined : { project: { id: f.projectId } };
  return {
    auth: {
      identity: { methods: ['password'], password: { user: { name: f.name, password: f.password, domain: f.domain ?? { name: f.projectId ?? '' } } } },
      ...(scope ? { scope } : {}),
    },
  };
}

export function signInRequest(app: FastifyInstance, f: SignInFields | Record<string, unknown>, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const body = 'password' in f && 'name' in f ? passwordBody(f as SignInFields) : f;
  return app.inject({
    method: 'POST', url: '/v3/auth/tokens', payload: JSON.stringify(body),
    headers: { 'content-type': 'application/json;charset=UTF-8', ...headers },
  });
}

/** Signs in and returns the token; fails the test when the server refuses. */
export async function signIn(app: FastifyInstance, f: SignInFields): Promise<string> {
  const res = await signInRequest(app, f);
  if (res.statusCode !== 201) throw new Error(`sign-in answered ${res.statusCode}: ${res.body}`);
  return res.headers['x-subject-token'] as string;
}

export function tokenInject(app: FastifyInstance, token: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  return app.inject({
    method: method as 'GET', url, headers: { 'x-auth-token': token, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}
