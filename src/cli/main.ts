// The tenant-ledger command: every operator verb, over the same services the HTTP API uses.
import { Command, CommanderError } from 'commander';
import { addDatabaseUrlOption } from './database-option.js';
import { reportError } from './output.js';
import { registerAllocationCommands } from './commands/allocation.js';
import { registerAuditCommand } from './commands/audit.js';
import { registerCredentialCommands } from './commands/credential.js';
import { registerLedgerCommands } from './commands/ledger.js';
import { registerMigrate } from './commands/migrate.js';
import { registerPackageCommands } from './commands/package.js';
import { registerProjectCommands } from './commands/project.js';
import { registerRequest } from './commands/request.js';
import { registerServe } from './commands/serve.js';
import { registerSignatureCommands } from './commands/signature.js';
import { registerTransferCommands } from './commands/transfer.js';
import { registerUsageCommands } from './commands/usage.js';
import { registerUserCommands } from './commands/user.js';

export function buildProgram(): Command {
  const program = new Command('tenant-ledger')
    .description('Ledger of tenant resource packages behind the MetaStudio tenant resource-usage API')
    .exitOverride()
    .showHelpAfterError();
  registerServe(program);
  registerMigrate(program);
  registerProjectCommands(program);
  registerCredentialCommands(program);
  registerUserCommands(program);
  registerPackageCommands(program);
  registerAllocationCommands(program);
  registerUsageCommands(program);
  registerLedgerCommands(program);
  registerAuditCommand(program);
  registerRequest(program);
  registerSignatureCommands(program);
  registerTransferCommands(program);
  addDatabaseUrlOption(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    process.exitCode = reportError(err);
  }
}

// `tenant-ledger ... | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

await main(process.argv);
