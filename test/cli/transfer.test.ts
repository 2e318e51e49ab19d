// tenant-ledger export | import: SQLite to PostgreSQL and back, verified on both sides; refusals leave the target untouched.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocatePackage } from '../../src/services/allocate-package.js';
import { createUser } from '../../src/services/create-user.js';
import { recordUsage } from '../../src/services/record-usage.js';
import { reverseUsage } from '../../src/services/reverse-usage.js';
import { updatePackage } from '../../src/services/update-package.js';
import { updateProject } from '../../src/services/update-project.js';
import { transferTables } from '../../src/storage/transfer.js';
import { BIN, runCli } from '../support/cli.js';
import { createTestLedger, tempDir, type TestLedger } from '../support/ledger.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../support/postgres.js';

const VIDEO = 'video_time_2d_model';

/** A small ledger with a row in every table: projects with a parent, credentials, a user, grants, an allocation, records. */
async function seed(ledger: TestLedger): Promise<void> {
  const sp = await ledger.addProject('sp-project');
  const customer = await ledger.addProject('customer-project');
  await updateProject(ledger.ctx, { projectId: customer, parentProjectId: sp, onDemandOverflow: [VIDEO] });
  await ledger.addCredential(sp, 'admin');
  await ledger.addCredential(customer, 'tenant');
  await createUser(ledger.ctx, { projectId: customer, name: 'alice', password: 'correct horse battery staple' });
  const [video] = await ledger.grant(sp, { resourceType: VIDEO, amount: '100.5' });
  await ledger.grant(sp, { resourceType: 'hws.resource.type.metastudio.modeling.flexus.avatar.number', amount: '2' });
  await allocatePackage(ledger.ctx, { projectId: sp, customerProjectId: customer, resourceId: video!.resourceId, amount: '10' });
  for (let i = 0; i < 30; i++) await recordUsage(ledger.ctx, { projectId: sp, recordId: `r-${i}`, resourceType: VIDEO, quantity: '0.1' });
  await recordUsage(ledger.ctx, { projectId: customer, recordId: 'over', resourceType: VIDEO, quantity: '12' });
  await reverseUsage(ledger.ctx, { projectId: sp, recordId: 'r-3' });
  await updatePackage(ledger.ctx, { projectId: sp, resourceId: video!.resourceId, status: 1 });
}

type Line = { format?: string; table?: string; row?: Record<string, unknown>; end?: unknown; totals?: unknown };
const parse = (dump: string): Line[] => dump.trim().split('\n').map((l) => JSON.parse(l) as Line);
const rowsOf = (dump: string) => parse(dump).filter((l) => l.table);

/** The first package's amount raised by one micro-unit, its line otherwise intact. */
function tamperFirstPackage(dump: string): string {
  const lines = dump.split('\n');
  const i = lines.findIndex((l) => l.includes('"table":"packages"'));
  const line = JSON.parse(lines[i]!) as { row: { amount: string } };
  line.row.amount = String(BigInt(line.row.amount) + 1n);
  lines[i] = JSON.stringify(line);
  return lines.join('\n');
}

describe.skipIf(!postgresAvailable)('export and import between SQLite and PostgreSQL', () => {
  let source: TestLedger;
  let pg: TestDatabase;
  let sqliteDump: string;
  const env = { LEDGER_QUIET: '1' };

  beforeAll(async () => {
    source = await createTestLedger(new Date());
    await seed(source);
    pg = await createTestDatabase();
  });
  afterAll(async () => {
    await source?.close();
    await pg?.drop();
  });

  it('exports every table of the SQLite ledger with a header and a closing line, and verifies it', async () => {
    const r = await runCli(['export', '--db', source.dbPath], env);
    expect(r.stderr).toMatch(/verified: counts, amounts, usages and journal totals match/);
    expect(r.code).toBe(0);
    sqliteDump = r.stdout;
    const lines = parse(sqliteDump);
    expect(lines[0]).toMatchObject({ format: 'tenant-ledger-dump', version: 1, backend: 'sqlite' });
    expect(lines.at(-1)).toHaveProperty('end');
    expect(new Set(transferTables.map((t) => t.name)).size).toBe(transferTables.length);
    const tables = new Set(rowsOf(sqliteDump).map((l) => l.table));
    expect([...tables].sort()).toEqual(transferTables.map((t) => t.name).sort());
    // Progress bars are for terminals only: nothing but the summary on a piped stderr.
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('imports it into an empty PostgreSQL database and verifies both sides add up the same', async () => {
    const r = await runCli(['import', '--database-url', pg.url], env, sqliteDump);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { verified: boolean; mismatches: string[]; rows: Record<string, number> };
    expect(report.verified).toBe(true);
    expect(report.mismatches).toEqual([]);
    expect(report.rows.journal).toBeGreaterThan(30);
  });

  it('holds exactly the same rows on PostgreSQL (exported again, row for row)', async () => {
    const r = await runCli(['export', '--database-url', pg.url], env);
    expect(r.code, r.stderr).toBe(0);
    expect(parse(r.stdout)[0]).toMatchObject({ backend: 'postgres' });
    expect(rowsOf(r.stdout)).toEqual(rowsOf(sqliteDump));
    const check = await runCli(['ledger', 'check', '--database-url', pg.url], { ...env, LEDGER_MASTER_KEY: source.masterKeyHex });
    expect(JSON.parse(check.stdout)).toEqual({ ok: true, overdrawn_packages: 0, mismatches: [] });
  });

  it('shows the same usage on both backends, and new ids continue after the imported ones', async () => {
    const show = (args: string[]) => runCli(['usage', 'show', 'sp-project', '--json', ...args], { ...env, LEDGER_MASTER_KEY: source.masterKeyHex });
    const [onSqlite, onPg] = await Promise.all([show(['--db', source.dbPath]), show(['--database-url', pg.url])]);
    expect(onPg.code, onPg.stderr).toBe(0);
    expect(JSON.parse(onPg.stdout)).toEqual(JSON.parse(onSqlite.stdout));
    const grant = await runCli(['package', 'grant', 'sp-project', '--resource-type', VIDEO, '--amount', '1', '--database-url', pg.url],
      { ...env, LEDGER_MASTER_KEY: source.masterKeyHex });
    expect(grant.code, grant.stderr).toBe(0);
    const record = await runCli(['usage', 'record', 'sp-project', '--record-id', 'after-import', '--resource-type', VIDEO, '--quantity', '1',
      '--database-url', pg.url], { ...env, LEDGER_MASTER_KEY: source.masterKeyHex });
    expect(record.code, record.stderr).toBe(0);
    // The sequences continue after the largest imported id, so journal order and usage-record markers stay right.
    const maxOf = (dump: string, table: string, column: string) =>
      Math.max(...rowsOf(dump).filter((l) => l.table === table).map((l) => l.row![column] as number));
    const after = (await runCli(['export', '--database-url', pg.url], env)).stdout;
    for (const [table, column] of [['journal', 'entry_id'], ['audit', 'audit_id'], ['usage_records', 'seq']] as const) {
      const added = rowsOf(after).filter((l) => l.table === table).length - rowsOf(sqliteDump).filter((l) => l.table === table).length;
      expect(added, table).toBeGreaterThan(0);
      expect(maxOf(after, table, column), table).toBe(maxOf(sqliteDump, table, column) + added);
    }
  });

  it('moves the PostgreSQL ledger back into a new SQLite file, verified', async () => {
    const exported = await runCli(['export', '--database-url', pg.url], env);
    expect(exported.code, exported.stderr).toBe(0);
    const file = path.join(tempDir(), 'back.db');
    const imported = await runCli(['import', '--db', file], env, exported.stdout);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ verified: true, mismatches: [] });
    const again = await runCli(['export', '--db', file], env);
    expect(rowsOf(again.stdout)).toEqual(rowsOf(exported.stdout));
  });

  it('refuses to import into a ledger that is not empty, changing nothing', async () => {
    const before = await runCli(['export', '--database-url', pg.url], env);
    const r = await runCli(['import', '--database-url', pg.url], env, sqliteDump);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/not empty/);
    const after = await runCli(['export', '--database-url', pg.url], env);
    expect(rowsOf(after.stdout)).toEqual(rowsOf(before.stdout));
  });

  it.each([
    ['cut short (no closing line)', (d: string) => d.trim().split('\n').slice(0, -1).join('\n') + '\n', /cut short/],
    ['tampered with (an amount changed)', tamperFirstPackage, /verification failed/],
    ['missing a row', (d: string) => d.split('\n').filter((l, i) => !(i > 0 && l.includes('"table":"journal"') && l.includes('"entry_id":5,'))).join('\n'), /verification failed/],
    ['not a dump', () => 'hello\n', /not a tenant-ledger-dump/],
    ['a row with an unknown column', (d: string) => d.replace('"name":"alice"', '"name":"alice","nickname":"al"'), /no column nickname/],
  ])('refuses a dump that is %s and leaves the target empty', async (_label, mangle, message) => {
    const mangled = mangle(sqliteDump);
    expect(mangled).not.toBe(sqliteDump);
    const db = await createTestDatabase();
    try {
      const r = await runCli(['import', '--database-url', db.url], env, mangled);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(message);
      const dump = await runCli(['export', '--database-url', db.url], env);
      expect(rowsOf(dump.stdout)).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  it('draws a progress bar on standard error when it is a terminal', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'dump.jsonl');
    // script(1) gives the command a pseudo-terminal; standard output still goes to the file.
    const screen = await new Promise<string>((resolve, reject) => execFile('script', ['-qec',
      `${process.execPath} ${BIN} export --db ${source.dbPath} > ${out}`, '/dev/null'], { env: { ...process.env, ...env } },
    (err, stdout) => (err ? reject(err) : resolve(stdout))));
    expect(screen).toMatch(/export \[.*\] 100% \| \d+\/\d+ rows/);
    expect(rowsOf(fs.readFileSync(out, 'utf8'))).toEqual(rowsOf(sqliteDump));
  });
});
