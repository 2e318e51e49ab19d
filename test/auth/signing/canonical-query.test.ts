// Canonical query from the raw query string, and the Java SDK orderings and opt-in duplicate-key bug.
import { describe, expect, it } from 'vitest';
import { canonicalQuery, parseQuery } from '../../../src/auth/signing/canonical-query.js';
import { javaDuplicateKeyQuery, javaQueryOrderings } from '../../../src/auth/signing/java-query-variants.js';

const canon = (q: string) => canonicalQuery(parseQuery(q));

describe('canonicalQuery', () => {
  it('is empty without a query', () => {
    expect(canon('')).toBe('');
  });

  it('reads a bare key as key= (Go sends empty values that way)', () => {
    expect(canon('marker&limit=10')).toBe('limit=10&marker=');
    expect(canon('marker=&limit=10')).toBe('limit=10&marker=');
  });

  it('gives one pair per value of a repeated key, values sorted by bytes', () => {
    expect(canon('tags=zeta&tags=Mid&tags=alpha')).toBe('tags=Mid&tags=alpha&tags=zeta');
  });

  it('reads + as a space and a literal plus from %2B', () => {
    expect(canon('q=a+b&r=a%2Bb')).toBe('q=a%20b&r=a%2Bb');
  });

  it('drops empty pieces and splits at the first =', () => {
    expect(canon('&&a=b=c&&')).toBe('a=b%3Dc');
  });

  it('ignores the order on the wire', () => {
    expect(canon('b=2&a=1&c=3')).toBe(canon('c=3&a=1&b=2'));
  });

  it('sorts by decoded bytes, not by encoded text', () => {
    // decoded ':' (0x3A) sorts after '0' (0x30); encoded '%3A' would sort before '0'
    expect(canon('a%3Ab=1&a0=2')).toBe('a0=2&a%3Ab=1');
    expect(canon('k=%7B&k=a')).toBe('k=a&k=%7B');
  });

  it('normalises encodings', () => {
    expect(canon('n=~%7e*%2a')).toBe('n=~~%2A%2A');
  });
});

describe('javaQueryOrderings', () => {
  const variants = (q: string) => {
    const pairs = parseQuery(q);
    return javaQueryOrderings(pairs, canonicalQuery(pairs));
  };

  it('adds repeated values in received order', () => {
    expect(variants('tags=zeta&tags=alpha')).toEqual(['tags=zeta&tags=alpha']);
  });

  it('adds keys sorted by their encoded form', () => {
    expect(variants('a%3Ab=1&a0=2')).toEqual(['a%3Ab=1&a0=2']);
  });

  it('adds nothing when every ordering agrees', () => {
    expect(variants('a=1&b=2&b=3')).toEqual([]);
    expect(variants('only=1')).toEqual([]);
  });
});

describe('javaDuplicateKeyQuery', () => {
  const quirk = (q: string) => javaDuplicateKeyQuery(q, parseQuery(q));

  it('signs a key whose raw form differs from its encoded form twice', () => {
    expect(quirk('a+b=1&c=2')).toBe('a%20b=1&a+b=1&c=2');
    expect(quirk('x:y=v')).toBe('x%3Ay=v&x:y=v');
  });

  it('is undefined when the raw keys already are canonical', () => {
    expect(quirk('a%20b=1&c=2')).toBeUndefined();
    expect(quirk('a=1&a=2')).toBeUndefined();
  });
});
