// `npm start` on an empty ledger: a demo tenant, its keys, and a printed command that works as printed; one tenant only
// when several servers start with --demo on one new PostgreSQL database.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServerProcess, type RunningServer } from '../support/cli.js';
import { tempDir } from '../support/ledger.js';
import { createTestDatabase, postgresAvailable } from '../support/postgres.js';

let server: RunningServer;
let dir: string;

beforeAll(async () => {
  dir = tempDir();
  server = await startServerProcess(['--demo'], { LEDGER_DB: path.join(dir, 'data', 'ledger.db') });
});
afterAll(async () => {
  await server?.stop();
});

describe('serve --demo', () => {
  it('creates the database folder and an owner-only key file, and says so', () => {
    expect(fs.existsSync(path.join(dir, 'data', 'ledger.db'))).toBe(true);
    expect(fs.statSync(path.join(dir, 'data', 'master.key')).mode & 0o777).toBe(0o600);
    expect(server.stderr()).toContain('created the key file');
  });

  it('prints a ready-to-paste command that returns the demo rows', async () => {
    const line = server.stderr().split('\n').find((l) => l.includes('npx tenant-ledger request'))!;
    const m = /LEDGER_AK=(\S+) LEDGER_SK=(\S+) npx tenant-ledger request GET (\S+)/.exec(line);
    expect(m).not.toBeNull();
    const r = await runCli(['request', 'GET', m![3]!], { LEDGER_AK: m![1]!, LEDGER_SK: m![2]! });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/HTTP 200 X-Request-Id: [0-9a-f]{32}/);
    const rows = JSON.parse(r.stdout).resources as Array<Record<string, unknown>>;
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows).toContainEqual(expect.objectContaining({ resource_type: 'video_time_2d_model', resource_source: 'PURCHASED', amount: 6000, usage: 100.5 }));
    expect(rows.filter((r) => r.is_sub_resource === true)).toHaveLength(3);
  });

  it('does not add demo data to a ledger that already has projects', async () => {
    const again = await startServerProcess(['--demo'], { LEDGER_DB: path.join(dir, 'data', 'ledger.db') });
    await again.stop();
    expect(again.stderr()).not.toContain('Demo tenant created');
  });
});

describe.skipIf(!postgresAvailable)('serve --demo by four servers at once on one new PostgreSQL database', () => {
  it('creates one demo tenant, announced by exactly one of them', async () => {
    const db = await createTestDatabase();
    const env = { LEDGER_MASTER_KEY: crypto.randomBytes(32).toString('hex') };
    const servers = await Promise.all(Array.from({ length: 4 }, () => startServerProcess(['--demo', '--database-url', db.url], env)));
    try {
      expect(servers.filter((s) => s.stderr().includes('Demo tenant created'))).toHaveLength(1);
      const listed = await runCli(['project', 'list', '--database-url', db.url], env);
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.stdout).projects).toHaveLength(1);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      await db.drop();
    }
  }, 60_000);
});
