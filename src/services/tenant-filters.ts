// Validation of the tenant API's query filters (lists, status, expiry window, paging), shared by its read verbs.
import { isChargingMode, isResourceSource, type ResourceSource } from '../domain/enums.js';
import { invalidParameter } from '../domain/errors.js';
import { parseLimit } from '../domain/page.js';
import { parseTimestamp } from '../domain/timestamp.js';
import type { ServiceContext } from './context.js';

export const TENANT_PAGE_DEFAULT = 10;
export const TENANT_PAGE_MAX = 100;
const MAX_OFFSET = 2_147_483_647;

export function checkBusinessTypes(ctx: ServiceContext, values: string[], field = 'business'): string[] {
  for (const b of values) if (!ctx.catalog.isKnownBusinessType(b)) throw invalidParameter(`${field}: unknown business type '${b}'`);
  return values;
}

export function checkResourceTypes(ctx: ServiceContext, values: string[], field = 'resource'): string[] {
  for (const r of values) if (!ctx.catalog.has(r)) throw invalidParameter(`${field}: unknown resource type '${r}'`);
  return values;
}

export function checkSources(values: string[], field = 'resource_source'): ResourceSource[] {
  for (const s of values) if (!isResourceSource(s)) throw invalidParameter(`${field}: unknown resource source '${s}'`);
  return values as ResourceSource[];
}

export function checkChargingModes(values: string[], field = 'charging_mode'): string[] {
  for (const m of values) if (!isChargingMode(m)) throw invalidParameter(`${field}: unknown charging mode '${m}'`);
  return values;
}

/** Sub-resource types are whatever the catalog's bundles define (Flexus by default, operators add their own). */
export function checkSubResourceTypes(ctx: ServiceContext, values: string[], field = 'sub_resource'): string[] {
  const known = new Set(ctx.catalog.resourceTypes().flatMap((d) => (d.bundle ?? []).map((p) => p.subResourceType)));
  for (const s of values) if (!known.has(s)) throw invalidParameter(`${field}: unknown sub-resource type '${s}'`);
  return values;
}

export function parseStatus(value: unknown): 0 | 1 | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === '0' || value === 0) return 0;
  if (value === '1' || value === 1) return 1;
  throw invalidParameter('status: must be 0 (normal) or 1 (frozen)');
}

export interface ExpiryWindow {
  from?: Date;
  to?: Date;
}

export function parseExpiryWindow(start: string | undefined, end: string | undefined): ExpiryWindow {
  const from = start ? parseTimestamp(start, 'resource_expire_start_time') : undefined;
  const to = end ? parseTimestamp(end, 'resource_expire_end_time') : undefined;
  if (from && to && from > to) throw invalidParameter('resource_expire_start_time: must not be after resource_expire_end_time');
  return { from, to };
}

/** MetaStudio paging: limit 1-100 (default 10), offset 0-2147483647 (default 0). */
export function parseTenantPage(limit: unknown, offset: unknown): { limit: number; offset: number } {
  return { limit: parseLimit(limit, TENANT_PAGE_DEFAULT, TENANT_PAGE_MAX), offset: parseOffset(offset) };
}

export function parseOffset(value: unknown): number {
  if (value === undefined || value === '') return 0;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,10}$/.test(text) || Number(text) > MAX_OFFSET) {
    throw invalidParameter(`offset: must be an integer from 0 to ${MAX_OFFSET}`);
  }
  return Number(text);
}
