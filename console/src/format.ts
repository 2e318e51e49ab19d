// How the console writes dates, durations and the names of a usage row.
import type { UsageRow } from './api-types.js';

/** 2026-03-01 14:05 UTC: the ledger keeps UTC, and an operator comparing with logs wants UTC too. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return 'never';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

export function formatDate(iso: string | undefined): string {
  return iso ? new Date(iso).toISOString().slice(0, 10) : 'never';
}

/** Whole days from now until the time, rounded up: "expires in 1 day" until the very last moment. */
export function daysUntil(iso: string, now = Date.now()): number {
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / 86_400_000));
}

export function humanize(code: string): string {
  return code.toLowerCase().replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** The row's main name: the sub-resource type for a sub-resource row, else the resource type. */
export function rowTitle(r: Pick<UsageRow, 'resource_type' | 'sub_resource_type'>): string {
  return r.sub_resource_type ?? r.resource_type;
}

export function rowDetails(r: UsageRow): string {
  const parts = [r.business_type, humanize(r.charging_mode), humanize(r.resource_source)];
  if (r.sub_resource_type) parts.unshift(`part of ${r.resource_type}`);
  return parts.join(' · ');
}
