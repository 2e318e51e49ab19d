// Deterministic ids and keys of the generated ledger, so the load generator can sign for any tenant without a lookup.
import crypto from 'node:crypto';
import { hex32, prngU32 } from './package-mix.js';

const SEED = 'tenant-ledger-bench';

function digest(label: string): string {
  return crypto.createHmac('sha256', SEED).update(label).digest('hex');
}

/** 32 hex characters, like a Huawei Cloud project id (a seeded PRNG: an HMAC per project costs seconds at 100k). */
export function projectIdOf(index: number): string {
  return hex32(prngU32(index ^ 0x5bd1e995));
}

/** 20 upper-case alphanumerics, like an IAM access key. */
export function tenantAccessKeyOf(index: number): string {
  return `BT${index.toString(36).toUpperCase().padStart(18, '0')}`;
}

/** 40 alphanumerics, like an IAM secret key. */
export function tenantSecretKeyOf(index: number): string {
  return digest(`sk:${index}`).slice(0, 40);
}

/** The project that holds the producer-service credential used by the write scenarios. */
export const OPERATOR_PROJECT_ID = 'benchoperator'.padEnd(32, '0');
export const SERVICE_ACCESS_KEY = 'BSERVICE000000000001';
export const SERVICE_SECRET_KEY = digest('service').slice(0, 40);

export interface SigningKey {
  accessKey: string;
  secretKey: string;
}

export const serviceKey: SigningKey = { accessKey: SERVICE_ACCESS_KEY, secretKey: SERVICE_SECRET_KEY };

export function tenantKeyOf(index: number): SigningKey & { projectId: string } {
  return { projectId: projectIdOf(index), accessKey: tenantAccessKeyOf(index), secretKey: tenantSecretKeyOf(index) };
}
