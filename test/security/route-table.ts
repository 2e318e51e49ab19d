// Every route the server has, with who may call it and a request that would succeed for the right caller.
// A route missing here fails the security suite: adding a route means deciding its access here.
import type { World } from './world.js';
import { PASSWORD, VIDEO } from './world.js';

/**
 * public: no credential needed.
 * tenant-read: any credential or token of the project (admins anywhere); no weaker role exists.
 * metering: service or admin; a tenant is too weak.
 * allocation: admin, or the service provider's own tenant credential; a service credential is too weak.
 * admin: admin credentials and admin users only.
 * token-check: any caller, for tokens of its own project (admins: any).
 */
export type Access = 'public' | 'tenant-read' | 'metering' | 'allocation' | 'admin' | 'token-check';

export interface SampleRequest {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteSpec {
  method: string;
  url: string;
  access: Access;
  /** A request that the right caller could make (so a refusal is down to the caller alone). */
  sample(w: World): SampleRequest;
}

const grantBody = { resource_type: VIDEO, amount: '5' };

export const routeTable: RouteSpec[] = [
  // Tenant API (MetaStudio)
  { method: 'GET', url: '/v1/:project_id/tenants/resources-usage', access: 'tenant-read', sample: (w) => ({ path: `/v1/${w.a}/tenants/resources-usage` }) },
  { method: 'GET', url: '/v1/:project_id/tenants/resources', access: 'tenant-read', sample: (w) => ({ path: `/v1/${w.a}/tenants/resources?resource_source=PURCHASED` }) },
  { method: 'GET', url: '/v1/:project_id/tenants/resources-count', access: 'tenant-read', sample: (w) => ({ path: `/v1/${w.a}/tenants/resources-count` }) },
  { method: 'GET', url: '/v1/:project_id/tenants/resource/assignrecourd', access: 'tenant-read', sample: (w) => ({ path: `/v1/${w.a}/tenants/resource/assignrecourd` }) },
  { method: 'GET', url: '/v1/:project_id/tenants/usage-daily', access: 'tenant-read', sample: (w) => ({ path: `/v1/${w.a}/tenants/usage-daily` }) },

  // Metering
  {
    method: 'POST', url: '/admin/v1/projects/:project_id/usage-records', access: 'metering',
    sample: (w) => ({ path: `/admin/v1/projects/${w.a}/usage-records`, body: { record_id: 'sec-1', resource_type: VIDEO, quantity: 1 } }),
  },
  {
    method: 'POST', url: '/admin/v1/usage-records::batch', access: 'metering',
    sample: (w) => ({ path: '/admin/v1/usage-records:batch', body: { records: [{ project_id: w.a, record_id: 'sec-2', resource_type: VIDEO, quantity: 1 }] } }),
  },
  {
    method: 'POST', url: '/admin/v1/projects/:project_id/usage-records/:record_id/reversal', access: 'metering',
    sample: (w) => ({ path: `/admin/v1/projects/${w.a}/usage-records/${w.recordId}/reversal` }),
  },
  { method: 'GET', url: '/admin/v1/projects/:project_id/usage-records', access: 'metering', sample: (w) => ({ path: `/admin/v1/projects/${w.a}/usage-records` }) },

  // Admin
  { method: 'POST', url: '/admin/v1/projects', access: 'admin', sample: () => ({ path: '/admin/v1/projects', body: { project_id: 'sec-new-project' } }) },
  { method: 'GET', url: '/admin/v1/projects', access: 'admin', sample: () => ({ path: '/admin/v1/projects' }) },
  { method: 'GET', url: '/admin/v1/projects/:project_id', access: 'admin', sample: (w) => ({ path: `/admin/v1/projects/${w.a}` }) },
  { method: 'PATCH', url: '/admin/v1/projects/:project_id', access: 'admin', sample: (w) => ({ path: `/admin/v1/projects/${w.a}`, body: { name: 'renamed' } }) },
  { method: 'POST', url: '/admin/v1/projects/:project_id/credentials', access: 'admin', sample: (w) => ({ path: `/admin/v1/projects/${w.a}/credentials`, body: { role: 'admin' } }) },
  { method: 'DELETE', url: '/admin/v1/credentials/:access_key', access: 'admin', sample: (w) => ({ path: `/admin/v1/credentials/${w.cred.spare.accessKey}` }) },
  { method: 'POST', url: '/admin/v1/projects/:project_id/packages', access: 'admin', sample: (w) => ({ path: `/admin/v1/projects/${w.a}/packages`, body: grantBody }) },
  { method: 'GET', url: '/admin/v1/projects/:project_id/packages', access: 'admin', sample: (w) => ({ path: `/admin/v1/projects/${w.a}/packages` }) },
  {
    method: 'PATCH', url: '/admin/v1/projects/:project_id/packages/:resource_id', access: 'admin',
    sample: (w) => ({ path: `/admin/v1/projects/${w.a}/packages/${w.resourceId}`, body: { status: 1 } }),
  },
  { method: 'GET', url: '/admin/v1/projects/:project_id/journal', access: 'admin', sample: (w) => ({ path: `/admin/v1/projects/${w.a}/journal` }) },
  { method: 'GET', url: '/admin/v1/audit', access: 'admin', sample: (w) => ({ path: `/admin/v1/audit?project_id=${w.a}` }) },

  // Service-provider allocations
  {
    method: 'POST', url: '/admin/v1/projects/:project_id/allocations', access: 'allocation',
    sample: (w) => ({ path: `/admin/v1/projects/${w.a}/allocations`, body: { customer_project_id: w.b, resource_id: w.resourceId, amount: '1' } }),
  },
  { method: 'GET', url: '/admin/v1/projects/:project_id/allocations', access: 'tenant-read', sample: (w) => ({ path: `/admin/v1/projects/${w.a}/allocations` }) },
  {
    method: 'POST', url: '/admin/v1/projects/:project_id/allocations/:allocation_id/reclaim', access: 'allocation',
    sample: (w) => ({ path: `/admin/v1/projects/${w.a}/allocations/no-such-allocation/reclaim` }),
  },

  // IAM tokens
  {
    method: 'POST', url: '/v3/auth/tokens', access: 'public',
    sample: (w) => ({
      path: '/v3/auth/tokens',
      body: { auth: { identity: { methods: ['password'], password: { user: { name: 'alice', password: PASSWORD, domain: { name: w.a } } } } } },
    }),
  },
  { method: 'GET', url: '/v3/auth/tokens', access: 'token-check', sample: (w) => ({ path: '/v3/auth/tokens', headers: { 'x-subject-token': w.token.tenantA } }) },

  // Operations, documentation and console: public by design (no tenant data; /metrics is documented to stay on a private address).
  { method: 'GET', url: '/healthz', access: 'public', sample: () => ({ path: '/healthz' }) },
  { method: 'GET', url: '/readyz', access: 'public', sample: () => ({ path: '/readyz' }) },
  { method: 'GET', url: '/metrics', access: 'public', sample: () => ({ path: '/metrics' }) },
  { method: 'GET', url: '/openapi.json', access: 'public', sample: () => ({ path: '/openapi.json' }) },
  { method: 'GET', url: '/docs', access: 'public', sample: () => ({ path: '/docs' }) },
  { method: 'GET', url: '/docs/init.js', access: 'public', sample: () => ({ path: '/docs/init.js' }) },
  { method: 'GET', url: '/docs/swagger-ui.css', access: 'public', sample: () => ({ path: '/docs/swagger-ui.css' }) },
  { method: 'GET', url: '/docs/swagger-ui-bundle.js', access: 'public', sample: () => ({ path: '/docs/swagger-ui-bundle.js' }) },
  { method: 'GET', url: '/docs/favicon-32x32.png', access: 'public', sample: () => ({ path: '/docs/favicon-32x32.png' }) },
  { method: 'GET', url: '/console', access: 'public', sample: () => ({ path: '/console' }) },
  { method: 'GET', url: '/console/catalog.json', access: 'public', sample: () => ({ path: '/console/catalog.json' }) },
  { method: 'GET', url: '/console/:asset', access: 'public', sample: () => ({ path: '/console/console.css' }) },
];

export const routeKey = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
