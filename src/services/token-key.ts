// The key user tokens are signed with, derived once per secret box from the master key.
import type { SecretBox } from '../auth/secret-box.js';

const keys = new WeakMap<SecretBox, Buffer>();

export function tokenKey(secretBox: SecretBox): Buffer {
  let key = keys.get(secretBox);
  if (!key) {
    key = secretBox.deriveKey('user-token-signing-v1');
    keys.set(secretBox, key);
  }
  return key;
}
