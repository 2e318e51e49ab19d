// Calls to this server's API with the session's X-Auth-Token; errors come back as ApiError with MetaStudio's code.
import type { CatalogEntry, TokenBody } from './api-types.js';
import { clearSession, loadSession, saveSession, type Session } from './session.js';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** Set by main.ts: what to do when the token is refused (back to the sign-in page). */
let onUnauthenticated: (message: string) => void = () => undefined;
export function setUnauthenticatedHandler(handler: (message: string) => void): void {
  onUnauthenticated = handler;
}

async function errorOf(res: Response): Promise<ApiError> {
  let code = `HTTP ${res.status}`;
  let message = res.statusText || 'request failed';
  try {
    const body = (await res.json()) as { error_code?: string; error_msg?: string };
    if (body.error_code) code = body.error_code;
    if (body.error_msg) message = body.error_msg;
  } catch {
    // Not our JSON error body (a proxy's page, say): the status line is all there is.
  }
  return new ApiError(res.status, code, message);
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const session = loadSession();
  if (!session) {
    onUnauthenticated('Please sign in.');
    throw new ApiError(401, 'APIG.0301', 'not signed in');
  }
  const headers: Record<string, string> = { 'X-Auth-Token': session.token };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  if (!res.ok) {
    const err = await errorOf(res);
    if (res.status === 401) {
      clearSession();
      onUnauthenticated('Your session has ended; please sign in again.');
    }
    throw err;
  }
  return (await res.json()) as T;
}

/** Builds a query string, leaving out empty values (an empty filter means no filter to the API anyway). */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : '';
}

export const enc = encodeURIComponent;

export interface SignInInput {
  projectId: string;
  userName: string;
  password: string;
  domain: string;
}

/** IAM's password method; the token comes back in X-Subject-Token. */
export async function signIn(input: SignInInput): Promise<Session> {
  const res = await fetch('/v3/auth/tokens', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: input.userName, password: input.password, domain: { name: input.domain } } } },
        scope: { project: { id: input.projectId } },
      },
    }),
  });
  if (res.status !== 201) throw await errorOf(res);
  const token = res.headers.get('X-Subject-Token');
  if (!token) throw new ApiError(res.status, 'HTTP 201', 'the server answered without a token');
  const body = (await res.json()) as TokenBody;
  const role = body.token.roles.some((r) => r.name === 'admin') ? 'admin' : 'tenant';
  const session: Session = {
    token, expiresAt: body.token.expires_at, userName: body.token.user.name,
    projectId: body.token.project.id, projectName: body.token.project.name, role,
  };
  saveSession(session);
  return session;
}

let catalog: Promise<CatalogEntry[]> | undefined;

/** The resource types the forms offer; fetched once per page load. */
export function loadCatalog(): Promise<CatalogEntry[]> {
  catalog ??= fetch('/console/catalog.json')
    .then(async (res) => (res.ok ? ((await res.json()) as { resource_types: CatalogEntry[] }).resource_types : []))
    .catch(() => []);
  return catalog;
}
