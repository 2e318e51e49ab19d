// Exact decimal quantities (package amounts and usage) as bigint micro-units, so ten uses of 0.1 make exactly 1.
import { LedgerError } from './errors.js';

/** One unit is a million micro-units: MetaStudio quantities need at most 6 fractional digits. */
export const QUANTITY_SCALE = 1_000_000n;
const FRACTION_DIGITS = 6;

/** MetaStudio documents amount and usage in 0..1000000 units. */
export const MAX_PACKAGE_AMOUNT = 1_000_000n * QUANTITY_SCALE;

export interface ParseQuantityOptions {
  /** Largest accepted value in micro-units; defaults to MAX_PACKAGE_AMOUNT. */
  max?: bigint;
  /** Zero is accepted unless this is false (a grant or a consumption of 0 is meaningless). */
  allowZero?: boolean;
}

// Plain decimal only: no sign, no exponent, no ".5" or "5." — what operators and JSON numbers write.
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
const EXPONENT = /^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/;
// Longer inputs are either refused anyway or padded with zeros; the cap keeps BigInt work bounded.
const MAX_TEXT_LENGTH = 64;

function refuse(field: string, reason: string, input?: unknown): LedgerError {
  const shown = describeInput(input);
  return new LedgerError('INVALID_PARAMETER', `${field} ${reason}${shown ? `, got ${shown}` : ''}`, {
    field,
  });
}

function describeInput(input: unknown): string {
  if (typeof input === 'number') return String(input);
  if (typeof input !== 'string') return '';
  const cut = input.length > 32 ? `${input.slice(0, 32)}…` : input;
  return JSON.stringify(cut);
}

/**
 * Parses a JS number or a decimal string into micro-units, refusing anything that is not an
 * exact, non-negative quantity with at most 6 fractional digits and within bounds.
 */
export function parseQuantity(input: unknown, field: string, opts: ParseQuantityOptions = {}): bigint {
  const micros = typeof input === 'number' ? numberToMicros(input, field) : stringToMicros(input, field);
  const max = opts.max ?? MAX_PACKAGE_AMOUNT;
  if (micros > max) throw refuse(field, `must be at most ${formatQuantity(max)}`, input);
  if (micros === 0n && opts.allowZero === false) throw refuse(field, 'must be greater than 0', input);
  return micros;
}

function numberToMicros(n: number, field: string): bigint {
  if (!Number.isFinite(n)) throw refuse(field, 'must be a finite number', n);
  // -0 is refused like "-0": a sign on a quantity is always a caller mistake.
  if (n < 0 || Object.is(n, -0)) throw refuse(field, 'must not be negative', n);
  // String(n) is the shortest text that round-trips, i.e. the decimal the caller most likely wrote.
  const text = String(n);
  if (text.includes('e')) {
    // Below 1e-6 a non-zero number always needs more than 6 fractional digits; 1e21 and above are integers.
    if (n < 1) throw refuse(field, `must have at most ${FRACTION_DIGITS} decimal places`, n);
    return BigInt(n) * QUANTITY_SCALE;
  }
  return decimalToMicros(text, field, n);
}

function stringToMicros(input: unknown, field: string): bigint {
  if (typeof input !== 'string') throw refuse(field, 'must be a number or a decimal string');
  if (input.trim() === '') throw refuse(field, 'must not be empty');
  if (input.length > MAX_TEXT_LENGTH) throw refuse(field, `must be at most ${MAX_TEXT_LENGTH} characters`, input);
  if (input.trim() !== input) throw refuse(field, 'must not contain surrounding whitespace', input);
  if (input.startsWith('-')) throw refuse(field, 'must not be negative', input);
  if (EXPONENT.test(input)) throw refuse(field, 'must not use exponent notation', input);
  return decimalToMicros(input, field, input);
}

function decimalToMicros(text: string, field: string, input: unknown): bigint {
  const match = DECIMAL.exec(text);
  if (!match) throw refuse(field, 'must be a decimal number such as 12 or 0.5', input);
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > FRACTION_DIGITS) {
    throw refuse(field, `must have at most ${FRACTION_DIGITS} decimal places`, input);
  }
  return BigInt(whole) * QUANTITY_SCALE + BigInt(fraction.padEnd(FRACTION_DIGITS, '0'));
}

/** Canonical decimal text: no trailing fractional zeros, no exponent ("0.3", "6000", "-1.5"). */
export function formatQuantity(micros: bigint): string {
  const sign = micros < 0n ? '-' : '';
  const abs = micros < 0n ? -micros : micros;
  const whole = abs / QUANTITY_SCALE;
  const fraction = (abs % QUANTITY_SCALE).toString().padStart(FRACTION_DIGITS, '0').replace(/0+$/, '');
  return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
}

const MAX_EXACT_MICROS = 2n ** 53n;
const MICROS_PER_UNIT = Number(QUANTITY_SCALE);

/**
 * The JSON number for the wire (SDKs decode amount/usage as numbers). Going through the decimal
 * text gives the double nearest to the exact value, so 0.1 + 0.1 + 0.1 is sent as 0.3.
 */
export function quantityToJsonNumber(micros: bigint): number {
  // Below 2^53 the division is exact in its inputs and correctly rounded, so it gives that same nearest
  // double without building the text (every row of every usage answer converts two quantities).
  if (micros < MAX_EXACT_MICROS && micros > -MAX_EXACT_MICROS) return Number(micros) / MICROS_PER_UNIT;
  return Number(formatQuantity(micros));
}

export function sumQuantities(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const value of values) total += value;
  return total;
}
