// The tenant-ledger command end to end on a real database file: every verb, its JSON and its exit codes.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sqliteMigrations } from '../../src/storage/sqlite/migrations/index.js';
import { cliJson, runCli } from '../support/cli.js';
import { newProjectId, tempDir } from '../support/ledger.js';

const VECTORS = path.resolve(__dirname, '../fixtures/sdk-signing-vectors.json');
let db: string;
let projectId: string;
const env = () => ({ LEDGER_DB: db });

beforeAll(async () => {
  db = path.join(tempDir(), 'ledger.db');
  projectId = newProjectId();
  await cliJson(['project', 'create', projectId, '--name', 'Acme'], env());
});

describe('tenant-ledger', () => {
  it('migrate reports the applied schema versions', async () => {
    expect(await cliJson(['migrate', '--db', db])).toMatchObject({ applied: sqliteMigrations.map((m) => m.version), pending: [] });
  });

  it('keeps a master key file readable only by its owner beside the database', () => {
    const mode = fs.statSync(path.join(path.dirname(db), 'master.key')).mode & 0o777;
    expect(mode).toBe(0o600);
  });

  it('creates a credential and never stores the secret key in clear text', async () => {
    const c = await cliJson<{ access_key: string; secret_key: string; role: string }>(['credential', 'create', projectId, '--role', 'service'], env());
    expect(c.access_key).toMatch(/^[A-Z0-9]{20}$/);
    expect(c.secret_key).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(c.role).toBe('service');
    const bytes = fs.readFileSync(db).toString('latin1') + fs.readFileSync(`${db}-wal`, { flag: 'a+' }).toString('latin1');
    expect(bytes.includes(c.secret_key)).toBe(false);
  });

  it('grants packages and shows them as the API does', async () => {
    const pkg = await cliJson<{ resource_id: string; unit: string; business_type: string }>(
      ['package', 'grant', projectId, '--resource-type', 'video_time_2d_model', '--amount', '0.1', '--order-id', 'CS1'], env());
    expect(pkg).toMatchObject({ unit: 'MIN', business_type: 'VIDEO_2D', order_id: 'CS1' });
    expect(pkg.resource_id).toMatch(/^[0-9a-f]{32}$/);
    for (let i = 0; i < 2; i++) await cliJson(['package', 'grant', projectId, '--resource-type', 'video_time_2d_model', '--amount', '0.1'], env());
    const shown = await cliJson<{ resources: unknown[] }>(['usage', 'show', projectId, '--json', '--resource', 'video_time_2d_model'], env());
    expect(shown.resources).toEqual([expect.objectContaining({ amount: 0.3, usage: 0, unit: 'MIN', resource_source: 'PURCHASED' })]);
  });

  it('prints a table with a bar per row', async () => {
    const r = await runCli(['usage', 'show', projectId], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/video_time_2d_model .*0 \/ 0\.3 MIN +\[\.{20}\] +0\.0%/);
  });

  it('shows one project as JSON', async () => {
    const shown = await cliJson<{ project_id: string; name: string; status: string }>(['project', 'show', projectId], env());
    expect(shown).toMatchObject({ project_id: projectId, name: 'Acme', status: 'active' });
  });

  it.each([
    [['project', 'show', 'nope'], 3, /does not exist/],
    [['package', 'grant', 'PROJECT', '--resource-type', 'video_time_2d_model', '--amount', '1', '--unit', 'NUM'], 2, /MIN, not NUM/],
    [['package', 'grant', 'PROJECT', '--resource-type', 'video_time_2d_model', '--amount', '1.0000001'], 2, /amount/],
    [['package', 'grant', 'nope', '--resource-type', 'video_time_2d_model', '--amount', '1'], 3, /does not exist/],
    [['project', 'create', 'PROJECT'], 5, /already exists/],
    [['credential', 'create', 'PROJECT', '--role', 'root'], 2, /role/],
    [['usage', 'show', 'PROJECT', '--business', 'BOGUS'], 2, /BOGUS/],
    [['package', 'grant', 'PROJECT', '--amount', '1'], 2, /resource-type/],
  ])('fails clearly: %s', async (args, code, message) => {
    const r = await runCli(args.map((a) => (a === 'PROJECT' ? projectId : a)), env());
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
  });

  it('refuses to start with a bad catalog file, naming the problem', async () => {
    const bad = path.join(tempDir(), 'catalog.json');
    fs.writeFileSync(bad, JSON.stringify({ resource_types: [{ name: 'x', unit: 'LITRES', business_type: 'VIDEO_2D', kind: 'consumable' }] }));
    const r = await runCli(['usage', 'show', projectId], { ...env(), LEDGER_CATALOG: bad });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('LITRES');
  });

  it('accepts operator resource types from LEDGER_CATALOG', async () => {
    const file = path.join(tempDir(), 'catalog.json');
    fs.writeFileSync(file, JSON.stringify({ resource_types: [{ name: 'gpu_hours', unit: 'HOUR', business_type: 'LIVE_2D', kind: 'consumable' }] }));
    const pkg = await cliJson(['package', 'grant', projectId, '--resource-type', 'gpu_hours', '--amount', '5'], { ...env(), LEDGER_CATALOG: file });
    expect(pkg).toMatchObject({ unit: 'HOUR', business_type: 'LIVE_2D' });
  });

  it('signature verify checks every captured vector and explains failures', async () => {
    const ok = await runCli(['signature', 'verify', VECTORS, '--node-legacy-path']);
    const lines = ok.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const expected = JSON.parse(fs.readFileSync(VECTORS, 'utf8')).vectors as Array<{ id: string; expect: string }>;
    expect(lines.map((l) => l.id)).toEqual(expected.map((v) => v.id));
    for (const line of lines) {
      const want = expected.find((v) => v.id === line.id)!.expect;
      expect(line.valid, line.id).toBe(want !== 'valid-only-with-java-query-quirk' && want !== 'invalid');
      expect(typeof line.canonical_request === 'string' || line.canonical_request === null).toBe(true);
    }
    expect(ok.code).toBe(lines.every((l) => l.valid) ? 0 : 1);
    const strict = await runCli(['signature', 'verify', VECTORS]);
    expect(strict.code).toBe(1);
    const refused = strict.stdout.trim().split('\n').map((l) => JSON.parse(l)).find((l) => l.id.startsWith('v06'));
    expect(refused).toMatchObject({ valid: false, reason: expect.any(String) });
  });
});
