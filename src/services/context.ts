// What every service verb is called with: who acts, on which store, with which catalog and clock.
import type { Catalog } from '../domain/catalog.js';
import type { SecretBox } from '../auth/secret-box.js';
import type { Role, Store } from '../storage/types.js';

export type Actor =
  | { kind: 'credential'; accessKey: string; projectId: string; role: Role }
  | { kind: 'operator'; name: string };

export interface ServiceContext {
  actor: Actor;
  store: Store;
  catalog: Catalog;
  secretBox: SecretBox;
  clock: () => Date;
  requestId: string | null;
  sourceAddress: string | null;
}

/** How the actor is written into journal and audit rows. */
export function actorLabel(actor: Actor): string {
  return actor.kind === 'credential' ? `${actor.role}:${actor.accessKey}` : `operator:${actor.name}`;
}
