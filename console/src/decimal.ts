// Exact ledger quantities in the browser: the API's numbers have at most 6 decimals, so micro-units as bigint are exact.

const SCALE = 1_000_000n;

/** The API's JSON number as micro-units; toFixed(6) of a number with at most 6 decimals is that decimal exactly. */
export function toMicros(n: number): bigint {
  const [whole, fraction = ''] = Math.abs(n).toFixed(6).split('.');
  const micros = BigInt(whole!) * SCALE + BigInt(fraction.padEnd(6, '0'));
  return n < 0 ? -micros : micros;
}

export function formatMicros(m: bigint): string {
  const sign = m < 0n ? '-' : '';
  const abs = m < 0n ? -m : m;
  const fraction = (abs % SCALE).toString().padStart(6, '0').replace(/0+$/, '');
  return `${sign}${abs / SCALE}${fraction ? `.${fraction}` : ''}`;
}

/** amount - usage, exactly (never 0.30000000000000004). */
export function remaining(amount: number, usage: number): string {
  return formatMicros(toMicros(amount) - toMicros(usage));
}

/** Used share in tenths of a percent, rounded down, so 99.96% never shows as 100%. */
export function permille(amount: number, usage: number): number {
  const a = toMicros(amount);
  if (a <= 0n) return 0;
  return Number((toMicros(usage) * 1000n) / a);
}

export type Level = 'ok' | 'warn' | 'critical';

/** Above 95% used is critical, above 80% a warning; compared exactly, not on a rounded percentage. */
export function level(amount: number, usage: number): Level {
  const a = toMicros(amount);
  const u = toMicros(usage);
  if (a <= 0n) return 'ok';
  if (u * 100n > a * 95n) return 'critical';
  if (u * 100n > a * 80n) return 'warn';
  return 'ok';
}

export function formatPermille(p: number): string {
  return `${Math.floor(p / 10)}.${p % 10}%`;
}
