// Canonical URI from the raw path: per-segment re-encoding, trailing slash, no dot or '//' handling.
import { describe, expect, it } from 'vitest';
import { canonicalUri, decodedSlashUri, nodeLegacyUri, splitTarget } from '../../../src/auth/signing/canonical-uri.js';

describe('canonicalUri', () => {
  it('signs /a and /a/ the same, and keeps / as /', () => {
    expect(canonicalUri('/a')).toBe('/a/');
    expect(canonicalUri('/a/')).toBe('/a/');
    expect(canonicalUri('/')).toBe('/');
  });

  it('does not resolve dot segments or collapse //', () => {
    expect(canonicalUri('/a/./b/../c')).toBe('/a/./b/../c/');
    expect(canonicalUri('/a//b')).toBe('/a//b/');
  });

  it('decodes and re-encodes each segment', () => {
    expect(canonicalUri('/objects/Gr%C3%B6%C3%9Fe~*+,=.png')).toBe('/objects/Gr%C3%B6%C3%9Fe~%2A%2B%2C%3D.png/');
    expect(canonicalUri('/a%7eb/%41')).toBe('/a~b/A/');
  });

  it('keeps an encoded slash inside its segment', () => {
    expect(canonicalUri('/files/a%2Fb')).toBe('/files/a%2Fb/');
  });
});

describe('decodedSlashUri (Python signs a literal / for %2F)', () => {
  it('decodes the whole path before splitting', () => {
    expect(decodedSlashUri('/files/a%2Fb%20c')).toBe('/files/a/b%20c/');
    expect(decodedSlashUri('/files/a%2fb')).toBe('/files/a/b/');
  });

  it('is not built when there is no %2F', () => {
    expect(decodedSlashUri('/files/a%20b')).toBeUndefined();
  });
});

describe('nodeLegacyUri (Node SDK double-encoding bug)', () => {
  it('double-encodes the characters url.parse auto-escapes, nothing else', () => {
    expect(nodeLegacyUri('/o/my%20file%20%C3%BC~*+.txt')).toBe('/o/my%2520file%2520%C3%BC~%2A%2B.txt/');
    expect(nodeLegacyUri("/o/a%22b%27c%7Bd")).toBe('/o/a%2522b%2527c%257Bd/');
  });

  it('is not built when nothing would be double-encoded', () => {
    expect(nodeLegacyUri('/o/Gr%C3%B6%C3%9Fe~*+,=.png')).toBeUndefined();
  });
});

describe('splitTarget', () => {
  it('splits at the first ? without touching either part', () => {
    expect(splitTarget('/a%20b?x=1?y&z')).toEqual({ path: '/a%20b', query: 'x=1?y&z' });
    expect(splitTarget('/a')).toEqual({ path: '/a', query: '' });
    expect(splitTarget('/a?')).toEqual({ path: '/a', query: '' });
  });

  it('drops the authority of an absolute-form target', () => {
    expect(splitTarget('http://example.com:8080/v1/x?a=1')).toEqual({ path: '/v1/x', query: 'a=1' });
    expect(splitTarget('http://example.com')).toEqual({ path: '/', query: '' });
  });
});
