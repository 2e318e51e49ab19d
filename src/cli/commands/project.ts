// tenant-ledger project create|set|list: manage tenant projects.
import type { Command } from 'commander';
import { operatorContext } from '../../runtime.js';
import { createProject } from '../../services/create-project.js';
import { showProject } from '../../services/show-project.js';
import { listProjects } from '../../services/list-projects.js';
import { updateProject } from '../../services/update-project.js';
import { toProjectInfo } from '../../wire/project-info.js';
import { printJson } from '../output.js';
import { withRuntime } from '../with-runtime.js';

export function registerProjectCommands(program: Command): void {
  const project = program.command('project').description('manage tenant projects');
  project
    .command('create <project_id>')
    .description('create a project (tenant)')
    .option('--name <name>', 'display name (default: the project id)')
    .option('--parent <project_id>', 'the service provider this project is a customer of')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (projectId: string, opts: { name?: string; parent?: string; db?: string }) => {
      await withRuntime(opts, async (rt) => {
        const row = await createProject(operatorContext(rt), { projectId, name: opts.name, parentProjectId: opts.parent });
        printJson(toProjectInfo(row));
      });
    });
  project
    .command('set <project_id>')
    .description('change a project')
    .option('--name <name>', 'display name')
    .option('--status <status>', 'active | disabled')
    .option('--on-demand-overflow <types>', 'resource types whose uncovered remainder is billed pay-per-use (comma-separated, "" for none)')
    .option('--parent <project_id>', 'the service provider this project is a customer of, or "none"')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (projectId: string, opts: { name?: string; status?: string; onDemandOverflow?: string; parent?: string; db?: string }) => {
      await withRuntime(opts, async (rt) => {
        const overflow = opts.onDemandOverflow === undefined ? undefined
          : opts.onDemandOverflow.split(',').map((t) => t.trim()).filter(Boolean);
        const parentProjectId = opts.parent === undefined ? undefined : opts.parent === 'none' ? null : opts.parent;
        const row = await updateProject(operatorContext(rt), {
          projectId, name: opts.name, status: opts.status, onDemandOverflow: overflow, parentProjectId,
        });
        printJson(toProjectInfo(row));
      });
    });
  project
    .command('show <project_id>')
    .description('one project: name, status, pay-per-use overflow, service provider')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (projectId: string, opts: { db?: string }) => {
      await withRuntime(opts, async (rt) => printJson(toProjectInfo(await showProject(operatorContext(rt), projectId))));
    });
  project
    .command('list')
    .description('list projects in id order')
    .option('--limit <n>', 'page size (1-1000)', '100')
    .option('--marker <m>', 'next_marker of the previous page')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (opts: { limit: string; marker?: string; db?: string }) => {
      await withRuntime(opts, async (rt) => {
        const page = await listProjects(operatorContext(rt), opts);
        printJson({ projects: page.items.map(toProjectInfo), ...(page.nextMarker ? { next_marker: page.nextMarker } : {}) });
      });
    });
}
