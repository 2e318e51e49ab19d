// tenant-ledger user create|disable|enable|passwd: users who sign in with a password for an IAM-style token.
import type { Command } from 'commander';
import { invalidParameter } from '../../domain/errors.js';
import { operatorContext } from '../../runtime.js';
import { changePassword } from '../../services/change-password.js';
import { createUser } from '../../services/create-user.js';
import { setUserStatus } from '../../services/set-user-status.js';
import { toUserInfo } from '../../wire/user-info.js';
import { printJson } from '../output.js';
import { readSecretFromStdin } from '../read-stdin.js';
import { withRuntime } from '../with-runtime.js';

interface PasswordFlags {
  passwordStdin?: boolean;
  db?: string;
}

/** Passwords come only on standard input: an argument would show in `ps` and the shell history. */
async function passwordFrom(opts: PasswordFlags): Promise<string> {
  if (!opts.passwordStdin) throw invalidParameter('give the password on standard input with --password-stdin');
  return readSecretFromStdin('password');
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('manage users who sign in with a password (POST /v3/auth/tokens)');
  user
    .command('create <project_id> <name>')
    .description('create a user of the project; the password is read from standard input')
    .option('--role <role>', 'tenant | admin', 'tenant')
    .option('--domain <name>', 'the IAM domain (account) name (default: the project id)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (projectId: string, name: string, opts: PasswordFlags & { role: string; domain?: string }) => {
      const password = await passwordFrom(opts);
      await withRuntime(opts, async (rt) => {
        const row = await createUser(operatorContext(rt), { projectId, name, password, role: opts.role, domain: opts.domain });
        printJson(toUserInfo(row));
      });
    });
  for (const [verb, status, what] of [['disable', 'disabled', 'disable a user; the tokens it holds stop working at once'],
    ['enable', 'active', 'enable a disabled user again (tokens issued before stay invalid)']] as const) {
    user
      .command(`${verb} <project_id> <name>`)
      .description(what)
      .option('--db <file>', 'SQLite ledger file')
      .action(async (projectId: string, name: string, opts: { db?: string }) => {
        await withRuntime(opts, async (rt) => printJson(toUserInfo(await setUserStatus(operatorContext(rt), { projectId, name, status }))));
      });
  }
  user
    .command('passwd <project_id> <name>')
    .description("set a user's password (read from standard input); tokens issued before stop working")
    .option('--password-stdin', 'read the password from standard input')
    .option('--db <file>', 'SQLite ledger file')
    .action(async (projectId: string, name: string, opts: PasswordFlags) => {
      const password = await passwordFrom(opts);
      await withRuntime(opts, async (rt) => printJson(toUserInfo(await changePassword(operatorContext(rt), { projectId, name, password }))));
    });
}
