// Builds properly AK/SK-signed requests for the scenarios: tenant reads (pre-signed pools) and service writes (signed on demand).
import { signRequest } from '../src/auth/signing/sign.js';
import { serviceKey, tenantKeyOf } from './bench-credentials.js';

export interface SignedRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** GET resources-usage for tenant `index`, signed with its own tenant credential and X-Project-Id, as the SDK sends it. */
export function signedUsageRead(base: string, index: number): SignedRequest {
  const key = tenantKeyOf(index);
  const path = `/v1/${key.projectId}/tenants/resources-usage`;
  const headers = signRequest({ method: 'GET', url: base + path, ...key });
  return { method: 'GET', path, headers };
}

/**
 * `size` reads for random tenants, signed now: signatures stay valid for 15 minutes, so a pool is built per
 * scenario and the load generator spends no CPU on signing while it measures.
 */
export function usageReadPool(base: string, projects: number, size: number, random: () => number): SignedRequest[] {
  return Array.from({ length: size }, () => signedUsageRead(base, Math.floor(random() * projects)));
}

function signedPost(base: string, path: string, payload: unknown): SignedRequest {
  const body = JSON.stringify(payload);
  const headers = signRequest({ method: 'POST', url: base + path, body, ...serviceKey });
  return { method: 'POST', path, headers, body };
}

export interface RecordSpec {
  projectIndex: number;
  recordId: string;
  quantity: string;
}

/** Video minutes: every tenant holds several packages of them, so most records are applied and some are refused. */
export const RECORD_RESOURCE_TYPE = 'video_time_2d_model';

/** POST /admin/v1/projects/{project_id}/usage-records, signed with the producer-service credential. */
export function signedUsageRecord(base: string, spec: RecordSpec): SignedRequest {
  const projectId = tenantKeyOf(spec.projectIndex).projectId;
  return signedPost(base, `/admin/v1/projects/${projectId}/usage-records`, {
    record_id: spec.recordId, resource_type: RECORD_RESOURCE_TYPE, quantity: spec.quantity,
  });
}

/** POST /admin/v1/usage-records:batch with up to 1,000 records of different tenants. */
export function signedUsageBatch(base: string, specs: RecordSpec[]): SignedRequest {
  return signedPost(base, '/admin/v1/usage-records:batch', {
    records: specs.map((s) => ({
      project_id: tenantKeyOf(s.projectIndex).projectId, record_id: s.recordId, resource_type: RECORD_RESOURCE_TYPE,
      quantity: s.quantity,
    })),
  });
}

/** Fresh record ids and small decimal quantities (0.1 to 3.0 minutes) for random tenants. */
export function recordSpecs(projects: number, random: () => number, prefix: string): () => RecordSpec {
  let n = 0;
  return () => ({
    projectIndex: Math.floor(random() * projects),
    recordId: `${prefix}-${(n++).toString(36)}`,
    quantity: (Math.floor(random() * 30 + 1) / 10).toFixed(1),
  });
}
