// Pagination parameters of the admin API: limit and an opaque marker (the last item's position).
import { invalidParameter } from './errors.js';

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

export function parseLimit(value: unknown, fallback = DEFAULT_PAGE, max = MAX_PAGE): number {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max || (typeof value === 'string' && !/^\d+$/.test(value))) {
    throw invalidParameter(`limit: must be an integer from 1 to ${max}`);
  }
  return n;
}

export function parseMarker(value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) throw invalidParameter('marker: not a marker this API returned');
  return Number(value);
}
