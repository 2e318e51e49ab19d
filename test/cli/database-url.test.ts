// The CLI on PostgreSQL: --database-url on every command, migrate, the master key it requires, an unreachable database.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresMigrations } from '../../src/storage/postgres/migrations/index.js';
import { runCli } from '../support/cli.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../support/postgres.js';

const KEY = 'ab'.repeat(32);

describe.skipIf(!postgresAvailable)('tenant-ledger --database-url', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('offers --database-url wherever --db is offered', async () => {
    for (const command of [['migrate'], ['serve'], ['project', 'create'], ['usage', 'record'], ['ledger', 'check'], ['export'], ['import']]) {
      const help = await runCli([...command, '--help']);
      expect(help.stdout, command.join(' ')).toContain('--db <file>');
      expect(help.stdout, command.join(' ')).toContain('--database-url <url>');
    }
  });

  it('migrates a new database and reports where, without the password', async () => {
    const url = new URL(db.url);
    url.password = 'not-checked-under-trust-auth';
    const r = await runCli(['migrate', '--database-url', url.toString()], { LEDGER_MASTER_KEY: KEY });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { database: string; applied: number[]; pending: number[] };
    expect(report).toMatchObject({ applied: postgresMigrations.map((m) => m.version), pending: [] });
    expect(report.database).toContain(db.name);
    expect(report.database).not.toContain('not-checked');
  });

  it('requires LEDGER_MASTER_KEY, since no key file can live beside a PostgreSQL database', async () => {
    const r = await runCli(['project', 'create', 'p1', '--database-url', db.url], { LEDGER_MASTER_KEY: '' });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('LEDGER_MASTER_KEY');
  });

  it('exits 7 at once when the database cannot be reached', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const started = Date.now();
    const r = await runCli(['project', 'list', '--database-url', `postgres://postgres@127.0.0.1:${port}/none`], { LEDGER_MASTER_KEY: KEY });
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/database is unavailable/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
