// tenant-ledger package grant|freeze|unfreeze|adjust: grant and change resource packages.
import type { Command } from 'commander';
import { operatorContext } from '../../runtime.js';
import { grantPackage } from '../../services/grant-package.js';
import { updatePackage, type UpdatePackageInput } from '../../services/update-package.js';
import { toPackageInfo } from '../../wire/package-info.js';
import { printJson } from '../output.js';
import { registerPackageQueries } from './package-queries.js';
import { withRuntime } from '../with-runtime.js';

interface GrantFlags {
  db?: string;
  resourceType: string;
  amount: string;
  usage?: string;
  business?: string;
  chargingMode?: string;
  source?: string;
  unit?: string;
  subResourceType?: string;
  effective?: string;
  expires?: string;
  orderId?: string;
}

export function registerPackageCommands(program: Command): void {
  const pkg = program.command('package').description('manage resource packages');
  pkg
    .command('grant <project_id>')
    .description('grant a package; a bundle type (e.g. Flexus) also creates its sub-resource packages')
    .requiredOption('--resource-type <type>', 'resource type from the catalog')
    .requiredOption('--amount <n>', 'total quantity, up to 6 decimals, at most 1000000')
    .option('--usage <n>', 'quantity already used (importing from another system)')
    .option('--business <type>', 'business type (default: from the catalog)')
    .option('--charging-mode <mode>', 'ONE_TIME | PERIODIC | ON_DEMAND', 'ONE_TIME')
    .option('--source <source>', 'PURCHASED | SP_ALLOCATED | ADMIN_ALLOCATED', 'PURCHASED')
    .option('--unit <unit>', 'unit (default: from the catalog; a contradicting unit is refused)')
    .option('--sub-resource-type <type>', 'grant one sub-resource of a bundle type on its own')
    .option('--effective <time>', 'RFC 3339 start (default: now)')
    .option('--expires <time>', 'RFC 3339 end (default: a year for ONE_TIME, a month for PERIODIC)')
    .option('--order-id <id>', 'order id shown to the tenant')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (projectId: string, f: GrantFlags) => {
      await withRuntime(f, async (rt) => {
        const [parent, ...parts] = await grantPackage(operatorContext(rt), {
          projectId, resourceType: f.resourceType, amount: f.amount, usage: f.usage, businessType: f.business,
          chargingMode: f.chargingMode, source: f.source, unit: f.unit, subResourceType: f.subResourceType,
          effectiveAt: f.effective, expiresAt: f.expires, orderId: f.orderId,
        });
        const out = parts.length > 0 ? { ...toPackageInfo(parent!), sub_resources: parts.map(toPackageInfo) } : toPackageInfo(parent!);
        printJson({ project_id: projectId, ...out });
      });
    });
  registerPackageChanges(pkg);
  registerPackageQueries(pkg);
}

type Change = Omit<UpdatePackageInput, 'projectId' | 'resourceId'>;

function registerChange(pkg: Command, name: string, description: string, change: (f: AdjustFlags) => Change): Command {
  return pkg
    .command(`${name} <project_id> <resource_id>`)
    .description(description)
    .option('--db <file>', 'SQLite ledger file')
    .action(async (projectId: string, resourceId: string, f: AdjustFlags) => {
      await withRuntime(f, async (rt) => {
        const row = await updatePackage(operatorContext(rt), { projectId, resourceId, ...change(f) });
        printJson({ project_id: projectId, ...toPackageInfo(row) });
      });
    });
}

interface AdjustFlags {
  db?: string;
  amount?: string;
  reason?: string;
  expires?: string;
  assetId?: string;
  assetName?: string;
}

export function registerPackageChanges(pkg: Command): void {
  registerChange(pkg, 'freeze', 'freeze a package: it stops counting and cannot be drawn from', () => ({ status: 1 }));
  registerChange(pkg, 'unfreeze', 'unfreeze a package', () => ({ status: 0 }));
  registerChange(pkg, 'adjust', 'change the amount (with a reason), the expiry or the bound asset of a package', (f) => ({
    amount: f.amount, reason: f.reason, expireTime: f.expires === 'never' ? null : f.expires,
    boundAsset: f.assetId === undefined ? undefined
      : f.assetId === 'none' ? null : { asset_id: f.assetId, asset_name: f.assetName ?? '' },
  }))
    .option('--amount <n>', 'new total amount (not below what is used)')
    .option('--reason <text>', 'why the amount changes (required with --amount)')
    .option('--expires <time>', 'new RFC 3339 expiry, or "never"')
    .option('--asset-id <id>', 'bind the package to the asset it trained, or "none" to unbind')
    .option('--asset-name <name>', 'the bound asset\'s name (with --asset-id)');
}
