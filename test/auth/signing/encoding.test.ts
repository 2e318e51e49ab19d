// The percent-encoding rule: only A-Z a-z 0-9 - _ . ~ stay, everything else is %XX of its UTF-8 bytes.
import { describe, expect, it } from 'vitest';
import { canonicalComponent, encodeBytes, isUnreservedOnly, percentDecode } from '../../../src/auth/signing/encoding.js';

const enc = (s: string) => encodeBytes(Buffer.from(s, 'utf8'));

describe('encodeBytes', () => {
  it('leaves unreserved characters alone', () => {
    expect(enc('AZaz09-_.~')).toBe('AZaz09-_.~');
  });

  it('encodes space as %20 (never +), and * , + with upper-case hex', () => {
    expect(enc(' ')).toBe('%20');
    expect(enc('*')).toBe('%2A');
    expect(enc(',')).toBe('%2C');
    expect(enc('+')).toBe('%2B');
    expect(enc("!'()/:=&?#[]@$;%")).toBe('%21%27%28%29%2F%3A%3D%26%3F%23%5B%5D%40%24%3B%25');
  });

  it('encodes every byte of multi-byte UTF-8', () => {
    expect(enc('ü')).toBe('%C3%BC');
    expect(enc('€')).toBe('%E2%82%AC');
    expect(enc('😀')).toBe('%F0%9F%98%80');
  });

  it('encodes control bytes and 0xFF', () => {
    expect(encodeBytes(Uint8Array.of(0, 0x0a, 0x7f, 0xff))).toBe('%00%0A%7F%FF');
  });
});

describe('percentDecode', () => {
  it('decodes upper- and lower-case escapes to bytes', () => {
    expect(percentDecode('%c3%BC%2a', false).toString('utf8')).toBe('ü*');
  });

  it('reads + as space only when asked (query, not path)', () => {
    expect(percentDecode('a+b', true).toString()).toBe('a b');
    expect(percentDecode('a+b', false).toString()).toBe('a+b');
    expect(percentDecode('a%2Bb', true).toString()).toBe('a+b');
  });

  it('keeps a % that does not start a valid escape', () => {
    expect(percentDecode('100%', false).toString()).toBe('100%');
    expect(percentDecode('%zz%4', false).toString()).toBe('%zz%4');
  });

  it('takes literal non-ASCII characters as their UTF-8 bytes', () => {
    expect([...percentDecode('é', false)]).toEqual([0xc3, 0xa9]);
  });
});

describe('canonicalComponent', () => {
  it('normalises different spellings of the same bytes to one form', () => {
    expect(canonicalComponent('%7e%2a', false)).toBe('~%2A');
    expect(canonicalComponent('~*', false)).toBe('~%2A');
    expect(canonicalComponent('a%20b', true)).toBe('a%20b');
    expect(canonicalComponent('a+b', true)).toBe('a%20b');
  });

  it('does not double-encode escapes', () => {
    expect(canonicalComponent('my%20file', false)).toBe('my%20file');
    expect(canonicalComponent('100%25', false)).toBe('100%25');
  });

  it('recognises unreserved-only text', () => {
    expect(isUnreservedOnly('abc-1.2_~')).toBe(true);
    expect(isUnreservedOnly('a b')).toBe(false);
    expect(isUnreservedOnly('ü')).toBe(false);
  });
});
