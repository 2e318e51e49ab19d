// HMAC-SHA256 (RFC 2104) from two one-shot hashes: a Hmac object costs several times more on every signed request.
import crypto from 'node:crypto';

const BLOCK = 64;
// crypto.hash arrived in Node 20.12; before it, Node's own Hmac does the same work.
const oneShotHash = typeof crypto.hash === 'function';

/** A key ready for hmacSha256: the two padded key blocks, made once per signing context. */
export interface HmacKey {
  inner: Buffer;
  outer: Buffer;
  raw: Buffer;
}

export function hmacKey(key: Buffer): HmacKey {
  // Keys longer than a block are hashed first; shorter ones are padded with zeros (RFC 2104 §2).
  const block = Buffer.alloc(BLOCK);
  (key.length > BLOCK ? crypto.createHash('sha256').update(key).digest() : key).copy(block);
  const inner = Buffer.allocUnsafe(BLOCK);
  const outer = Buffer.allocUnsafe(BLOCK);
  for (let i = 0; i < BLOCK; i++) {
    inner[i] = block[i]! ^ 0x36;
    outer[i] = block[i]! ^ 0x5c;
  }
  return { inner, outer, raw: key };
}

/** HMAC-SHA256 of the UTF-8 bytes of `message`, as createHmac(...).update(message): H(outer || H(inner || message)). */
export function hmacSha256(key: HmacKey, message: string): Buffer {
  if (!oneShotHash) return crypto.createHmac('sha256', key.raw).update(message).digest();
  const first = Buffer.allocUnsafe(BLOCK + Buffer.byteLength(message));
  key.inner.copy(first, 0);
  first.write(message, BLOCK);
  const second = Buffer.allocUnsafe(BLOCK + 32);
  key.outer.copy(second, 0);
  (crypto.hash('sha256', first, 'buffer') as unknown as Buffer).copy(second, BLOCK);
  return crypto.hash('sha256', second, 'buffer') as unknown as Buffer;
}
