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

/**
 * Tenant-API reads: authorizeProjectRead, plus a service provider's credentials reading the projects whose
 * parent it is (an SP looks after its customers). The parent is looked up only when the plain rule refuses.
 */
export async function authorizeTenantRead(
  actor: Actor, projectId: string, getProject: (id: string) => Promise<{ parentProjectId: string | null } | undefined>,
): Promise<void> {
  try {
    authorizeProjectRead(actor, projectId);
  } catch (err) {
    if (actor.kind === 'operator') throw err;
    const project = await getProject(projectId);
    if (project?.parentProjectId !== actor.projectId) throw err;
  }
}

/**
 * Allocating and reclaiming: admins and the CLI operator for any service provider, and the service provider's own
 * tenant credentials for its own packages (a reseller hands out what it bought without a platform-wide admin key).
 * Service credentials meter usage; they never move quota.
 */
export function authorizeAllocation(actor: Actor, spProjectId: string): void {
  if (actor.kind === 'operator' || actor.role === 'admin') return;
  if (actor.role === 'tenant' && actor.projectId === spProjectId) return;
  throw new LedgerError('FORBIDDEN', "allocating needs an admin credential or the service provider's own tenant credential");
}
