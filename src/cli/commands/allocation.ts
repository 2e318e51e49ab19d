// tenant-ledger allocation create|reclaim|list: a service provider's allocations to its customers.
import type { Command } from 'commander';
import { quantityToJsonNumber } from '../../domain/quantity.js';
import { operatorContext } from '../../runtime.js';
import { allocatePackage } from '../../services/allocate-package.js';
import { listAllocations } from '../../services/list-allocations.js';
import { reclaimAllocation } from '../../services/reclaim-allocation.js';
import { toAllocationInfo } from '../../wire/allocation.js';
import { printJson } from '../output.js';
import { withRuntime } from '../with-runtime.js';

interface CreateFlags {
  db?: string;
  customer: string;
  resourceId: string;
  amount: string;
  expires?: string;
}

export function registerAllocationCommands(program: Command): void {
  const allocation = program.command('allocation').description("move parts of a service provider's packages to its customers");
  allocation
    .command('create <sp_project_id>')
    .description('move --amount of the provider\'s package into a new SP_ALLOCATED package of the customer')
    .requiredOption('--customer <project_id>', 'the customer (its parent must be the provider)')
    .requiredOption('--resource-id <id>', "the provider's package")
    .requiredOption('--amount <n>', 'quantity to move, at most what the package has left')
    .option('--expires <time>', "RFC 3339 expiry (default and latest: the provider's package expiry)")
    .option('--db <file>', 'SQLite ledger file')
    .action(async (spProjectId: string, f: CreateFlags) => {
      await withRuntime(f, async (rt) => {
        const row = await allocatePackage(operatorContext(rt), {
          projectId: spProjectId, customerProjectId: f.customer, resourceId: f.resourceId, amount: f.amount, expireTime: f.expires,
        });
        printJson(toAllocationInfo(row));
      });
    });

  allocation
    .command('reclaim <sp_project_id> <allocation_id>')
    .description('give the unused rest of an allocation back to the provider\'s package (repeating it is safe)')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (spProjectId: string, allocationId: string, f: { db?: string }) => {
      await withRuntime(f, async (rt) => {
        const { allocation: row, reclaimed } = await reclaimAllocation(operatorContext(rt), { projectId: spProjectId, allocationId });
        printJson({ ...toAllocationInfo(row), reclaimed_quantity: quantityToJsonNumber(reclaimed) });
      });
    });

  allocation
    .command('list <sp_project_id>')
    .description("the provider's allocations, oldest first")
    .option('--customer <project_id>', 'only those to this customer')
    .option('--limit <n>', 'page size (1-1000)', '100')
    .option('--offset <n>', 'rows to skip', '0')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (spProjectId: string, f: { db?: string; customer?: string; limit: string; offset: string }) => {
      await withRuntime(f, async (rt) => {
        const { total, allocations } = await listAllocations(operatorContext(rt), {
          projectId: spProjectId, customerProjectId: f.customer, limit: f.limit, offset: f.offset,
        });
        printJson({ count: total, allocations: allocations.map(toAllocationInfo) });
      });
    });
}
