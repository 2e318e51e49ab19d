// SecretBox: sealed secrets open only under their own key and access key, and its cache never answers a stale secret.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/auth/secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox(crypto.randomBytes(32));

  it('opens what it sealed, for the same access key only', () => {
    const sealed = box.seal('secret-one', 'AK1');
    expect(box.open(sealed, 'AK1')).toBe('secret-one');
    expect(box.open(sealed, 'AK1')).toBe('secret-one');
    expect(box.open(sealed, 'AK2')).toBeUndefined();
    expect(new SecretBox(crypto.randomBytes(32)).open(sealed, 'AK1')).toBeUndefined();
  });

  it('answers the new secret once a credential is sealed again, not the one it remembered', () => {
    const first = box.seal('before-rotation', 'AK-ROT');
    expect(box.open(first, 'AK-ROT')).toBe('before-rotation');
    const second = box.seal('after-rotation', 'AK-ROT');
    expect(box.open(second, 'AK-ROT')).toBe('after-rotation');
    expect(box.open(first, 'AK-ROT')).toBe('before-rotation');
  });

  it('refuses an altered ciphertext even while the original is remembered', () => {
    const sealed = box.seal('kept-secret', 'AK-TAMPER');
    expect(box.open(sealed, 'AK-TAMPER')).toBe('kept-secret');
    for (const at of [0, 13, sealed.length - 1]) {
      const altered = Buffer.from(sealed);
      altered[at]! ^= 1;
      expect(box.open(altered, 'AK-TAMPER')).toBeUndefined();
    }
    expect(box.open(sealed.subarray(0, sealed.length - 1), 'AK-TAMPER')).toBeUndefined();
    expect(box.open(Buffer.alloc(0), 'AK-TAMPER')).toBeUndefined();
  });
});
