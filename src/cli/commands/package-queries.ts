// tenant-ledger package list|expiring: the tenant resource list and expiring counts, as the tenant API answers them.
import type { Command } from 'commander';
import { resourceSources } from '../../domain/enums.js';
import { parseListParam } from '../../domain/list-param.js';
import { operatorContext } from '../../runtime.js';
import { countExpiringResources } from '../../services/count-expiring-resources.js';
import { listTenantResources } from '../../services/list-tenant-resources.js';
import { toResourceItemInfo, toResourcesCountInfo } from '../../wire/tenant-resources.js';
import { printJson } from '../output.js';
import { withRuntime } from '../with-runtime.js';

interface ListFlags {
  db?: string;
  source: string;
  resource?: string;
  business?: string;
  resourceId?: string;
  orderId?: string;
  chargingMode?: string;
  subResource?: string;
  status?: string;
  expiresFrom?: string;
  expiresTo?: string;
  limit: string;
  offset: string;
}

const list = (value: string | undefined, name: string) => parseListParam(value, name);

export function registerPackageQueries(pkg: Command): void {
  pkg
    .command('list <project_id>')
    .description('the tenant resource list (GET .../tenants/resources): ONE_TIME and PERIODIC packages, expired and frozen included')
    // The API requires resource_source; at a terminal "all of them" is the useful default.
    .option('--source <sources>', 'comma-separated resource sources', resourceSources.join(','))
    .option('--resource <types>', 'comma-separated resource types')
    .option('--business <types>', 'comma-separated business types')
    .option('--resource-id <ids>', 'comma-separated resource ids')
    .option('--order-id <ids>', 'comma-separated order ids')
    .option('--charging-mode <modes>', 'ONE_TIME | PERIODIC (comma-separated)')
    .option('--sub-resource <types>', 'comma-separated sub-resource types (Flexus parts)')
    .option('--status <0|1>', '0 normal, 1 frozen')
    .option('--expires-from <time>', 'RFC 3339, inclusive')
    .option('--expires-to <time>', 'RFC 3339, inclusive')
    .option('--limit <n>', 'page size (1-100)', '10')
    .option('--offset <n>', 'rows to skip', '0')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (projectId: string, f: ListFlags) => {
      await withRuntime(f, async (rt) => {
        const { total, packages } = await listTenantResources(operatorContext(rt), {
          projectId, resourceSources: list(f.source, 'source'), resourceTypes: list(f.resource, 'resource'),
          businessTypes: list(f.business, 'business'), resourceIds: list(f.resourceId, 'resource-id'),
          orderIds: list(f.orderId, 'order-id'), chargingModes: list(f.chargingMode, 'charging-mode'),
          subResourceTypes: list(f.subResource, 'sub-resource'), status: f.status, expireStart: f.expiresFrom,
          expireEnd: f.expiresTo, limit: f.limit, offset: f.offset,
        });
        printJson({ count: total, resources: packages.map(toResourceItemInfo) });
      });
    });

  pkg
    .command('expiring <project_id>')
    .description('how many ONE_TIME and PERIODIC packages expire in a window (GET .../tenants/resources-count)')
    .option('--business <types>', 'comma-separated business types')
    .option('--from <time>', 'RFC 3339, inclusive (default: now)')
    .option('--to <time>', 'RFC 3339, inclusive (default: no end)')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (projectId: string, f: { db?: string; business?: string; from?: string; to?: string }) => {
      await withRuntime(f, async (rt) => {
        const rows = await countExpiringResources(operatorContext(rt), {
          projectId, businessTypes: list(f.business, 'business'), expireStart: f.from, expireEnd: f.to,
        });
        printJson({ resources_count: rows.map(toResourcesCountInfo) });
      });
    });
}
