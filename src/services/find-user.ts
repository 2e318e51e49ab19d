// The user a CLI or admin command names by project and user name, read inside the caller's transaction.
import { LedgerError } from '../domain/errors.js';
import type { LedgerTx, UserRow } from '../storage/types.js';

export async function findUserInProject(tx: LedgerTx, projectId: string, name: string): Promise<UserRow> {
  const [user] = await tx.findUsers({ projectId, name });
  if (!user) throw new LedgerError('NOT_FOUND', `user ${name} does not exist in project ${projectId}`);
  return user;
}
