// Encrypts secret keys at rest with AES-256-GCM: HMAC verification needs the plaintext, so hashing is not an option.
import crypto from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

// Opened secrets are remembered by their exact ciphertext: the credential row is still read on every request
// (revocation stays immediate), but AES-GCM no longer runs on every signed request of the hot path.
const MAX_CACHED = 10_000;

interface Opened {
  sealed: Buffer;
  plaintext: string;
}

export class SecretBox {
  // Keyed by the associated data (the access key) and checked against the whole ciphertext: a byte compare
  // costs less than building a key from the ciphertext on every request.
  private readonly opened = new Map<string, Opened>();

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the master key must be 32 bytes');
  }

  /** iv || tag || ciphertext; the access key is bound as associated data so ciphertexts cannot be swapped between keys. */
  seal(plaintext: string, associatedData: string): Buffer {
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  /**
   * A 32-byte key for another purpose (e.g. signing user tokens), derived from the master key with HKDF so
   * every server sharing the master key derives the same one and the master key itself is never used twice.
   */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(crypto.hkdfSync('sha256', this.key, 'tenant-ledger', purpose, 32));
  }

  /** Returns undefined when the ciphertext was made under another master key or was altered. */
  open(sealed: Buffer, associatedData: string): string | undefined {
    const cached = this.opened.get(associatedData);
    if (cached !== undefined && cached.sealed.equals(sealed)) return cached.plaintext;
    const plaintext = this.decrypt(sealed, associatedData);
    if (plaintext !== undefined) {
      if (this.opened.size >= MAX_CACHED) this.opened.clear();
      // A copy: the caller's buffer may be reused or changed after this call.
      this.opened.set(associatedData, { sealed: Buffer.from(sealed), plaintext });
    }
    return plaintext;
  }

  private decrypt(sealed: Buffer, associatedData: string): string | undefined {
    if (sealed.length < IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
