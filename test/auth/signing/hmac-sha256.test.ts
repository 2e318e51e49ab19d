// The one-shot HMAC-SHA256 must equal Node's Hmac for every key length and message, ASCII or not.
import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacKey, hmacSha256 } from '../../../src/auth/signing/hmac-sha256.js';

const reference = (key: Buffer, message: string) => crypto.createHmac('sha256', key).update(message).digest('hex');

describe('hmacSha256', () => {
  it('matches RFC 4231 test case 2 (a key shorter than a block)', () => {
    expect(hmacSha256(hmacKey(Buffer.from('Jefe')), 'what do ya want for nothing?').toString('hex'))
      .toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('matches RFC 4231 test case 6 (a 131-byte key, hashed first)', () => {
    expect(hmacSha256(hmacKey(Buffer.alloc(131, 0xaa)), 'Test Using Larger Than Block-Size Key - Hash Key First').toString('hex'))
      .toBe('60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54');
  });

  it('equals Node\'s Hmac at the block-size edges and for any key and message', () => {
    for (const length of [0, 1, 31, 32, 63, 64, 65, 128, 200]) {
      const key = crypto.randomBytes(length);
      expect(hmacSha256(hmacKey(key), 'SDK-HMAC-SHA256\n20261127T101500Z\nabc').toString('hex')).toBe(reference(key, 'SDK-HMAC-SHA256\n20261127T101500Z\nabc'));
    }
    fc.assert(fc.property(fc.uint8Array({ maxLength: 150 }), fc.string({ unit: 'binary', maxLength: 300 }), (key, message) => {
      const k = Buffer.from(key);
      expect(hmacSha256(hmacKey(k), message).toString('hex')).toBe(reference(k, message));
    }), { numRuns: 500 });
  });
});
