// tenant-ledger usage show: the resources-usage rows of a project, as the API returns them.
import type { Command } from 'commander';
import { parseListParam } from '../../domain/list-param.js';
import { operatorContext } from '../../runtime.js';
import { showResourceUsage } from '../../services/show-resource-usage.js';
import { toResourceUsageInfo } from '../../wire/resource-usage.js';
import { printJson } from '../output.js';
import { renderUsageTable } from '../usage-table.js';
import { withRuntime } from '../with-runtime.js';
import { registerUsageRecordCommands } from './usage-records.js';

export function registerUsageCommands(program: Command): void {
  const usage = program.command('usage').description('inspect usage');
  usage
    .command('show <project_id>')
    .description('show the resources-usage rows of a project')
    .option('--resource <types>', 'resource types, comma-separated')
    .option('--business <types>', 'business types, comma-separated')
    .option('--json', 'print the API response body as JSON')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (projectId: string, opts: { resource?: string; business?: string; json?: boolean; db?: string }) => {
      await withRuntime(opts, async (rt) => {
        const rows = await showResourceUsage(operatorContext(rt), {
          projectId,
          resourceTypes: parseListParam(opts.resource, 'resource'),
          businessTypes: parseListParam(opts.business, 'business'),
        });
        const resources = rows.map(toResourceUsageInfo);
        if (opts.json) printJson({ resources });
        else process.stdout.write(renderUsageTable(resources));
      });
    });
  registerUsageRecordCommands(usage);
}
