// X-Sdk-Date parsing, formatting and the freshness window (signing.md §1, §4).

export const DEFAULT_WINDOW_MS = 15 * 60 * 1000;

/** The value of `length` ASCII digits of `text` from `start`, or -1 if any is not 0-9 (like the regex's \d). */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Milliseconds since the epoch, or undefined when the text is not a real UTC time in YYYYMMDDTHHMMSSZ form.
 * Every signed request parses one, so it is read digit by digit: a regex, Date.UTC and a toISOString round trip
 * cost several µs. The fields are range-checked instead of round-tripped; years below 100 stay refused, as
 * Date.UTC reads them as 19xx and the round trip used to refuse them.
 */
export function parseSdkDate(text: string): number | undefined {
  if (text.length !== 16 || text.charCodeAt(8) !== 0x54 /* T */ || text.charCodeAt(15) !== 0x5a /* Z */) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 4, 2);
  const day = digits(text, 6, 2);
  const hour = digits(text, 9, 2);
  const minute = digits(text, 11, 2);
  const second = digits(text, 13, 2);
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

export function formatSdkDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function isWithinWindow(signedAt: number, now: Date, windowMs: number): boolean {
  return Math.abs(now.getTime() - signedAt) <= windowMs;
}
