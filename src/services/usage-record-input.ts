// Validates a usage record's input against the catalog and turns it into what the ledger stores.
import crypto from 'node:crypto';
import { invalidParameter } from '../domain/errors.js';
import { parseQuantity } from '../domain/quantity.js';
import { parseTimestamp } from '../domain/timestamp.js';
import type { ServiceContext } from './context.js';

export interface UsageRecordInput {
  projectId: string;
  recordId: unknown;
  resourceType: unknown;
  quantity: unknown;
  businessType?: unknown;
  subResourceType?: unknown;
  occurredAt?: unknown;
}

export interface ValidRecord {
  projectId: string;
  recordId: string;
  resourceType: string;
  businessType: string;
  subResourceType: string | null;
  quantity: bigint;
  occurredAt: Date;
  fingerprint: string;
}

// Printable ASCII: the key travels in URLs and logs, so no control characters.
const RECORD_ID = /^[\x21-\x7e][\x20-\x7e]{0,126}[\x21-\x7e]$|^[\x21-\x7e]$/;
// Late records are accepted for a while (a worker retrying after an outage), records from the future barely.
const MAX_PAST_MS = 31 * 24 * 3600 * 1000;
const MAX_FUTURE_MS = 5 * 60 * 1000;

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') throw invalidParameter(`${field}: must be a non-empty string`);
  return value;
}

export function validateRecord(ctx: ServiceContext, input: UsageRecordInput): ValidRecord {
  if (typeof input.recordId !== 'string' || !RECORD_ID.test(input.recordId)) {
    throw invalidParameter('record_id: must be 1-128 printable characters without leading or trailing spaces');
  }
  if (typeof input.resourceType !== 'string') throw invalidParameter('resource_type: required');
  const def = ctx.catalog.resolve(input.resourceType, optionalString(input.businessType, 'business_type'));
  const subResourceType = optionalString(input.subResourceType, 'sub_resource_type') ?? null;
  if (subResourceType !== null && !def.bundle?.some((p) => p.subResourceType === subResourceType)) {
    throw invalidParameter(`sub_resource_type: '${subResourceType}' is not a sub-resource of ${def.name}`);
  }
  const quantity = parseQuantity(input.quantity, 'quantity', { allowZero: false });
  const givenTime = optionalString(input.occurredAt, 'occurred_at');
  const now = ctx.clock();
  const occurredAt = givenTime ? parseTimestamp(givenTime, 'occurred_at') : now;
  if (occurredAt.getTime() < now.getTime() - MAX_PAST_MS || occurredAt.getTime() > now.getTime() + MAX_FUTURE_MS) {
    throw invalidParameter('occurred_at: must lie between 31 days ago and 5 minutes from now');
  }
  const fingerprint = crypto.createHash('sha256')
    .update(JSON.stringify([def.name, def.businessType, subResourceType, quantity.toString(), givenTime ? occurredAt.getTime() : null]))
    .digest('hex');
  return {
    projectId: input.projectId, recordId: input.recordId, resourceType: def.name, businessType: def.businessType,
    subResourceType, quantity, occurredAt, fingerprint,
  };
}
