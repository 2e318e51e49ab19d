// X-Sdk-Date parsing: the digit-by-digit parser accepts exactly what the regex + round-trip definition accepts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSdkDate, parseSdkDate } from '../../../src/auth/signing/sdk-date.js';

/** The definition the fast parser replaced: the signing.md pattern, then a round trip to refuse impossible dates. */
function referenceParse(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  return formatSdkDate(new Date(t)) === text ? t : undefined;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Field values around and beyond their limits, so both accepted and refused dates come up often. */
const nearlyValidDate = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }),
  )
  .map(([y, mo, d, h, mi, s]) => `${pad(y, 4)}${pad(mo, 2)}${pad(d, 2)}T${pad(h, 2)}${pad(mi, 2)}${pad(s, 2)}Z`);

const plausibleDate = fc
  .tuple(
    fc.integer({ min: 1900, max: 2400 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 28, max: 31 }),
    fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }),
  )
  .map(([y, mo, d, h, mi, s]) => `${pad(y, 4)}${pad(mo, 2)}${pad(d, 2)}T${pad(h, 2)}${pad(mi, 2)}${pad(s, 2)}Z`);

const scrambled = fc.string({ unit: fc.constantFrom(...'0123456789TZtz -:\u0660'), minLength: 14, maxLength: 18 });

describe('parseSdkDate', () => {
  it.each([
    ['20261126T123451Z', Date.UTC(2026, 10, 26, 12, 34, 51)],
    ['20240229T000000Z', Date.UTC(2024, 1, 29)],
    ['20000229T235959Z', Date.UTC(2000, 1, 29, 23, 59, 59)],
    ['01000101T000000Z', Date.UTC(100, 0, 1)],
  ])('%s is a real time', (text, expected) => {
    expect(parseSdkDate(text)).toBe(expected);
  });

  it.each([
    '20261332T123451Z', '20261126T246051Z', '20230229T000000Z', '21000229T000000Z', '20261131T000000Z',
    '20261126T126000Z', '20261126T123460Z', '00500101T000000Z', '20261126T123451', '20261126t123451z',
    '2026-11-26T12:34:51Z', ' 20261126T123451Z', '20261126T123451Z\n', '2026112６T123451Z', '',
  ])('%j is refused', (text) => {
    expect(parseSdkDate(text)).toBeUndefined();
  });

  it('agrees with the regex and round-trip definition', () => {
    fc.assert(fc.property(fc.oneof(nearlyValidDate, plausibleDate, scrambled), (text) => {
      expect(parseSdkDate(text)).toBe(referenceParse(text));
    }), { numRuns: 20_000 });
  });
});
