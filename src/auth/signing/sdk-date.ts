// X-Sdk-Date parsing, formatting and the freshness window (signing.md §1, §4).

export const DEFAULT_WINDOW_MS = 15 * 60 * 1000;
const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Milliseconds since the epoch, or undefined when the text is not a real UTC time in YYYYMMDDTHHMMSSZ form. */
export function parseSdkDate(text: string): number | undefined {
  const m = SDK_DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 20261332 over into the next year; a round trip catches such impossible dates.
  return formatSdkDate(new Date(t)) === text ? t : undefined;
}

export function formatSdkDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function isWithinWindow(signedAt: number, now: Date, windowMs: number): boolean {
  return Math.abs(now.getTime() - signedAt) <= windowMs;
}
