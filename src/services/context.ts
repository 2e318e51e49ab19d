// What every service verb is called with: who acts, on which store, with which catalog and clock.
import type { Catalog } from '../domain/catalog.js';
import type { SecretBox } from '../auth/secret-box.js';
import type { Role, Store } from '../storage/types.js';

export type Actor =
  | { kind: 'credential'; accessKey: string; projectId: string; role: Role }
  | { kind: 'operator'; name: string }
  /** A user signed in with a token (X-Auth-Token); user roles are tenant or admin only. */
  | { kind: 'user'; userId: string; name: string; projectId: string; role: Role };

export interface ServiceContext {
  actor: Actor;
  store: Store;
  catalog: Catalog;
  secretBox: SecretBox;
  clock: () => Date;
  requestId: string | null;
  sourceAddress: string | null;
  /** performance.now() once the request had arrived, when there is one (see UsageSumQuery.arrivedAt) */
  arrivedAt?: number;
}

/** For the few verbs that run before anyone is authenticated (signing in, checking a token). */
export type PublicContext = Omit<ServiceContext, 'actor'>;

/** How the actor is written into journal and audit rows. */
export function actorLabel(actor: Actor): string {
  if (actor.kind === 'user') return `${actor.role}:user/${actor.userId}`;
  return actor.kind === 'credential' ? `${actor.role}:${actor.accessKey}` : `operator:${actor.name}`;
}
