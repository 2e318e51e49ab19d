// Verb: a project's usage per UTC day over the last N days, per resource type, from its usage records (tenant-readable).
import { DailyUsageAccumulator, windowDays, windowStart, type DailyUsageSeries } from '../domain/daily-usage.js';
import { invalidParameter } from '../domain/errors.js';
import { authorizeTenantRead } from './authorize.js';
import type { ServiceContext } from './context.js';
import { checkResourceTypes } from './tenant-filters.js';

export const DAILY_USAGE_DEFAULT_DAYS = 30;
export const DAILY_USAGE_MAX_DAYS = 90;
const PAGE = 1000;
/** Bounds the work of one request; past it the answer says complete: false rather than taking unbounded time. */
export const DAILY_USAGE_MAX_RECORDS = 200_000;

export interface ShowDailyUsageInput {
  projectId: string;
  days?: string;
  resourceTypes: string[];
}

export interface DailyUsage {
  days: string[];
  from: Date;
  to: Date;
  /** false when the project had more records in the window than one request reads. */
  complete: boolean;
  series: Array<DailyUsageSeries & { unit: string }>;
}

function parseDays(value: string | undefined): number {
  if (value === undefined || value === '') return DAILY_USAGE_DEFAULT_DAYS;
  const n = Number(value);
  if (!/^\d{1,3}$/.test(value) || n < 1 || n > DAILY_USAGE_MAX_DAYS) {
    throw invalidParameter(`days: must be an integer from 1 to ${DAILY_USAGE_MAX_DAYS}`);
  }
  return n;
}

export async function showDailyUsage(ctx: ServiceContext, input: ShowDailyUsageInput): Promise<DailyUsage> {
  await authorizeTenantRead(ctx.actor, input.projectId, (id) => ctx.store.getProject(id));
  const days = parseDays(input.days);
  const wanted = new Set(checkResourceTypes(ctx, input.resourceTypes));
  const to = ctx.clock();
  const from = windowStart(to, days);
  const acc = new DailyUsageAccumulator(from, days);
  // One type can be filtered by the store; several are filtered here (the store query takes one).
  const storeType = wanted.size === 1 ? [...wanted][0] : undefined;
  let beforeSeq: number | undefined;
  let read = 0;
  let complete = true;
  for (;;) {
    const page = await ctx.store.listUsageRecords({ projectId: input.projectId, resourceType: storeType, from, to, limit: PAGE, beforeSeq });
    for (const r of page) {
      if (r.status !== 'applied' || (wanted.size > 0 && !wanted.has(r.resourceType))) continue;
      acc.add(r);
    }
    read += page.length;
    if (page.length < PAGE) break;
    if (read >= DAILY_USAGE_MAX_RECORDS) {
      complete = false;
      break;
    }
    beforeSeq = page[page.length - 1]!.seq;
  }
  return {
    days: windowDays(from, days), from, to, complete,
    series: acc.result().map((s) => ({ ...s, unit: unitOf(ctx, s) })),
  };
}

/** The unit comes from the catalog (a record does not store it); a sub-resource's from its bundle part. */
function unitOf(ctx: ServiceContext, s: DailyUsageSeries): string {
  const defs = ctx.catalog.entriesFor(s.resourceType);
  const def = defs.find((d) => d.businessType === s.businessType) ?? defs[0];
  if (!def) return '';
  if (s.subResourceType !== null) return def.bundle?.find((p) => p.subResourceType === s.subResourceType)?.unit ?? def.unit;
  return def.unit;
}
