// tenant-ledger audit: the audit trail, newest first, as JSON.
import type { Command } from 'commander';
import { operatorContext } from '../../runtime.js';
import { listAudit } from '../../services/list-audit.js';
import { toAuditEntryInfo } from '../../wire/audit-entry.js';
import { printJson } from '../output.js';
import { withRuntime } from '../with-runtime.js';

export function registerAuditCommand(program: Command): void {
  program
    .command('audit')
    .description('list who changed which credential, user, package or project, when and from where (newest first)')
    .option('--project <project_id>', 'only this project')
    .option('--limit <n>', 'page size (1-1000)', '100')
    .option('--marker <m>', 'next_marker of the previous page')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (opts: { project?: string; limit: string; marker?: string; db?: string }) => {
      await withRuntime(opts, async (rt) => {
        const page = await listAudit(operatorContext(rt), { projectId: opts.project, limit: opts.limit, marker: opts.marker });
        printJson({ entries: page.items.map(toAuditEntryInfo), ...(page.nextMarker ? { next_marker: page.nextMarker } : {}) });
      });
    });
}
