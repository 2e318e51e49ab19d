// tenant-ledger usage record|reverse|list: the metering verbs from the command line.
import type { Command } from 'commander';
import { listUsageRecords } from '../../services/list-usage-records.js';
import { recordUsage } from '../../services/record-usage.js';
import { reverseUsage } from '../../services/reverse-usage.js';
import { operatorContext } from '../../runtime.js';
import { toUsageRecordInfo } from '../../wire/usage-record.js';
import { printJson } from '../output.js';
import { withRuntime } from '../with-runtime.js';

interface RecordFlags {
  db?: string;
  recordId: string;
  resourceType: string;
  quantity: string;
  business?: string;
  subResourceType?: string;
  occurredAt?: string;
}

export function registerUsageRecordCommands(usage: Command): void {
  usage
    .command('record <project_id>')
    .description('record consumption exactly once (repeating the same --record-id changes nothing)')
    .requiredOption('--record-id <id>', 'idempotency key, unique per project')
    .requiredOption('--resource-type <type>', 'resource type consumed')
    .requiredOption('--quantity <n>', 'quantity, up to 6 decimals')
    .option('--business <type>', 'business type (needed when the type has several)')
    .option('--sub-resource-type <type>', 'draw from a bundle\'s sub-resource packages')
    .option('--occurred-at <time>', 'RFC 3339 time of use (default: now)')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (projectId: string, f: RecordFlags) => {
      await withRuntime(f, async (rt) => {
        const { record, replayed } = await recordUsage(operatorContext(rt), {
          projectId, recordId: f.recordId, resourceType: f.resourceType, quantity: f.quantity,
          businessType: f.business, subResourceType: f.subResourceType, occurredAt: f.occurredAt,
        });
        printJson({ ...toUsageRecordInfo(record), replayed });
      });
    });

  usage
    .command('reverse <project_id> <record_id>')
    .description('give back exactly what a record took')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (projectId: string, recordId: string, f: { db?: string }) => {
      await withRuntime(f, async (rt) => {
        const { record, replayed } = await reverseUsage(operatorContext(rt), { projectId, recordId });
        printJson({ ...toUsageRecordInfo(record), replayed });
      });
    });

  usage
    .command('list <project_id>')
    .description('usage records, newest first')
    .option('--resource-type <type>')
    .option('--from <time>', 'RFC 3339, inclusive')
    .option('--to <time>', 'RFC 3339, exclusive')
    .option('--limit <n>', 'page size (1-1000)', '100')
    .option('--marker <m>', 'next_marker of the previous page')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (projectId: string, f: { db?: string; resourceType?: string; from?: string; to?: string; limit: string; marker?: string }) => {
      await withRuntime(f, async (rt) => {
        const page = await listUsageRecords(operatorContext(rt), { projectId, ...f });
        printJson({ usage_records: page.items.map(toUsageRecordInfo), ...(page.nextMarker ? { next_marker: page.nextMarker } : {}) });
      });
    });
}
