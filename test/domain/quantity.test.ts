// Edge cases of exact quantity parsing and formatting.
import { describe, expect, it } from 'vitest';
import { LedgerError } from '../../src/domain/errors.js';
import {
  MAX_PACKAGE_AMOUNT,
  QUANTITY_SCALE,
  formatQuantity,
  parseQuantity,
  quantityToJsonNumber,
  sumQuantities,
} from '../../src/domain/quantity.js';

function refusal(input: unknown, opts?: Parameters<typeof parseQuantity>[2]): LedgerError {
  try {
    parseQuantity(input, 'amount', opts);
  } catch (err) {
    expect(err).toBeInstanceOf(LedgerError);
    return err as LedgerError;
  }
  throw new Error(`expected ${String(input)} to be refused`);
}

describe('parseQuantity', () => {
  it.each([
    ['12', 12_000_000n],
    ['0.5', 500_000n],
    ['100.250000', 100_250_000n],
    ['0.000001', 1n],
    ['0', 0n],
    ['0.0', 0n],
    ['007', 7_000_000n],
    ['1000000', MAX_PACKAGE_AMOUNT],
    [12, 12_000_000n],
    [0.1, 100_000n],
    [100.5, 100_500_000n],
    [0.000001, 1n],
    [1e-6, 1n],
    [1_000_000, MAX_PACKAGE_AMOUNT],
    [0, 0n],
  ])('accepts %j as %s micros', (input, micros) => {
    expect(parseQuantity(input, 'amount')).toBe(micros);
  });

  it.each([
    ['0.1234567', 'decimal places'],
    ['1.0000000', 'decimal places'],
    [1e-7, 'decimal places'],
    [0.30000000000000004, 'decimal places'],
    [0.0000015, 'decimal places'],
    ['-1', 'negative'],
    ['-0', 'negative'],
    ['-0.0', 'negative'],
    [-1, 'negative'],
    [-0, 'negative'],
    [Number.NaN, 'finite'],
    [Number.POSITIVE_INFINITY, 'finite'],
    [Number.NEGATIVE_INFINITY, 'finite'],
    ['1e3', 'exponent'],
    ['1E-3', 'exponent'],
    ['2.5e+2', 'exponent'],
    ['', 'empty'],
    ['   ', 'empty'],
    [' 1', 'whitespace'],
    ['1\n', 'whitespace'],
    ['abc', 'decimal number'],
    ['1.', 'decimal number'],
    ['.5', 'decimal number'],
    ['+5', 'decimal number'],
    ['1,5', 'decimal number'],
    ['0x10', 'decimal number'],
    ['NaN', 'decimal number'],
    ['Infinity', 'decimal number'],
    [true, 'number or a decimal string'],
    [false, 'number or a decimal string'],
    [null, 'number or a decimal string'],
    [undefined, 'number or a decimal string'],
    [{}, 'number or a decimal string'],
    [[1], 'number or a decimal string'],
    [10n, 'number or a decimal string'],
    ['1000000.000001', 'at most 1000000'],
    [1_000_001, 'at most 1000000'],
    [1e21, 'at most 1000000'],
    [Number.MAX_VALUE, 'at most 1000000'],
    ['9'.repeat(30), 'at most 1000000'],
    ['0'.repeat(100), 'characters'],
  ])('refuses %o (%s)', (input, reason) => {
    const err = refusal(input);
    expect(err.code).toBe('INVALID_PARAMETER');
    expect(err.message).toContain('amount');
    expect(err.message).toContain(reason);
    expect(err.details).toEqual({ field: 'amount' });
  });

  it('names the field it was given', () => {
    expect(() => parseQuantity('x', 'quantity')).toThrow(/^quantity /);
  });

  it('applies a custom max, inclusive', () => {
    expect(parseQuantity('5', 'amount', { max: 5n * QUANTITY_SCALE })).toBe(5_000_000n);
    expect(refusal('5.000001', { max: 5n * QUANTITY_SCALE }).message).toContain('at most 5');
  });

  it('allows a max above the default for large numbers', () => {
    expect(parseQuantity(1e21, 'amount', { max: 10n ** 30n })).toBe(10n ** 21n * QUANTITY_SCALE);
  });

  it('refuses zero only when allowZero is false', () => {
    expect(parseQuantity('0', 'amount', { allowZero: true })).toBe(0n);
    expect(refusal('0', { allowZero: false }).message).toContain('greater than 0');
    expect(refusal(0, { allowZero: false }).message).toContain('greater than 0');
    expect(refusal('0.000000', { allowZero: false }).message).toContain('greater than 0');
    expect(parseQuantity('0.000001', 'amount', { allowZero: false })).toBe(1n);
  });
});

describe('formatQuantity', () => {
  it.each([
    [300_000n, '0.3'],
    [6_000_000_000n, '6000'],
    [100_500_000n, '100.5'],
    [1n, '0.000001'],
    [0n, '0'],
    [-1_500_000n, '-1.5'],
    [-1n, '-0.000001'],
    [123_456_789n, '123.456789'],
    [MAX_PACKAGE_AMOUNT, '1000000'],
    [10n ** 30n, '1000000000000000000000000'],
  ])('formats %s micros as %s', (micros, text) => {
    expect(formatQuantity(micros)).toBe(text);
  });
});

describe('quantityToJsonNumber', () => {
  it('gives 0.3 for three packages of 0.1', () => {
    const tenth = parseQuantity(0.1, 'amount');
    expect(quantityToJsonNumber(sumQuantities([tenth, tenth, tenth]))).toBe(0.3);
    expect(0.1 + 0.1 + 0.1).not.toBe(0.3); // the drift this module exists to avoid
  });

  it.each([
    [6_000_000_000n, 6000],
    [100_500_000n, 100.5],
    [0n, 0],
    [-1_500_000n, -1.5],
  ])('converts %s micros to %s', (micros, n) => {
    expect(quantityToJsonNumber(micros)).toBe(n);
  });

  it('never produces -0', () => {
    expect(Object.is(quantityToJsonNumber(0n), 0)).toBe(true);
  });
});

describe('sumQuantities', () => {
  it('sums any iterable, including an empty one and negatives', () => {
    expect(sumQuantities([])).toBe(0n);
    expect(sumQuantities(new Set([1n, 2n, 3n]))).toBe(6n);
    expect(sumQuantities([5n, -7n])).toBe(-2n);
    function* gen(): Generator<bigint> {
      yield 100_000n;
      yield 200_000n;
    }
    expect(formatQuantity(sumQuantities(gen()))).toBe('0.3');
  });
});
