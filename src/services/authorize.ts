// Who may do what: tenant and service credentials stay in their own project; admins and the CLI operator may act anywhere.
import { LedgerError } from '../domain/errors.js';
import type { Actor } from './context.js';

export function authorizeProjectRead(actor: Actor, projectId: string): void {
  if (actor.kind === 'operator' || actor.role === 'admin') return;
  if (actor.projectId !== projectId) {
    throw new LedgerError('FORBIDDEN', 'the credential does not belong to the project in the path');
  }
}

export function authorizeAdmin(actor: Actor): void {
  if (actor.kind === 'operator' || actor.role === 'admin') return;
  throw new LedgerError('FORBIDDEN', 'this operation needs an admin credential');
}

/** Producer services record usage for the tenants they serve, so a service credential is not bound to its own project. */
export function authorizeMetering(actor: Actor, _projectId: string): void {
  if (actor.kind === 'operator' || actor.role === 'admin' || actor.role === 'service') return;
  throw new LedgerError('FORBIDDEN', 'recording usage needs a service or admin credential');
}
