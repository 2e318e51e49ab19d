// Generates access keys and secret keys in the shape Huawei Cloud issues them.
import crypto from 'node:crypto';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[crypto.randomInt(alphabet.length)];
  return out;
}

/** 20 upper-case alphanumerics, like an IAM AK. */
export function newAccessKey(): string {
  return randomString(UPPER_ALNUM, 20);
}

/** 40 alphanumerics, like an IAM SK (about 238 bits). */
export function newSecretKey(): string {
  return randomString(ALNUM, 40);
}
