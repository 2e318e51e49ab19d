// Request ids in Huawei's form: 32 lower-case hex characters.
import crypto from 'node:crypto';

export function newRequestId(): string {
  return crypto.randomBytes(16).toString('hex');
}
