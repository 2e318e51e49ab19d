// tenant-ledger project create: register a tenant project.
import type { Command } from 'commander';
import { operatorContext } from '../../runtime.js';
import { createProject } from '../../services/create-project.js';
import { printJson } from '../output.js';
import { withRuntime } from '../with-runtime.js';

export function registerProjectCommands(program: Command): void {
  const project = program.command('project').description('manage tenant projects');
  project
    .command('create <project_id>')
    .description('create a project (tenant)')
    .option('--name <name>', 'display name (default: the project id)')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (projectId: string, opts: { name?: string; db?: string }) => {
      await withRuntime(opts, async (rt) => {
        const row = await createProject(operatorContext(rt), { projectId, name: opts.name });
        printJson({ project_id: row.projectId, name: row.name, status: row.status, created_at: row.createdAt.toISOString() });
      });
    });
}
