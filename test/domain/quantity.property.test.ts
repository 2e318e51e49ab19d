// Property tests: quantities stay exact through parsing, summing and formatting.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_PACKAGE_AMOUNT,
  formatQuantity,
  parseQuantity,
  quantityToJsonNumber,
  sumQuantities,
} from '../../src/domain/quantity.js';

const micros = fc.bigInt({ min: 0n, max: MAX_PACKAGE_AMOUNT });

/** A decimal as a caller writes it: whole part, then 0..6 fractional digits (trailing zeros allowed). */
const decimalText = fc
  .tuple(
    fc.integer({ min: 0, max: 999_999 }),
    fc.array(fc.constantFrom(...'0123456789'), { minLength: 0, maxLength: 6 }),
  )
  .map(([whole, digits]) => ({ whole, fraction: digits.join('') }));

describe('quantity properties', () => {
  it('format then parse gives back the same micros', () => {
    fc.assert(
      fc.property(micros, (m) => {
        expect(parseQuantity(formatQuantity(m), 'q')).toBe(m);
      }),
    );
  });

  it('parse then format gives the canonical text of the same value', () => {
    fc.assert(
      fc.property(decimalText, ({ whole, fraction }) => {
        const text = fraction ? `${whole}.${fraction}` : `${whole}`;
        const canonical = formatQuantity(parseQuantity(text, 'q'));
        expect(canonical).not.toMatch(/\.\d*0$|\.$/);
        expect(parseQuantity(canonical, 'q')).toBe(parseQuantity(text, 'q'));
      }),
    );
  });

  it('the JSON number of a quantity parses back to the same micros', () => {
    fc.assert(
      fc.property(micros, (m) => {
        expect(parseQuantity(quantityToJsonNumber(m), 'q')).toBe(m);
      }),
    );
  });

  it('the JSON number is the number the canonical text reads as, at any magnitude', () => {
    const anyMicros = fc.oneof(micros, fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.bigInt({ min: 2n ** 53n - 5n, max: 2n ** 53n + 5n }));
    fc.assert(
      fc.property(anyMicros, (m) => {
        expect(quantityToJsonNumber(m)).toBe(Number(formatQuantity(m)));
      }),
      { numRuns: 20_000 },
    );
  });

  it('n copies of 0.1 sum to exactly n/10', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000 }), fc.constantFrom<unknown>(0.1, '0.1', '0.100000'), (n, tenth) => {
        const total = sumQuantities(Array.from({ length: n }, () => parseQuantity(tenth, 'q')));
        expect(total * 10n).toBe(BigInt(n) * 1_000_000n);
        expect(quantityToJsonNumber(total)).toBe(n / 10);
      }),
    );
  });

  it('sums of 6-digit decimals are exact', () => {
    fc.assert(
      fc.property(fc.array(decimalText, { maxLength: 50 }), (values) => {
        const parsed = values.map(({ whole, fraction }) =>
          parseQuantity(fraction ? `${whole}.${fraction}` : `${whole}`, 'q'),
        );
        // Independent computation: whole parts and fractional parts summed separately, in millionths.
        let wholes = 0n;
        let millionths = 0n;
        for (const { whole, fraction } of values) {
          wholes += BigInt(whole);
          millionths += BigInt(`${fraction}000000`.slice(0, 6));
        }
        const expected = wholes * 1_000_000n + millionths;
        expect(sumQuantities(parsed)).toBe(expected);
        const text = formatQuantity(expected);
        const [w, f = ''] = text.split('.');
        expect(BigInt(w ?? '') * 1_000_000n + BigInt(f.padEnd(6, '0'))).toBe(expected);
      }),
    );
  });

  it('formatting a difference keeps its sign and magnitude', () => {
    fc.assert(
      fc.property(micros, micros, (a, b) => {
        const diff = formatQuantity(a - b);
        expect(diff.startsWith('-')).toBe(a < b);
        expect(diff.replace(/^-/, '')).toBe(formatQuantity(a < b ? b - a : a - b));
      }),
    );
  });
});
