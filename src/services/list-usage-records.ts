// Verb: a project's usage records, newest first, a page at a time.
import { invalidParameter } from '../domain/errors.js';
import { parseLimit, parseMarker } from '../domain/page.js';
import { parseTimestamp } from '../domain/timestamp.js';
import type { UsageRecordRow } from '../storage/types.js';
import { authorizeMetering } from './authorize.js';
import type { ServiceContext } from './context.js';

export interface ListUsageRecordsInput {
  projectId: string;
  resourceType?: string;
  from?: string;
  to?: string;
  limit?: unknown;
  marker?: unknown;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `marker` for the next page; absent on the last page. */
  nextMarker?: string;
}

export async function listUsageRecords(ctx: ServiceContext, input: ListUsageRecordsInput): Promise<Page<UsageRecordRow>> {
  authorizeMetering(ctx.actor, input.projectId);
  const limit = parseLimit(input.limit);
  const from = input.from ? parseTimestamp(input.from, 'from') : undefined;
  const to = input.to ? parseTimestamp(input.to, 'to') : undefined;
  if (from && to && from >= to) throw invalidParameter('from: must be before to');
  if (input.resourceType !== undefined && input.resourceType !== '' && !ctx.catalog.has(input.resourceType)) {
    throw invalidParameter(`resource_type: unknown resource type '${input.resourceType}'`);
  }
  const items = await ctx.store.listUsageRecords({
    projectId: input.projectId, resourceType: input.resourceType || undefined, from, to, limit: limit + 1,
    beforeSeq: parseMarker(input.marker),
  });
  return paged(items, limit, (r) => r.seq!);
}

/** Fetching one more than asked tells whether a next page exists without a count query. */
export function paged<T>(items: T[], limit: number, position: (item: T) => number): Page<T> {
  if (items.length <= limit) return { items };
  const page = items.slice(0, limit);
  return { items: page, nextMarker: String(position(page[page.length - 1]!)) };
}
