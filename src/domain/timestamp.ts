// Strict RFC 3339 timestamps for inputs (Date.parse alone accepts far too much).
import { invalidParameter } from './errors.js';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

export function parseTimestamp(value: string, field: string): Date {
  const m = RFC3339.exec(value.trim());
  const ms = m ? Date.parse(value.trim().replace(' ', 'T')) : NaN;
  // Date.parse rolls 2026-02-30 over to March; compare the calendar fields back to refuse it.
  if (!m || Number.isNaN(ms) || !sameCalendarDay(m, value.trim())) {
    throw invalidParameter(`${field}: '${value}' is not an RFC 3339 timestamp such as 2026-12-31T23:59:59Z`);
  }
  return new Date(ms);
}

function sameCalendarDay(m: RegExpExecArray, text: string): boolean {
  const [, y, mo, d, h, mi, s] = m;
  const probe = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  return (
    probe.getUTCFullYear() === Number(y) && probe.getUTCMonth() === Number(mo) - 1 && probe.getUTCDate() === Number(d) &&
    Number(h) < 24 && Number(mi) < 60 && Number(s) < 60 && text.length > 0
  );
}

export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/** RFC 3339 in UTC with second precision, the form MetaStudio answers with. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
