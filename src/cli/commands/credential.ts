// tenant-ledger credential create|revoke: issue an AK/SK (the SK is shown only then) or revoke one.
import type { Command } from 'commander';
import { operatorContext } from '../../runtime.js';
import { createCredential } from '../../services/create-credential.js';
import { revokeCredential } from '../../services/revoke-credential.js';
import { printJson } from '../output.js';
import { withRuntime } from '../with-runtime.js';

export function registerCredentialCommands(program: Command): void {
  const credential = program.command('credential').description('manage access keys');
  credential
    .command('create <project_id>')
    .description('create an access key / secret key pair; the secret key is printed once')
    .option('--role <role>', 'tenant | service | admin', 'tenant')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (projectId: string, opts: { role: string; db?: string }) => {
      await withRuntime(opts, async (rt) => {
        const c = await createCredential(operatorContext(rt), { projectId, role: opts.role });
        printJson({ access_key: c.accessKey, secret_key: c.secretKey, project_id: c.projectId, role: c.role });
      });
    });
  credential
    .command('revoke <access_key>')
    .description('revoke an access key; its next request is refused')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (accessKey: string, opts: { db?: string }) => {
      await withRuntime(opts, async (rt) => {
        await revokeCredential(operatorContext(rt), accessKey);
        printJson({ access_key: accessKey, status: 'disabled' });
      });
    });
}
