// Encrypts secret keys at rest with AES-256-GCM: HMAC verification needs the plaintext, so hashing is not an option.
import crypto from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

// Opened secrets are remembered by their exact ciphertext: the credential row is still read on every request
// (revocation stays immediate), but AES-GCM (a tenth of a signed read's CPU) no longer runs on every request.
// Sized for every active credential of a large deployment: an entry is two short strings, ~250 bytes, so
// 100,000 cost ~25 MB. At 10,000 the benchmark's 18,000 active tenants missed two requests in three.
const MAX_CACHED = 100_000;

export class SecretBox {
  // Keyed by the associated data (the access key), with the whole ciphertext as latin1 text (one char per byte):
  // half the memory of keeping a Buffer per entry, and compared as quickly.
  private readonly opened = new Map<string, { sealed: string; plaintext: string }>();

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
    const sealedText = sealed.toString('latin1');
    const cached = this.opened.get(associatedData);
    if (cached !== undefined && cached.sealed === sealedText) return cached.plaintext;
    const plaintext = this.decrypt(sealed, associatedData);
    if (plaintext !== undefined) {
      if (this.opened.size >= MAX_CACHED) this.opened.clear();
      this.opened.set(associatedData, { sealed: sealedText, plaintext });
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
