// IAM's token API shapes: the password sign-in body (Keystone v3) and the token body answered with X-Subject-Token.
import { Type, type Static } from '@sinclair/typebox';
import { invalidParameter } from '../domain/errors.js';
import type { PasswordSignIn } from '../services/issue-token.js';
import type { ResolvedToken } from '../services/resolve-token.js';

const Ref = Type.Object({
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

// Unknown fields are tolerated here (unlike the admin API): IAM clients send extras such as nocatalog or MFA hints.
export const PasswordAuthBody = Type.Object({
  auth: Type.Object({
    identity: Type.Object({
      methods: Type.Array(Type.String({ maxLength: 32 }), { minItems: 1, maxItems: 4 }),
      password: Type.Object({
        user: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 64 }),
          password: Type.String({ minLength: 1, maxLength: 128 }),
          domain: Ref,
        }),
      }),
    }),
    scope: Type.Optional(Type.Object({ project: Type.Optional(Ref), domain: Type.Optional(Ref) })),
  }),
}, { description: 'IAM password authentication (Keystone v3)' });
export type PasswordAuthBody = Static<typeof PasswordAuthBody>;

export function toPasswordSignIn(body: PasswordAuthBody): PasswordSignIn {
  const { identity, scope } = body.auth;
  if (!identity.methods.includes('password')) throw invalidParameter("auth.identity.methods: only 'password' is supported");
  const { user } = identity.password;
  if (user.domain.id === undefined && user.domain.name === undefined) {
    throw invalidParameter('auth.identity.password.user.domain: give id or name');
  }
  const project = scope?.project;
  if (project && project.id === undefined && project.name === undefined) throw invalidParameter('auth.scope.project: give id or name');
  return {
    userName: user.name, password: user.password,
    domain: user.domain.id !== undefined ? { id: user.domain.id } : { name: user.domain.name! },
    scope: project ? (project.id !== undefined ? { projectId: project.id } : { projectName: project.name! }) : undefined,
  };
}

const Named = Type.Object({ id: Type.String(), name: Type.String() });
const NamedInDomain = Type.Object({ id: Type.String(), name: Type.String(), domain: Named });

/** The token body IAM answers (the token itself travels in the X-Subject-Token header). */
export const TokenBody = Type.Object({
  token: Type.Object({
    expires_at: Type.String({ description: 'IAM form, microseconds: 2026-11-27T13:00:00.000000Z' }),
    issued_at: Type.String(),
    methods: Type.Array(Type.String()),
    user: NamedInDomain,
    project: NamedInDomain,
    roles: Type.Array(Named),
  }),
});

/** IAM writes times with microseconds: 2026-11-27T13:00:00.000000Z. */
function iamTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function toTokenBody({ claims, user, project }: ResolvedToken) {
  const domain = { id: user.domainId, name: user.domainName };
  return {
    token: {
      expires_at: iamTime(claims.expiresAt),
      issued_at: iamTime(claims.issuedAt),
      methods: ['password'],
      user: { id: user.userId, name: user.name, domain },
      project: { id: project.projectId, name: project.name, domain },
      roles: [{ id: user.role, name: user.role }],
    },
  };
}
