// Verb: every package of a project (in effect or not), oldest first, with the total count.
import { invalidParameter } from '../domain/errors.js';
import { parseLimit } from '../domain/page.js';
import type { PackageRow } from '../storage/types.js';
import { authorizeAdmin } from './authorize.js';
import type { ServiceContext } from './context.js';

export async function listPackages(
  ctx: ServiceContext, input: { projectId: string; limit?: unknown; offset?: unknown },
): Promise<{ total: number; packages: PackageRow[] }> {
  authorizeAdmin(ctx.actor);
  const limit = parseLimit(input.limit);
  const offset = input.offset === undefined || input.offset === '' ? 0 : Number(input.offset);
  if (!Number.isInteger(offset) || offset < 0 || offset > 2_147_483_647) throw invalidParameter('offset: must be an integer from 0');
  return ctx.store.listPackages({ projectId: input.projectId, limit, offset });
}
