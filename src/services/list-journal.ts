// Verb: a project's journal (every change of every package), newest first.
import { parseLimit, parseMarker } from '../domain/page.js';
import type { JournalEntry } from '../storage/types.js';
import { authorizeAdmin } from './authorize.js';
import type { ServiceContext } from './context.js';
import { paged, type Page } from './list-usage-records.js';

export interface ListJournalInput {
  projectId: string;
  resourceId?: string;
  limit?: unknown;
  marker?: unknown;
}

export async function listJournal(ctx: ServiceContext, input: ListJournalInput): Promise<Page<JournalEntry>> {
  authorizeAdmin(ctx.actor);
  const limit = parseLimit(input.limit);
  const entries = await ctx.store.listJournal({
    projectId: input.projectId, resourceId: input.resourceId || undefined, limit: limit + 1,
    beforeEntryId: parseMarker(input.marker),
  });
  return paged(entries, limit, (e) => e.entryId);
}
