// Gives every command that takes --db a --database-url too, so each one works on PostgreSQL as well.
import type { Command } from 'commander';

export function addDatabaseUrlOption(command: Command): void {
  for (const sub of command.commands) {
    const has = (flag: string) => sub.options.some((o) => o.long === flag);
    if (has('--db') && !has('--database-url')) {
      sub.option('--database-url <url>', 'PostgreSQL ledger, postgres://user@host:port/db (default $DATABASE_URL; instead of --db)');
    }
    addDatabaseUrlOption(sub);
  }
}
